"""The other areas' demo loaders: called when present, skipped only when the module is missing."""

import sys
import types

import pytest

from qualitybrand.demo import loader


def test_missing_module_is_skipped(monkeypatch):
    monkeypatch.setattr(loader, "HOOKS", [("qualitybrand.no_such_area.demo", "load", "某领域")])
    lines = []
    assert loader.run_hooks(lines.append) == []
    assert "跳过" in lines[0]


def test_present_module_is_called(monkeypatch):
    calls = []
    module = types.ModuleType("qb_fake_demo_hook")
    module.load = lambda: calls.append("called")
    monkeypatch.setitem(sys.modules, "qb_fake_demo_hook", module)
    monkeypatch.setattr(loader, "HOOKS", [("qb_fake_demo_hook", "load", "假领域")])
    assert loader.run_hooks(lambda line: None) == ["假领域"]
    assert calls == ["called"]


def test_broken_module_is_not_silently_skipped(monkeypatch):
    module = types.ModuleType("qb_broken_demo_hook")

    def load():
        import qb_module_that_does_not_exist  # noqa: F401

    module.load = load
    monkeypatch.setitem(sys.modules, "qb_broken_demo_hook", module)
    monkeypatch.setattr(loader, "HOOKS", [("qb_broken_demo_hook", "load", "坏领域")])
    with pytest.raises(loader.DemoHookFailed, match="坏领域"):
        loader.run_hooks(lambda line: None)
