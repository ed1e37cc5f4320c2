"""Models of the tracing app (supervision.md)."""
