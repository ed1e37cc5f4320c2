"""Each user's warnings (warnings.md “Who hears about it”): the rows of the inbox page `/alerts/`, the top
bar's 待办 counts and the dashboard's panel. Reads only; 已处理 is written by `alerts.handling`.

The warnings are the engine's (`engine.for_user`), computed for the day and kept in the figures cache
under the data version, the day and the user's audience (`indicators.cache.cached`, `audience`). The
inbox page always reads the current entry. The shell's counts (every page) never wait for the rules:
after a write they show the audience's last computation of the day while `alerts.tasks.refresh_inbox`
computes the current one in the task worker (`top_bar_alerts`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from django.db import connection

from qualitybrand.alerts.engine import LEVEL_RANK, LEVELS, Alert
from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.indicators.cache import SHARED_TIMEOUT, shared

CACHE_PREFIX = "qbalerts"
URGENT = "紧急"
LEVEL_TONES = {"紧急": "red", "预警": "orange", "提示": "blue"}
OFFICE_ROLES = {Role.CITY_ADMIN, Role.COUNTY, Role.LEADER, Role.DEPARTMENT}


def is_office(user) -> bool:
    """A user whose warnings span regions (the region filter applies): not an enterprise, not an expert."""
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", "") in OFFICE_ROLES)


def audience(user) -> tuple:
    """What `engine.for_user` looks at in a user: users alike here own the same warnings, so they share one
    cache entry (the city office and its leader, the clerks of one county: one computation per data version
    and day, not one per person). The office roles are the engine's own (`owners.OFFICE_ROLES`)."""
    from qualitybrand.alerts.owners import OFFICE_ROLES as OWNER_OFFICES
    from qualitybrand.core.scoping import scope_path

    if user.is_superuser:
        return ("superuser",)
    role = getattr(user, "role", "")
    kind = "office" if role in OWNER_OFFICES else role
    return (kind, scope_path(user), user.entity_id if kind == Role.ENTERPRISE else None,
            user.department_id if kind == Role.DEPARTMENT else None)


def user_alerts(user, as_of: date | None = None) -> list[Alert]:
    """What this user owns on `as_of` (today by default), cached per data version, day and audience."""
    from qualitybrand.alerts.engine import for_user
    from qualitybrand.indicators.cache import cached

    as_of = as_of or clock.today()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    key = ("inbox", audience(user), as_of.isoformat())
    found = cached(key, lambda: for_user(user, as_of), prefix=CACHE_PREFIX)
    if not connection.in_atomic_block:  # what the top bar may show until the next computation (below)
        shared().set(_last_key(key), found, SHARED_TIMEOUT)
    return found


def _last_key(key: tuple) -> str:
    """The latest computation of `key` whatever the data version (the top bar's fallback)."""
    return f"{CACHE_PREFIX}-last:" + hashlib.sha1(repr(key).encode()).hexdigest()


def top_bar_alerts(user, as_of: date | None = None) -> list[Alert]:
    """The warnings for the top bar, never seconds of work on an ordinary page: the current entry when the
    cache has it; else, when this audience's warnings of the day were computed before the data last
    changed, those (stale by the latest write) while `alerts.tasks.refresh_inbox` computes the current ones
    in the task worker; on the first page of the day none until the worker has computed them. Only with
    the immediate backend (the tests') are they computed here."""
    from qualitybrand.indicators.cache import key_for, local

    as_of = as_of or clock.today()
    if not getattr(user, "is_authenticated", False) or not user.is_active or connection.in_atomic_block:
        return user_alerts(user, as_of)
    key = ("inbox", audience(user), as_of.isoformat())
    current = key_for(key, prefix=CACHE_PREFIX)
    found = local().get(current)
    if found is None:
        found = shared().get(current)
    if found is not None:
        return found
    last = shared().get(_last_key(key))
    if queue_refresh(user, as_of, current):
        return last or []  # the worker computes them (the first page of the day shows none until it has)
    return user_alerts(user, as_of)


