#!/usr/bin/env python3
"""Builds core/data/admin_divisions/divisions.csv.gz from the four CSV files of
modood/Administrative-divisions-of-China (统计用区划代码, see that folder's README.md).

    scripts/build_divisions.py /work/shared/data/admin-divisions

One line per region, `code,name`, codes as GB/T 2260 uses them: provinces and prefecture-level
cities padded to six digits (62 → 620000, 6205 → 620500), counties six digits, towns and streets
nine. A county line whose code is its city's own code (东莞市 441900: no county level) is dropped,
its towns then hang under the city. The output is deterministic (sorted, gzip without a time stamp).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src/qualitybrand/core/data/admin_divisions/divisions.csv.gz"


def main(source: Path) -> int:
    rows: dict[str, str] = {}
    for name, pad in (("provinces", 4), ("cities", 2), ("areas", 0), ("streets", 0)):
        with (source / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            for record in csv.DictReader(fh):
                code = record["code"].strip() + "0" * pad
                if code not in rows:
                    rows[code] = record["name"].strip()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["code", "name"])
    for code in sorted(rows):
        writer.writerow([code, rows[code]])
    OUT.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT}: {len(rows)} regions, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1])))
