"""Models of the credit app (credit.md)."""
