"""Reads of the alerts app shared by the command, the API and the pages: parsing the parameters of
warnings.md (Chinese messages for bad input), the JSON document, and the rule list with today's counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from qualitybrand.alerts.engine import Alert, UnknownRule
from qualitybrand.core.filtering import split_codes
from qualitybrand.indicators.selectors import BadRequest, parse_date


def parse_as_of(raw) -> date:
    """`--as-of` / `as_of`: YYYY-MM-DD, today (`core.clock.today`) when not given."""
    from qualitybrand.core import clock

    if raw in (None, ""):
        return clock.today()
    return parse_date(raw)


def parse_rules(raw) -> list[str] | None:
    """Rule codes from `a,b` text or a list (repeated `rule=`); None for all; an unknown code → BadRequest."""
    from qualitybrand.alerts.settings_store import effective_settings

    codes = split_codes(raw)
    if not codes:
        return None
    known = {s.rule for s in effective_settings()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise BadRequest(f"未知的预警规则：{'、'.join(u[:60] for u in unknown)}。可用规则：{'、'.join(sorted(known))}。")
    return codes


def parse_region(raw):
    """A region code (current or former) → Region; None when not given; unknown → BadRequest."""
    from qualitybrand.core.filtering import find_region, unknown_region_message

    if raw in (None, ""):
        return None
    region = find_region(raw)
    if region is None:
        raise BadRequest(unknown_region_message(raw))
    return region


def warnings_document(as_of: date, alerts: list[Alert]) -> dict:
    """warnings.md's output: {"as_of": …, "warnings": [{rule, key, region, level, due, message}, …]}."""
    return {"as_of": as_of.isoformat(), "warnings": [a.as_json() for a in alerts]}


def compute_checked(as_of: date, *, region=None, rules=None) -> list[Alert]:
    from qualitybrand.alerts.engine import compute

    try:
        return compute(as_of, region=region, rules=rules)
    except UnknownRule as exc:  # a rule removed between parsing and computing
        raise BadRequest(f"{exc}。") from None


# --- the rule list page ---------------------------------------------------------------------------

@dataclass
class RuleRow:
    code: str
    name: str
    base: str            # the built-in rule's code for an office rule, "" for a built-in rule
    base_name: str
    object_type: str
    meaning: str
    level_text: str
    due_text: str
    thresholds: list[tuple[str, str]]   # (label, value with unit)
    enabled: bool
    version: int
    count: int | None    # warnings today in the user's scope; None when disabled
    pending: str


def rule_rows(user, today: date) -> list[RuleRow]:
    """Every rule (built-in in the table's order, then the office's own), with its thresholds and how many
    warnings it yields today among those the user owns (`for_user`)."""
    from qualitybrand.alerts.inbox import user_alerts
    from qualitybrand.alerts.rules import PARAM_UNITS, RULES
    from qualitybrand.alerts.settings_store import effective_settings

    settings = effective_settings()
    # the inbox's cached for_user (per data version, day and audience: a rule change is a new version)
    counts = Counter(a.rule for a in user_alerts(user, today))
    order = {code: i for i, code in enumerate(r.code for r in sorted(RULES.values(), key=lambda r: (r.order, r.code)))}
    settings.sort(key=lambda s: (bool(s.base), order.get(s.builtin, 999), s.rule))
    rows = []
    for s in settings:
        rule = RULES[s.builtin]
        thresholds = [(p.label, f"{s.params.get(p.name)}{' ' + PARAM_UNITS[p.kind] if PARAM_UNITS[p.kind] else ''}")
                      for p in rule.params]
        rows.append(RuleRow(s.rule, s.name, s.base, RULES[s.base].name if s.base else "", rule.object_type,
                            rule.meaning, rule.level_text, rule.due_text, thresholds, s.enabled, s.version,
                            counts.get(s.rule, 0) if s.enabled else None, rule.pending))
    return rows


def rule_history(code: str):
    """The change log of a rule's setting (its versions), newest first; empty for a rule never changed."""
    from qualitybrand.alerts.models import RuleSetting
    from qualitybrand.core.selectors import history_for

    row = RuleSetting.objects.filter(rule=code).first()
    return history_for(row) if row is not None else []
