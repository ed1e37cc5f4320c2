"""Models of the alerts app (warnings.md)."""
