"""Crafted uploads (issue 12, item 1): each is refused with a Chinese message, nothing is written,
and the importing process survives (the parse runs in a child whose memory is capped)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import zipfile

import pytest

from qualitybrand.ledgers.engine import import_file
from qualitybrand.ledgers.readers import UnreadableFile
from qualitybrand.registry.models import Entity
from tests.ledgers.conftest import USCC_A, write_csv

HEAD = ["统一社会信用代码", "名称", "主体类型", "区划代码"]

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="市场主体" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return '<row r="1">' + "".join(cell(f"{c}1", h) for c, h in zip("ABCD", HEAD)) + "</row>"


def raw_xlsx(path, rows_xml: str, dimension: str | None = None, shared: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{rows_xml}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{shared}</sst>')
    return path


def refused(path) -> str:
    with pytest.raises(UnreadableFile) as info:
        import_file("entities", path)
    assert Entity.objects.count() == 0
    return str(info.value)


def test_a_well_formed_hand_made_workbook_imports(regions, tmp_path):
    """The helper's files are real workbooks: without the hostile part, they import."""
    row = '<row r="2">' + "".join(cell(f"{c}2", v) for c, v in zip("ABCD", [USCC_A, "甲", "企业", "620502"])) + "</row>"
    result = import_file("entities", raw_xlsx(tmp_path / "ok.xlsx", header_row() + row, "A1:D2"))
    assert (result.errors, result.created) == ([], 1)


def test_a_cell_at_the_last_column_and_row_is_refused_from_its_dimension(regions, tmp_path):
    path = raw_xlsx(tmp_path / "far.xlsx", '<row r="1048576">' + cell("XFD1048576", "x") + "</row>", "A1:XFD1048576")
    assert os.path.getsize(path) < 3000
    message = refused(path)
    assert "范围过大" in message and "1048576 行 × 16384 列" in message


def test_a_far_cell_without_a_dimension_is_found_by_the_scan(regions, tmp_path):
    path = raw_xlsx(tmp_path / "far.xlsx", header_row() + '<row r="1048576">' + cell("XFD1048576", "x") + "</row>")
    assert "范围过大" in refused(path)


def test_a_member_that_unpacks_too_far_is_refused(regions, tmp_path, settings):
    settings.QB_IMPORT_LIMITS = {**settings.QB_IMPORT_LIMITS, "unpacked_mb": 1}
    rows = "".join(f'<row r="{n}">{cell(f"A{n}", "x" * 20)}</row>' for n in range(2, 40000))
    message = refused(raw_xlsx(tmp_path / "big.xlsx", header_row() + rows))
    assert "解压后" in message and "超过上限 1 MB" in message


def test_a_huge_cell_compressed_small_is_refused_by_its_ratio(regions, tmp_path):
    long_text = "甲" * (8 * 1024 * 1024)  # 24 MB of UTF-8 that deflates to a few dozen KB
    rows = header_row() + '<row r="2">' + cell("B2", long_text) + "</row>"
    path = raw_xlsx(tmp_path / "cell.xlsx", rows, "A1:D2")
    assert os.path.getsize(path) < 200_000
    assert "压缩比异常" in refused(path)


def test_more_rows_than_the_limit_are_refused_before_anything_is_written(regions, tmp_path, settings, monkeypatch):
    settings.QB_IMPORT_LIMITS = {**settings.QB_IMPORT_LIMITS, "rows": 10}
    from qualitybrand.core.codes import make_uscc

    lines = [HEAD] + [[make_uscc("91", "620502", f"{n:08d}"), f"公司{n}", "企业", "620502"] for n in range(20)]
    assert "超过 10 行的上限" in refused(write_csv(tmp_path / "many.csv", lines))
    from tests.ledgers.conftest import write_xlsx

    assert "上限（10 行" in refused(write_xlsx(tmp_path / "many.xlsx", lines))  # its declared dimension
    from qualitybrand.ledgers import limits

    undeclared = "".join(f'<row r="{n}">' + "".join(cell(f"{c}{n}", v) for c, v in zip("ABCD", line)) + "</row>"
                         for n, line in enumerate(lines, start=1))
    monkeypatch.setattr(limits, "SCAN_WHOLE_SHEET", 0)  # as for a large sheet: counted once it is loaded
    assert "超过 10 行的上限" in refused(raw_xlsx(tmp_path / "undeclared.xlsx", undeclared))


def test_a_csv_cell_longer_than_excel_allows_refuses_the_file(regions, tmp_path):
    message = refused(write_csv(tmp_path / "long.csv", [HEAD, [USCC_A, "名" * 40_000, "企业", "620502"]]))
    assert "第 2 行有超长的单元格（超过 32767 字）" in message


