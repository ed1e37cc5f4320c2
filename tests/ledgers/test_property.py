"""Generated cells through the engine: always errors or records, never an exception."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualitybrand.ledgers.engine import LEDGERS, import_rows

cell = st.one_of(
    st.none(), st.text(max_size=30), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.dates(min_value=dt.date(1, 1, 1)),
    st.sampled_from(["620502", "是", "2013-02-30", "1,234.5", "９１", "（元）", "=1+1", "7,9,46", "企业", "\u3000"]),
)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ledger=st.sampled_from(sorted(LEDGERS)), data=st.data())
def test_generated_cells_never_crash(regions, ledger, data):
    spec = LEDGERS[ledger]
    rows = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        rows.append({c.header: data.draw(cell) for c in spec.columns})
    result = import_rows(ledger, rows, mode="partial")
    from qualitybrand.ledgers.normalise import text

    filled = [r for r in rows if any(text(v) for v in r.values() if v is not None)]
    assert result.rows == len(filled)
    assert result.errors or result.created + result.updated + result.unchanged == len(filled)


TEXT_AND_CODE = [(name, col) for name, spec in sorted(LEDGERS.items()) for col in spec.columns
                 if col.type in ("text", "code")]


@settings(max_examples=300, deadline=None)
@given(column=st.sampled_from(TEXT_AND_CODE), value=st.one_of(
    st.text(max_size=40), st.sampled_from(["", "  ", "\u3000", "９１６２０５０２", "a b\tc", "=SUM(A1)", "x" * 300,
                                           "1234567890", "12345678901", "ab12", "Famous_City"])))
def test_the_fast_text_and_code_parsers_agree_with_column_parse(column, value):
    """`Column.cell_parser` specialises text and code cells for speed; it must say exactly what
    the general rule (`Column.parse` after `normalise.text`) says."""
    from qualitybrand.ledgers.normalise import CellError, text

    _ledger, col = column
    t = text(value)
    if not t:
        expected = ("", False, f"“{col.header}”为必填项，不能为空。") if col.required else ("", True, None)
    else:
        try:
            expected = (t, True, col.parse(t))
        except CellError as exc:
            expected = (t, False, str(exc))
    assert col.cell_parser()(value) == expected
