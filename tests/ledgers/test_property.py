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
