"""Rounds for every kind of subject in the permission walk (tests/permission_cases.py).

The walk keeps one case per URL name, and "planning:round", "planning:region" and the writes on a
subject are declared by permission_cases.py for region rounds; the role matrix of department, town
and enterprise subjects on those URLs is in test_subjects_rounds_permissions.py. Declared here: the
enterprise's 质量目标责任书 page (an enterprise user's only)."""

from __future__ import annotations

import datetime as dt

from qualitybrand.planning import services
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Scheme
from tests.permission_cases import CASES, Case

_serial = iter(range(1, 1_000_000))

ZRS = """
kind: scheme
code: {code}
name: {name}
year: 2014
region: "620500"
subjects: enterprises
assessed: ["{uscc}"]
grades:
  - {{grade: 合格, min: 0}}
items:
  - {{code: Z1, name: 质量承诺落实, points: 100, rule: manual}}
"""


def enterprise_round(region):
    """An open 责任书 round of 天水市 assessing one enterprise registered in `region`."""
    from tests.factories import EntityFactory

    n = next(_serial)
    firm = EntityFactory(region=region, name=f"{region.name}责任书企业{n}")
    code = f"zrs-walk-{n}"
    result = load_text(ZRS.format(code=code, name=f"{region.name}企业质量目标责任书{n}", uscc=firm.uscc))
    assert result.ok, result.errors
    return services.create_round(None, Scheme.objects.get(code=code), "年终考核", deadline=dt.date(2099, 1, 31))


CASES.extend([
    # the page lists the user's own enterprise's rounds only: everyone else, a county too, gets 404
    Case("planning:responsibility", enterprise_round, kwargs=lambda rnd: {}, view_roles=frozenset({"enterprise"})),
])
