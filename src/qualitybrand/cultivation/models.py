"""Models of the cultivation app (built by its issue)."""
