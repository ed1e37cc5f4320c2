"""Generates ledger files for bench_ledgers: entities and trademarks (.xlsx / .csv) of N rows."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

REGIONS = ["620502", "620503", "620521", "620522", "620523", "620524", "620525"]
ENTITY_HEAD = ["统一社会信用代码", "名称", "主体类型", "区划代码", "行业代码", "成立日期", "规模"]
TM_HEAD = ["注册号", "商标名称", "国际分类", "注册人统一社会信用代码", "申请日期", "注册日期"]


def uscc(n: int, region: str) -> str:
    from qualitybrand.core.codes import make_uscc

    return make_uscc("91", region, f"{n:08d}")


def entity_rows(n: int, seed: int = 1):
    rnd = random.Random(seed)
    base = dt.date(1990, 1, 1)
    for i in range(n):
        region = REGIONS[i % len(REGIONS)]
        yield [uscc(i + 1, region), f"天水测试企业{i + 1}有限公司", "企业", region, rnd.choice(["C", "13", "2611", "F"]),
               (base + dt.timedelta(days=rnd.randrange(12000))).isoformat(), rnd.choice(["大型", "中型", "小型", "微型"])]


def trademark_rows(n: int, entities: int, seed: int = 2):
    rnd = random.Random(seed)
    base = dt.date(2000, 1, 1)
    for i in range(n):
        holder = i % entities
        applied = base + dt.timedelta(days=rnd.randrange(5000))
        yield [str(10000000 + i), f"商标{i}", f"{rnd.randint(1, 45)},{rnd.randint(1, 45)}",
               uscc(holder + 1, REGIONS[holder % len(REGIONS)]), applied.isoformat(),
               (applied + dt.timedelta(days=400)).isoformat()]


def write(path: Path, head: list[str], rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(head)
            w.writerows(rows)
    else:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        ws = wb.add_worksheet()
        ws.write_row(0, 0, head)
        for i, row in enumerate(rows, start=1):
            for j, v in enumerate(row):
                ws.write_string(i, j, v)
        wb.close()
    return path


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    kind, n, out = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if kind == "entities":
        write(out, ENTITY_HEAD, entity_rows(n))
    else:
        write(out, TM_HEAD, trademark_rows(n, int(sys.argv[4]) if len(sys.argv) > 4 else n))
