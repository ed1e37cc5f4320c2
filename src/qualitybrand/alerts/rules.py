"""The rule table of warnings.md: each built-in rule is a small set-based function (one or two grouped
queries for every region at once), registered here with its Chinese name, object, level and due
semantics, its thresholds and their defaults. Other apps register theirs with `register(...)` in
their `AppConfig.ready()` (supervision: insp.followup_overdue, complaint.overdue replace the
placeholders of `alerts.rules_offices`, which yield nothing until then).

Office rules and changed thresholds are `RuleSetting` rows (`alerts.settings_store`); a rule function
receives the effective thresholds in `ctx.params` and never reads settings itself."""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Func

from qualitybrand.alerts.engine import Alert

# Kinds of threshold, each with its Chinese unit; validation in `alerts.services`.
PARAM_UNITS = {"days": "天", "months": "个月", "years": "年", "count": "批次", "level": ""}


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str        # one of PARAM_UNITS
    hint: str = ""   # what it means, under the form's input


@dataclass(frozen=True)
class Context:
    """What a rule function gets: the as-of date D, the effective thresholds, the region path to keep
    (None: every region), the code its warnings carry (an office rule's own code) and the region
    codes by id (read once per computation, so no rule joins the region table for its codes)."""

    as_of: date
    params: dict
    path: str | None
    code: str
    region_codes: dict[int, str]
    region_paths: dict[str, str] = field(default_factory=dict)   # path by region code

    def within(self, qs, path_field: str = "region__path"):
        """Keep the records of the region and below (warnings.md `--region`)."""
        return qs if self.path is None else qs.filter(**{f"{path_field}__startswith": self.path})

    def region_code(self, region_id) -> str:
        return self.region_codes.get(region_id, "")

    def keeps_code(self, region_code: str) -> bool:
        """Whether a region (by code) is the kept region or below it, for rules whose rows come from
        another app's computation rather than a query of their own."""
        return self.path is None or self.region_paths.get(region_code, "").startswith(self.path)


@dataclass(frozen=True)
class RuleDef:
    code: str
    name: str
    object_type: str
    meaning: str          # when it fires, in Chinese (the rule list page)
    level_text: str
    due_text: str
    fn: Callable[[Context], Iterable[Alert]]
    defaults: dict = field(default_factory=dict)
    params: tuple[Param, ...] = ()
    owner: str = "entity"  # "entity": the holder's enterprise users hear of it too; "region": offices only
    pending: str = ""      # why it yields nothing yet (waiting for its data), shown on the rule list page
    order: int = 100       # position on the rule list page


RULES: dict[str, RuleDef] = {}


def register(code: str, fn: Callable[[Context], Iterable[Alert]], *, name: str, object_type: str,
             meaning: str, level_text: str, due_text: str, defaults: dict | None = None,
             params: Iterable[Param] = (), owner: str = "entity", pending: str = "", order: int = 100) -> RuleDef:
    """Add or replace a built-in rule (a later registration wins: supervision replaces a placeholder)."""
    if owner not in ("entity", "region"):
        raise ValueError(f"unknown owner {owner!r}")
    rule = RuleDef(code, name, object_type, meaning, level_text, due_text, fn, dict(defaults or {}),
                   tuple(params), owner, pending, order)
    RULES[code] = rule
    return rule


def ordered() -> list[RuleDef]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.code))


def nothing(ctx: Context) -> Iterable[Alert]:
    """A rule with nothing to look at yet."""
    return ()


# --- query helpers -----------------------------------------------------------------------------

class Unindexed(Func):
    """A column as it is; on SQLite written `+column`, which keeps SQLite's planner off an index whose
    leading columns match most of the table (trademarks: (region, registered) matches nearly every row, and
    walking it with a lookup per row took 3.6 s where the full scan takes 0.3 s at 500,000 marks)."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)


def unindexed(field_name: str, output_field) -> Unindexed:
    return Unindexed(F(field_name), output_field=output_field)


# --- date arithmetic of the rules ----------------------------------------------------------------

def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, the month's last day when that day does not exist."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February → 28 February (credit.md)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def chunks(ids, size: int = 900):
    """Ids in slices small enough for one `IN (…)` on SQLite."""
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def url_maker(name: str) -> Callable[[object], str]:
    """`reverse` once with a stand-in argument, then format: a rule may yield many warnings."""
    from django.urls import NoReverseMatch, reverse

    stand_in = "987654321"
    try:
        pattern = reverse(name, args=[stand_in])
    except NoReverseMatch:
        return lambda arg: ""
    head, _, tail = pattern.partition(stand_in)
    return lambda arg: f"{head}{arg}{tail}"


# --- running -------------------------------------------------------------------------------------

def run(setting, as_of: date, path: str | None, regions: list[tuple[int, str, str]]) -> Iterable[Alert]:
    """The warnings of one (effective) rule setting; `regions` is every region's (id, code, path)."""
    rule = RULES[setting.builtin]
    ctx = Context(as_of, setting.params, path, setting.rule, {rid: code for rid, code, _ in regions},
                  {code: rpath for _, code, rpath in regions})
    return rule.fn(ctx)
