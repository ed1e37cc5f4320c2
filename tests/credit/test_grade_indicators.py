"""Indicators credit.grade.{a,b,c,d}: the rating's grades counted per region and pooled up the tree."""

import datetime as dt

import pytest

from qualitybrand.indicators import catalog
from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from tests.credit.factories import BlacklistEntryFactory, CaseFactory, InspectionFactory
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db
CODES = ["credit.grade.a", "credit.grade.b", "credit.grade.c", "credit.grade.d"]
D = dt.date(2024, 6, 30)


def test_catalog_declares_the_four_grades():
    spec = catalog.get("credit.grade.a")
    assert (spec.name, spec.unit, spec.kind, spec.measure) == ("信用等级A类主体数", "户", "stock", "count")
    assert catalog.get("credit.grade.d").direction == "lower"


def test_grades_by_region_pooled_up_the_tree(regions):
    qz, mj = regions["620502"], regions["620503"]
    EntityFactory(region=qz)
    EntityFactory(region=qz)
    InspectionFactory(entity=EntityFactory(region=qz), level="国家")          # 90: B
    CaseFactory(party=EntityFactory(region=mj), transferred=True)             # 70: C
    BlacklistEntryFactory(entity=EntityFactory(region=mj))                    # D
    EntityFactory(region=mj, deregistered=dt.date(2024, 1, 1))                # gone: not counted
    values = compute(CODES, Period.as_of(D))
    assert [values[(c, "620502")] for c in CODES] == [2, 1, 0, 0]
    assert [values[(c, "620503")] for c in CODES] == [0, 0, 1, 1]
    assert [values[(c, "620500")] for c in CODES] == [2, 1, 1, 1]
    assert [values[(c, "620521")] for c in CODES] == [0, 0, 0, 0]
    # a year earlier neither the case (2024-03-01) nor the listing (2024-01-10) had happened, and the
    # cancelled entity still existed: three A
    earlier = compute(CODES, Period.as_of(dt.date(2023, 6, 30)))
    assert [earlier[(c, "620503")] for c in CODES] == [3, 0, 0, 0]


def test_drilldown_goes_to_the_rating_list():
    url = drilldown("credit.grade.b", "620502", Period.as_of(D))
    assert url == "/credit/ratings/?region=620502&as_of=2024-06-30&grade=B"


def test_dashboard_shows_the_grade_distribution_by_county(client, regions, settings):
    settings.QB_TODAY = D
    qz, mj = regions["620502"], regions["620503"]
    EntityFactory(region=qz)
    InspectionFactory(entity=EntityFactory(region=qz), level="国家", sampled=dt.date(2024, 3, 1))
    BlacklistEntryFactory(entity=EntityFactory(region=mj))
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="city_admin", region=regions["620500"]))
    body = client.get("/reports/dashboard/", {"region": "620500", "year": 2024}).content.decode()
    section = body[body.index('id="credit-grades"'):]
    section = section[:section.index("</section>")]
    assert "信用等级分布（截至 2024-06-30" in section
    assert 'href="/credit/ratings/?region=620502&amp;as_of=2024-06-30&amp;grade=B"' in section
    rows = [r for r in section.split("<tr>")[2:]]
    assert "天水市（全部）" in rows[0] and rows[0].count('class="num"') == 6
    assert "秦州区" in rows[1] and ">1</a>" in rows[1] and "50.0%" in rows[1]
    assert "麦积区" in rows[2] and "0.0%" in rows[2]
