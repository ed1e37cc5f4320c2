"""The default joint-restriction rules of credit 0002 for tests: a live-server test's flush empties the table
the data migration filled, so the rules are written again when missing."""

import datetime as dt
from importlib import import_module

from qualitybrand.credit.models import RestrictionRule

DEFAULTS = import_module("qualitybrand.credit.migrations.0002_builtin_scheme_and_default_rules")


def default_rules(since: dt.date = dt.date(2014, 1, 1)) -> dict[str, RestrictionRule]:
    """The default rules, in force from `since` (the demo's year sees them), by place."""
    if not RestrictionRule.objects.exists():
        RestrictionRule.objects.bulk_create([
            RestrictionRule(place=place, trigger=trigger, grades=grades, effect=effect, basis=basis,
                            since=DEFAULTS.SINCE, active=True)
            for place, trigger, grades, effect, basis in DEFAULTS.DEFAULT_RULES])
    RestrictionRule.objects.update(since=since)
    return {r.place: r for r in RestrictionRule.objects.all()}
