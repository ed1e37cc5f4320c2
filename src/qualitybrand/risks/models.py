"""Models of the risks app (supervision.md)."""
