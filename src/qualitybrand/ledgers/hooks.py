"""Where higher apps reach into the ledger engine without the engine importing them (DESIGN.md § The layers).

- The directory of 市场主体 that rows refer to by 统一社会信用代码: `register_entity_model(model)` (the
  registry, `RegistryConfig.ready()`); `entity_model()` answers it (`spec.Context.load_entities`, `preload`).
- After the data changed (an import or an undo finished in the worker): `register_after_change(fn)`, `fn()`
  without arguments (indicators: the dashboards' precompute, `IndicatorsConfig.ready()`); `data_changed()`
  calls each in the order registered.

The ledgers themselves register with `ledgers.engine.register` from their app's `ready()`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

_entity_model = None
_after_change: list[Callable[[], None]] = []


def register_entity_model(model) -> None:
    global _entity_model
    _entity_model = model


def entity_model():
    """The model of the entity directory (registry.Entity)."""
    if _entity_model is None:
        raise ImproperlyConfigured("没有登记市场主体名录的模型：registry 应在 RegistryConfig.ready() 中登记。")
    return _entity_model


def register_after_change(fn: Callable[[], None]) -> None:
    if fn not in _after_change:
        _after_change.append(fn)


def data_changed() -> None:
    """An import or undo changed the data: run every registered follow-up (e.g. the figures' precompute)."""
    for fn in _after_change:
        fn()
