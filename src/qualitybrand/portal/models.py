"""Models of the portal app (built by its issue)."""
