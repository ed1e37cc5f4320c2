"""Models of the planning app (built by its issue)."""
