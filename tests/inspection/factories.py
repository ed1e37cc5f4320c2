"""迎检 test objects: the province's scheme for 天水市 (620500 the only subject), a preparation of it."""

from __future__ import annotations

import datetime as dt

from qualitybrand.inspection import services
from qualitybrand.inspection.models import Preparation
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Scheme

_serial = iter(range(1, 1_000_000))

PROVINCE_SCHEME = """
kind: targets
code: {code}-t
name: 省对市目标{n}号
year: 2013
region: "620000"
items:
  - indicator: tm.applications
    target: 500
    allocations: {{"{city}": 200}}
---
kind: scheme
code: {code}
name: 省对市质量工作考核{n}号
year: 2013
region: "620000"
assessed: ["{city}"]
targets: {code}-t
grades:
  - {{grade: 优秀, min: 90}}
  - {{grade: 良好, min: 60}}
  - {{grade: 合格, min: 30}}
  - {{grade: 不合格, min: 0}}
items:
  - {{code: A1, name: 商标申请量目标完成情况, points: 20, rule: ratio_to_target, indicator: tm.applications}}
  - {{code: A2, name: 产品质量监督抽查合格率, points: 20, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95}}
  - {{code: A3, name: 质量工作机制建设, points: 30, rule: manual, evidence: required}}
  - {{code: A4, name: 品牌培育与宣传, points: 30, rule: manual}}
  - {{code: D1, name: 质量安全事故扣分, rule: deduction, indicator: incident.count, per_unit: 2, cap: 10}}
vetoes:
  - {{code: V1, name: 发生重大及以上质量安全事故, indicator: incident.major, above: 0, grade: 不合格}}
"""


def province_scheme(city: str = "620500") -> Scheme:
    n = next(_serial)
    code = f"prov-{n}"
    result = load_text(PROVINCE_SCHEME.format(code=code, n=n, city=city))
    assert result.ok, result.errors
    return Scheme.objects.get(code=code)


def preparation(region=None, *, drafted: bool = True) -> Preparation:
    """A preparation of 天水市 (or of `region`, for the permission walk's other county) for a new scheme."""
    city = region.code if region is not None else "620500"
    scheme = province_scheme(city)
    prep = services.start_preparation(None, scheme, as_of=dt.date(2013, 12, 31), deadline=dt.date(2014, 1, 20))
    if drafted:
        services.draft(None, prep)
    return prep
