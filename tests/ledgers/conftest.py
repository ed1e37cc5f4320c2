import pytest

from qualitybrand.core.codes import make_uscc

USCC_A = make_uscc("91", "620502", "00000001")
USCC_B = make_uscc("91", "620503", "00000002")
USCC_C = make_uscc("92", "620521", "00000003")


@pytest.fixture
def entities(regions):
    from qualitybrand.ledgers.engine import import_rows

    rows = [
        {"统一社会信用代码": USCC_A, "名称": "天水甲公司", "主体类型": "企业", "区划代码": "620502", "成立日期": "2005-01-01"},
        {"统一社会信用代码": USCC_B, "名称": "天水乙公司", "主体类型": "企业", "区划代码": "620503"},
        {"统一社会信用代码": USCC_C, "名称": "清水丙商店", "主体类型": "个体工商户", "区划代码": "620521"},
    ]
    result = import_rows("entities", rows)
    assert result.errors == [] and result.created == 3
    return {"a": USCC_A, "b": USCC_B, "c": USCC_C}


def write_csv(path, lines, encoding="utf-8"):
    path.write_bytes("\n".join(",".join(str(c) for c in line) for line in lines).encode(encoding))
    return path


def write_xlsx(path, lines):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for i, line in enumerate(lines):
        for j, v in enumerate(line):
            if v is None:
                continue
            ws.write(i, j, v)
    wb.close()
    return path
