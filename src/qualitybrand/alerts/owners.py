"""Who hears about a warning (warnings.md “Who hears about it”), through core/scoping.py."""

from __future__ import annotations

from datetime import date

from qualitybrand.alerts.engine import Alert, compute


def for_user(user, as_of: date, *, rules: list[str] | None = None) -> list[Alert]:
    from qualitybrand.core.scoping import scope_path

    path = scope_path(user)
    if path is None:
        return []
    return [a for a in compute(as_of, rules=rules) if True]
