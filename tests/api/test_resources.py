"""The API contract, resource by resource: fields, natural-key detail, pagination, the
`region` and `year` filters and region scoping for every role."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api import factories as af
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory


def _entity(region):
    return EntityFactory(region=region, established=dt.date(2013, 5, 1))


def _trademark(region):
    return TrademarkFactory(holder=EntityFactory(region=region), applied=dt.date(2013, 2, 1))


def _recognition(region):
    program = ProgramFactory(code="city_quality_award", object_kind="企业", level="市")
    return af.RecognitionFactory(entity=EntityFactory(region=region), program=program, year=2013)


def _with_entity(factory, field="entity"):
    return lambda region: factory(**{field: EntityFactory(region=region)})


# prefix, maker, detail key, year that matches, year that does not
RESOURCES = {
    "entities": (_entity, lambda o: o.uscc, 2013, 2012),
    "trademarks": (_trademark, lambda o: o.number, 2013, 2012),
    "recognitions": (_recognition, lambda o: o.pk, 2013, 2012),
    "patents": (_with_entity(af.PatentFactory, "applicant"), lambda o: o.number, 2017, 2013),
    "certifications": (_with_entity(af.CertificationFactory), lambda o: o.pk, 2012, 2013),
    "standards": (_with_entity(af.StandardFactory), lambda o: o.pk, 2013, 2012),
    "pledges": (_with_entity(af.PledgeFactory, "pledgor"), lambda o: o.pk, 2013, 2012),
    "services": (_with_entity(af.ServiceFactory), lambda o: o.pk, 2013, 2012),
    "publicity": (lambda region: af.PublicityFactory(region=region), lambda o: o.pk, 2013, 2012),
    "inspections": (_with_entity(af.InspectionFactory), lambda o: o.pk, 2013, 2012),
    "incidents": (lambda region: af.IncidentFactory(region=region), lambda o: o.pk, 2013, 2012),
    "cases": (lambda region: af.CaseFactory(region=region), lambda o: o.pk, 2013, 2012),
    "blacklist": (_with_entity(af.BlacklistFactory), lambda o: o.pk, 2013, 2012),
}


@pytest.fixture(params=sorted(RESOURCES))
def resource(request, regions):
    prefix = request.param
    maker, key, year, other_year = RESOURCES[prefix]
    request.getfixturevalue("users")  # the enterprise user's own entity (620502) exists first
    own = maker(regions["620502"])
    other = maker(regions["620503"]) if prefix != "patents" else None
    extra = 1 if prefix == "entities" else 0  # the enterprise user's entity
    return {"prefix": prefix, "own": own, "other": other, "key": key, "year": year, "other_year": other_year,
            "extra": extra}


def url(prefix, key=None):
    return f"/api/v1/{prefix}/" if key is None else f"/api/v1/{prefix}/{key}/"


def test_list_shape_region_and_year(resource, users, client_for):
    prefix = resource["prefix"]
    city = client_for(users["city"])
    body = city.get(url(prefix)).json()
    assert set(body) == {"count", "next", "previous", "results"}
    extra = resource["extra"]
    assert body["count"] == (1 if resource["other"] is None else 2) + extra
    row = body["results"][0]
    assert row["region"] in {"620502", "620503"}
    assert "id" in row
    # region filter: that region and below
    assert city.get(url(prefix), {"region": "620502"}).json()["count"] == 1 + extra
    assert city.get(url(prefix), {"region": "620500"}).json()["count"] == body["count"]
    assert city.get(url(prefix), {"region": "620521"}).json()["count"] == 0
    # year filter on the record's main date
    assert city.get(url(prefix), {"year": resource["year"], "region": "620502"}).json()["count"] == 1
    assert city.get(url(prefix), {"year": resource["other_year"]}).json()["count"] == 0


def test_detail_by_key_and_scoping(resource, users, client_for):
    prefix, key = resource["prefix"], resource["key"]
    own_key = key(resource["own"])
    county = client_for(users["county"])
    response = county.get(url(prefix, own_key))
    assert response.status_code == 200, response.content
    assert response.json()["region"] == "620502"
    assert county.get(url(prefix)).json()["count"] == 1 + resource["extra"]
    other_county = client_for(users["other_county"])
    missing = other_county.get(url(prefix, own_key))
    assert missing.status_code == 404
    assert "未找到" in missing.json()["detail"]
    assert client_for(users["leader"]).get(url(prefix, own_key)).status_code == 200
    assert client_for(users["expert"]).get(url(prefix)).json()["count"] == 0
    anonymous = client_for(None).get(url(prefix))
    assert anonymous.status_code in {401, 403}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in anonymous.json()["detail"])


def test_bad_filters_are_chinese_400(resource, users, client_for):
    city = client_for(users["city"])
    for params in ({"region": "999999"}, {"year": "abc"}, {"page_size": "x", "year": "20x"}):
        response = city.get(url(resource["prefix"]), params)
        assert response.status_code == 400, (params, response.content)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))


def test_leader_and_enterprise_cannot_write(resource, users, client_for):
    prefix, key = resource["prefix"], resource["key"]
    for role in ("leader", "department", "enterprise", "expert"):
        client = client_for(users[role])
        assert client.post(url(prefix), {}, format="json").status_code == 403
        assert client.delete(url(prefix, key(resource["own"]))).status_code in {403, 404}


def test_page_size_capped_at_1000(users, client_for, regions):
    EntityFactory.create_batch(3, region=regions["620502"])
    city = client_for(users["city"])
    body = city.get("/api/v1/entities/", {"page_size": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]
    page2 = city.get(body["next"]).json()
    assert len(page2["results"]) == 2 and page2["previous"]
    assert len(city.get("/api/v1/entities/", {"page_size": 5000}).json()["results"]) == 4
    assert city.get("/api/v1/entities/", {"page": 99}).status_code == 404


def test_schema_builds_without_warnings(users, client_for):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for prefix in RESOURCES:
        assert url(prefix) in paths
    assert "/api/v1/entities/{uscc}/" in paths and "/api/v1/trademarks/{number}/" in paths
    ours = [w for w in GENERATOR_STATS._warn_cache if "RegionViewSet" not in w]
    assert ours == []
    assert not GENERATOR_STATS._error_cache
    assert client_for(users["city"]).get("/api/schema/").status_code == 200