def queue_refresh(user, as_of: date, current: str) -> bool:
    """Queue `refresh_inbox` once per audience and data version; False with an immediate backend (the
    tests'), where the caller computes in place."""
    from django_tasks.backends.immediate import ImmediateBackend

    from qualitybrand.alerts.tasks import refresh_inbox

    if isinstance(refresh_inbox.get_backend(), ImmediateBackend):
        return False
    if shared().add(current + ":queued", 1, 300):
        refresh_inbox.enqueue(user.pk, as_of.isoformat())
    return True


def acknowledgements(user) -> dict[tuple[str, str], object]:
    """The user's 已处理 marks by (rule, key), one query."""
    from qualitybrand.alerts.models import Acknowledgement

    return {(a.rule, a.key): a for a in Acknowledgement.objects.filter(user=user)}


def is_handled(alert: Alert, ack) -> bool:
    """Hidden by 已处理 until the warning's level rises above the level it was acknowledged at."""
    return ack is not None and LEVEL_RANK.get(alert.level, 0) <= LEVEL_RANK.get(ack.level, 0)


def rule_names() -> dict[str, str]:
    """Chinese names of the built-in rules and the office's own (RuleSetting rows), one query."""
    from qualitybrand.alerts.models import RuleSetting
    from qualitybrand.alerts.rules import RULES

    names = {code: rule.name for code, rule in RULES.items()}
    names.update(dict(RuleSetting.objects.values_list("rule", "name")))
    return names


@dataclass
class Row:
    alert: Alert
    rule_name: str
    days_left: int
    handled: bool = False
    note: str = ""
    handled_at: object = None
    workdays_over: int | None = None  # the working days past due, for the rules whose deadlines count them

    @property
    def tone(self) -> str:
        return LEVEL_TONES.get(self.alert.level, "grey")

    @property
    def days_text(self) -> str:
        if self.days_left > 0:
            return f"剩余 {self.days_left} 天"
        if self.days_left == 0:
            return "今日到期"
        unit = self.days_unit
        return self.days_main + (f"（{unit}）" if unit else "")

    @property
    def days_main(self) -> str:
        return f"已逾期 {-self.days_left} 天" if self.days_left < 0 else self.days_text

    @property
    def days_unit(self) -> str:
        """For an overdue warning whose record page counts working days (“已超期 N 个工作日”): say that the
        inbox counts calendar days, and give the working days too."""
        if self.alert.rule not in WORKDAY_RULES or self.days_left >= 0:
            return ""
        return "自然日" + (f"，即 {self.workdays_over} 个工作日" if self.workdays_over is not None else "")

    @property
    def ident(self) -> str:
        """The row's value in a form: “rule key” (a rule code has no space; a key may, after the first)."""
        return f"{self.alert.rule} {self.alert.key}"


@dataclass
class Filters:
    rule: str = ""
    level: str = ""
    region: object = None          # a Region in the user's scope (offices only)
    show_handled: bool = False


def codes_under(region) -> set[str]:
    """The codes of `region` and every region below it (the region is already checked to be in scope)."""
    from qualitybrand.core.models import Region

    return set(Region.objects.filter(path__startswith=region.path).values_list("code", flat=True))


def rows_for(user, filters: Filters | None = None, as_of: date | None = None, alerts=None) -> list[Row]:
    """The inbox rows, most urgent level first, then by due date, rule and key (of `alerts` when given,
    else of the user's current warnings)."""
    filters = filters or Filters()
    as_of = as_of or clock.today()
    acks = acknowledgements(user)
    names = rule_names()
    codes = codes_under(filters.region) if filters.region is not None else None
    rows = []
    for alert in user_alerts(user, as_of) if alerts is None else alerts:
        if filters.rule and alert.rule != filters.rule:
            continue
        if filters.level and alert.level != filters.level:
            continue
        if codes is not None and alert.region_code not in codes:
            continue
        ack = acks.get((alert.rule, alert.key))
        handled = is_handled(alert, ack)
        if handled and not filters.show_handled:
            continue
        rows.append(Row(alert, names.get(alert.rule, alert.rule), (alert.due - as_of).days, handled,
                        getattr(ack, "note", "") if handled else "", getattr(ack, "at", None) if handled else None))
    rows.sort(key=lambda r: (-LEVEL_RANK.get(r.alert.level, 0),) + r.alert.sort_key())
    _count_workdays([r for r in rows if r.alert.rule in WORKDAY_RULES and r.days_left < 0], as_of)
    return rows


