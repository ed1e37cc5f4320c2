"""Models of the campaigns app (supervision.md)."""
