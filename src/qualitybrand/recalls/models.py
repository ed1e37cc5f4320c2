"""Models of the recalls app (supervision.md)."""