# Overdue warnings whose deadlines are set in working days (their record pages say “已超期 N 个工作日”).
WORKDAY_RULES = frozenset({"complaint.overdue", "insp.followup_overdue"})


def _count_workdays(rows: list[Row], as_of: date) -> None:
    """Fill `workdays_over` (working days d with due < d <= as_of) from one calendar for all rows; left
    None when a year's calendar is missing."""
    import bisect

    from qualitybrand.core.workdays import Calendar, CalendarMissing

    if not rows:
        return
    calendar = Calendar()
    try:
        calendar.cover(min(r.alert.due for r in rows).year, as_of.year)
    except CalendarMissing:
        return
    end = bisect.bisect_right(calendar.days, as_of)
    for r in rows:
        r.workdays_over = end - bisect.bisect_right(calendar.days, r.alert.due)


@dataclass
class Group:
    level: str
    rule: str
    rule_name: str
    rows: list[Row]

    @property
    def tone(self) -> str:
        return LEVEL_TONES.get(self.level, "grey")


def grouped(rows: list[Row]) -> list[Group]:
    """Rows by level (紧急, 预警, 提示) and rule, in that order; rows keep their order inside a group."""
    groups: dict[tuple[str, str], Group] = {}
    for row in rows:
        key = (row.alert.level, row.alert.rule)
        if key not in groups:
            groups[key] = Group(row.alert.level, row.alert.rule, row.rule_name, [])
        groups[key].rows.append(row)
    return sorted(groups.values(), key=lambda g: (-LEVEL_RANK.get(g.level, 0), g.rule))


def open_counts(user, as_of: date | None = None) -> dict[str, int]:
    """Unacknowledged warnings by level (every level present, 0 when none)."""
    counts = dict.fromkeys(LEVELS, 0)
    for row in rows_for(user, as_of=as_of, alerts=top_bar_alerts(user, as_of)):
        counts[row.alert.level] = counts.get(row.alert.level, 0) + 1
    return counts


def top_bar_items(user):
    """The `core.inbox` provider: one 待办 line per level with open warnings, linking to the inbox
    filtered by that level; 紧急 is marked overdue."""
    from qualitybrand.core.inbox import Item

    if not getattr(user, "is_authenticated", False):
        return []
    counts = open_counts(user)
    return [Item(f"预警（{level}）", f"/alerts/?level={level}", counts[level], overdue=level == URGENT)
            for level in reversed(LEVELS) if counts[level]]


def region_alerts(region, as_of: date) -> list[Alert]:
    """Every warning of `region` and below on `as_of`, cached per data version, day and region."""
    from qualitybrand.alerts.engine import compute
    from qualitybrand.indicators.cache import cached

    return cached(("region", region.code, as_of.isoformat()), lambda: compute(as_of, region=region),
                  prefix=CACHE_PREFIX)


def panel_rows(user, region, as_of: date | None = None) -> list[dict]:
    """The dashboard's table for `region` (already checked to be in the user's scope): per rule, the count
    of each level. A user who owns warnings counts its open inbox rows (what the links open); anyone else
    who may read the dashboard counts every warning of the region."""
    as_of = as_of or clock.today()
    if is_office(user):
        alerts = [r.alert for r in rows_for(user, Filters(region=region), as_of)]
    else:
        alerts = region_alerts(region, as_of)
    names = rule_names()
    table: dict[str, dict[str, int]] = {}
    for alert in alerts:
        table.setdefault(alert.rule, dict.fromkeys(LEVELS, 0))[alert.level] += 1
    out = []
    for rule, counts in sorted(table.items()):
        out.append({"rule": rule, "name": names.get(rule, rule), "total": sum(counts.values()),
                    "levels": [(level, counts[level], LEVEL_TONES[level]) for level in reversed(LEVELS)]})
    return out