def test_a_long_cell_is_quoted_short_in_the_errors(regions, tmp_path):
    long_name = "名" * 100_000
    row = '<row r="2">' + "".join(cell(f"{c}2", v) for c, v in zip("ABCD", [USCC_A, long_name, "企业", "620502"]))
    result = import_file("entities", raw_xlsx(tmp_path / "long.xlsx", header_row() + row + "</row>", "A1:D2"))
    assert result.created == 0 and result.errors
    assert all(len(str(e["value"])) < 300 and len(e["message"]) <= 1100 for e in result.errors)
    assert "已截断" in result.errors[0]["value"]


def test_a_sheet_that_lies_about_its_size_ends_only_the_capped_child(regions, tmp_path, settings):
    """Past the scanned size and without a dimension, the far cell reaches the reader: it allocates the
    whole range, past the cap, and the child dies — the test process (the worker) goes on."""
    settings.QB_IMPORT_LIMITS = {**settings.QB_IMPORT_LIMITS, "memory_mb": 256}
    filler = "".join(f'<row r="{n}">{cell(f"A{n}", f"填充{n:07d}")}</row>' for n in range(2, 90000))
    path = raw_xlsx(tmp_path / "liar.xlsx", header_row() + filler + '<row r="1048576">'
                    + cell("XFD1048576", "x") + "</row>")
    message = refused(path)
    assert "内存上限（256 MB）" in message
    result = import_file("entities", write_csv(tmp_path / "ok.csv", [HEAD, [USCC_A, "甲", "企业", "620502"]]))
    assert result.created == 1


def test_the_parse_child_dies_with_its_parent(tmp_path):
    """A parent killed mid-import (kill -9) leaves no child behind holding memory."""
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as fh:
        fh.write(",".join(HEAD) + "\n")
        for n in range(300_000):
            fh.write(f"91620502MA{n:08d},公司{n},企业,620502\n")
    script = textwrap.dedent(f"""
        import os, sys, time
        import django
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualitybrand.settings")
        django.setup()
        from qualitybrand.ledgers.engine import get_ledger
        from qualitybrand.ledgers.parsing import ChildReader
        reader = ChildReader(get_ledger("entities"), {str(big)!r}, 5000, 512)
        reader.header()
        print(reader.child.pid, flush=True)
        time.sleep(60)  # never reads the chunks: the child blocks on the full pipe
    """)
    env = {**os.environ, "QB_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    child_pid = int(parent.stdout.readline())
    assert _alive(child_pid)
    parent.kill()
    parent.wait()
    for _ in range(100):
        if not _alive(child_pid):
            break
        time.sleep(0.05)
    assert not _alive(child_pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def _mutants(seed: int, original: bytes, n: int):
    import random

    rnd = random.Random(seed)
    for _ in range(n):
        data = bytearray(original)
        kind = rnd.choice(["flip", "cut", "splice", "zero"])
        if kind == "flip":
            for _ in range(rnd.randint(1, 20)):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        elif kind == "cut":
            del data[rnd.randrange(len(data)):]
        elif kind == "splice":
            at = rnd.randrange(len(data))
            data[at:at] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 200)))
        else:
            at = rnd.randrange(len(data))
            data[at:at + rnd.randint(1, 500)] = bytes(rnd.randint(1, 500))
        yield kind, bytes(data)


def test_mutated_workbooks_are_imported_or_refused_with_a_message_never_a_crash(regions, tmp_path):
    """A fuzzed set of our own: byte flips, cuts and splices of a valid workbook and CSV."""
    from tests.ledgers.conftest import write_xlsx

    good_xlsx = write_xlsx(tmp_path / "good.xlsx", [HEAD, [USCC_A, "甲", "企业", "620502"]]).read_bytes()
    good_csv = write_csv(tmp_path / "good.csv", [HEAD, [USCC_A, "甲", "企业", "620502"]]).read_bytes()
    outcomes = {"imported": 0, "refused": 0}
    for suffix, original in ((".xlsx", good_xlsx), (".csv", good_csv)):
        for i, (_kind, data) in enumerate(_mutants(int(os.environ.get("QB_FUZZ_SEED", "12")), original, int(os.environ.get("QB_FUZZ_N", "60")))):
            path = tmp_path / f"m{i}{suffix}"
            path.write_bytes(data)
            try:
                result = import_file("entities", path, mode="partial")
            except UnreadableFile as exc:
                assert str(exc) and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
                outcomes["refused"] += 1
            else:
                assert all(e["message"] for e in result.errors)
                outcomes["imported"] += 1
            Entity.objects.all().delete()
    assert outcomes["refused"] and outcomes["imported"]
