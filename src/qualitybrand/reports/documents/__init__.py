"""One module per document kind; each registers itself with `reports.kinds.register` (see kinds.py)."""
