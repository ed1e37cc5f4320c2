"""Who hears about a warning (warnings.md “Who hears about it”), every region decision through
core/scoping.py:

- the city office (市级管理员) and superusers: every warning of their region and below (the city: all);
- a county office (县区用户): the warnings of its region and below;
- a leader (领导): reads everything of its region and below, like its office (nothing to act on, but the
  leader's screen and inbox count the same warnings);
- a department (部门用户): the `target.lag` warnings of the indicators it owns (catalog owner = its
  department's name), in its region and below, and the warnings of other rules about work a department
  does that say so (`register_department_rule`: 交办任务逾期 of its own department's assignments);
- an enterprise user: the warnings of rules about records its entity holds (tm.*, rec.*, cert.*,
  pledge.* and the office's rules based on them), of its own entity only;
- an expert, an inactive or anonymous user: none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from qualitybrand.alerts.engine import Alert, compute_within
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, region_in_scope, scope_path

OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER}


def entity_rule_codes(rules: list[str] | None = None) -> list[str]:
    """The enabled rules whose warnings the holder entity hears of (built-in owner "entity", and the
    office rules based on one), of `rules` when given."""
    from qualitybrand.alerts.rules import RULES
    from qualitybrand.alerts.settings_store import active_settings

    return [s.rule for s in active_settings(rules) if RULES[s.builtin].owner == "entity"]


class OutOfScope(PermissionError):
    """A region outside the user's scope was asked for."""


def for_user(user, as_of: date, *, rules: list[str] | None = None, region=None) -> list[Alert]:
    """The warnings `user` owns on `as_of`; with `region`, only those of that region and below (a region
    outside an office user's scope raises OutOfScope)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return compute_within(as_of, region.path if region is not None else None, rules=rules)
    role = getattr(user, "role", "")
    if role == Role.ENTERPRISE:
        return _enterprise(user, as_of, rules, region)
    path = scope_path(user)
    if path is None:
        return []
    if region is not None:
        if not region_in_scope(user, region):
            raise OutOfScope(f"区划 {region.code}（{region.name}）不在您的管辖范围内。")
        path = region.path
    if has_scoped_role(user, OFFICE_ROLES):
        return compute_within(as_of, path, rules=rules)
    if has_scoped_role(user, {Role.DEPARTMENT}):
        return _department(user, as_of, path, rules)
    return []


def _enterprise(user, as_of, rules, region) -> list[Alert]:
    if not user.entity_id:
        return []
    codes = entity_rule_codes(rules)
    if not codes:
        return []
    # The entity's own records carry its region, so the rules need look at that region only (or at the
    # region asked for: when the entity is not in it, its records are not either).
    path = region.path if region is not None else user.entity.region.path
    return [a for a in compute_within(as_of, path, rules=codes, entity_id=user.entity_id)
            if a.entity_id == user.entity_id]


def _owns_indicator(alert: Alert, user) -> bool:
    """target.lag: the item's indicator is owned by the user's department (catalog owner)."""
    from qualitybrand.indicators import catalog

    spec = catalog.get(alert.key.split("|")[1]) if alert.key.count("|") >= 2 else None
    return spec is not None and spec.owner == user.department.name


# Built-in rules a department user hears of: code -> fn(alert, user) -> bool (the user has a department).
DEPARTMENT_RULES: dict[str, Callable[[Alert, object], bool]] = {"target.lag": _owns_indicator}


def register_department_rule(builtin: str, hears: Callable[[Alert, object], bool]) -> None:
    """A rule module says which of its warnings a department user owns (alerts.rules_assignments)."""
    DEPARTMENT_RULES[builtin] = hears


def _department(user, as_of, path, rules) -> list[Alert]:
    from qualitybrand.alerts.settings_store import active_settings

    if not user.department_id:
        return []
    builtin = {s.rule: s.builtin for s in active_settings(rules) if s.builtin in DEPARTMENT_RULES}
    if not builtin:
        return []
    return [alert for alert in compute_within(as_of, path, rules=list(builtin))
            if DEPARTMENT_RULES[builtin[alert.rule]](alert, user)]
