import datetime as dt

import pytest

from qualitybrand.planning import values

COUNTIES = ["620502", "620503", "620521", "620522", "620523", "620524", "620525"]


class FakeEngine:
    """Values by (code, region_code), optionally by period end: set with `put`."""

    def __init__(self):
        self.data: dict = {}
        self.calls: list = []

    def put(self, code, region, value, end: dt.date | None = None):
        self.data[(code, region, end)] = value

    def __call__(self, codes, period, regions):
        self.calls.append((tuple(codes), period, tuple(r.code for r in regions)))
        out = {}
        for c in codes:
            for r in regions:
                key = (c, r.code, period.end)
                out[(c, r.code)] = self.data.get(key, self.data.get((c, r.code, None)))
        return out


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(values, "indicator_values", fake)
    monkeypatch.setattr(values, "indicator_spec", values._fallback_spec)
    return fake


@pytest.fixture
def write_yaml(tmp_path):
    counter = iter(range(10_000))

    def write(text: str, name: str | None = None):
        path = tmp_path / (name or f"doc{next(counter)}.yaml")
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: 浏览器端到端测试（Playwright + Chromium）")
