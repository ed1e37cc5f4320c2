"""Planning objects for the permission walk and the region-check tests: a target set of 天水市
allocating to given counties, and a round of a scheme assessing given counties."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from qualitybrand.planning import services
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Round, Scheme, TargetSet

_serial = iter(range(1, 1_000_000))

TARGETS = """
kind: targets
code: {code}
name: 区划检查目标{n}号
year: 2013
region: "620500"
items:
  - indicator: tm.applications
    target: 100
    allocations: {{{allocations}}}
"""

SCHEME = """
kind: scheme
code: {code}
name: 区划检查考核{n}号
year: 2013
region: "620500"
assessed: [{assessed}]
grades:
  - {{grade: A, min: 90}}
  - {{grade: D, min: 0}}
items:
  - {{code: M1, name: 工作机制建设, points: 10, rule: manual}}
  - {{code: C1, name: 查处案件结案数, points: 10, rule: rank, indicator: case.closed, order: desc}}
"""


def _load(text: str) -> None:
    result = load_text(text)
    assert result.ok, result.errors


def target_set(*codes: str) -> TargetSet:
    """A 2013 target set of 天水市 allocating targets to these counties only."""
    n = next(_serial)
    code = f"region-check-targets-{n}"
    _load(TARGETS.format(code=code, n=n, allocations=", ".join(f'"{c}": 10' for c in codes)))
    return TargetSet.objects.get(code=code)


def scheme_of(*codes: str) -> Scheme:
    """A 2013 scheme of 天水市 assessing these counties only (no round)."""
    n = next(_serial)
    code = f"region-check-scheme-{n}"
    _load(SCHEME.format(code=code, n=n, assessed=", ".join(f'"{c}"' for c in codes)))
    return Scheme.objects.get(code=code)


def round_of(*codes: str, deadline: dt.date = dt.date(2099, 1, 31)) -> Round:
    """An open 年终考核 round of 天水市 assessing these counties only."""
    n = next(_serial)
    code = f"region-check-scheme-{n}"
    _load(SCHEME.format(code=code, n=n, assessed=", ".join(f'"{c}"' for c in codes)))
    return services.create_round(None, Scheme.objects.get(code=code), "年终考核", deadline=deadline)


def round_region(region) -> SimpleNamespace:
    """One round assessing 秦州区 and 麦积区 (made once per test), seen from `region`: the walk asks
    for the object of 620502 and of 620503 and gets the same round with each region."""
    rnd = Round.objects.filter(scheme__code__startswith="region-check-scheme-",
                               scheme__assessed_codes=["620502", "620503"]).first()
    rnd = rnd or round_of("620502", "620503")
    return SimpleNamespace(pk=rnd.pk, round=rnd, region=region, code=region.code)
