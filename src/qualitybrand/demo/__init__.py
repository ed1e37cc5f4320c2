"""The demo city (demo.md): 天水市 and its seven districts and counties, 2010–2014.

`generator.generate()` is pure (no database): it returns the rows of every ledger, keyed by
the canonical Chinese headers of ledgers.md, from a fixed seed. `writer.write_ledgers()` feeds
them to the ledger engine; `loader.load_demo()` is what `qualitybrand load_demo` runs.
"""
