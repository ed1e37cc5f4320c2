"""Models of the complaints app (supervision.md)."""
