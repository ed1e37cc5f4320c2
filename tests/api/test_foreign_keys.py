"""Creating a record under a key another county holds answers one neutral refusal, the same for every
resource, carrying nothing of the other record (issue 12, item 2); a key held in the user's own
scope still answers "已存在"."""

from __future__ import annotations

import json

import pytest

from qualitybrand.core.models import Region
from qualitybrand.core.resources import KEY_NOT_AVAILABLE
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.registry.models import Entity
from tests.api.conftest import make_user
from tests.contract.citygen import ORDER, generate

KEYED = ["entities", "trademarks", "patents", "certifications", "standards", "inspections", "incidents", "cases",
         "pledges", "services", "publicity"]


@pytest.fixture
def city(db):
    city = generate(7)
    for ledger in ORDER:
        import_rows(ledger, city.rows[ledger], mode="partial")
    county = Region.objects.get(code=city.counties[0])
    return {"county": county, "city_user": make_user("city_admin", Region.objects.get(code=city.city)),
            "county_user": make_user("county", county)}


def _records(client, resource):
    return client.get(f"/api/v1/{resource}/?page_size=1000").json()["results"]


@pytest.mark.parametrize("resource", KEYED)
def test_another_countys_key_gets_the_neutral_refusal(resource, city, client_for):
    county = city["county"]
    inside = {r.code for r in Region.objects.filter(path__startswith=county.path)}
    own = Entity.objects.filter(region__path__startswith=county.path).values_list("uscc", flat=True)[0]
    foreign_usccs = set(Entity.objects.exclude(region__path__startswith=county.path).values_list("uscc", flat=True))
    records = [r for r in _records(client_for(city["city_user"]), resource) if r.get("region") not in inside]
    assert records, f"no {resource} outside {county.code} in the random city"
    record = records[0]
    body = {k: v for k, v in record.items() if k not in ("id", "region") and v is not None}
    for k, v in body.items():
        if isinstance(v, str) and v in foreign_usccs and k != "uscc":
            body[k] = own  # a reference to the user's own entity: the record would be the county's
    if resource in ("entities", "incidents", "cases", "publicity"):
        body["region"] = county.code
    response = client_for(city["county_user"]).post(f"/api/v1/{resource}/", body, format="json")
    text = json.dumps(response.json(), ensure_ascii=False)
    assert response.status_code == 400, text
    assert KEY_NOT_AVAILABLE in text and "已存在" not in text
    sent = json.dumps(body, ensure_ascii=False)
    secrets = [str(v) for k, v in record.items() if k != "id" and v not in (None, "") and str(v) not in sent
               and len(str(v)) >= 4]
    assert not [s for s in secrets if s in text], text


def test_a_key_held_in_the_users_own_scope_still_says_it_exists(city, client_for):
    county = city["county"]
    mine = Entity.objects.filter(region__path__startswith=county.path).first()
    body = {"uscc": mine.uscc, "name": "另一家", "kind": mine.kind, "region": county.code}
    response = client_for(city["county_user"]).post("/api/v1/entities/", body, format="json")
    text = json.dumps(response.json(), ensure_ascii=False)
    assert response.status_code == 400 and "已存在" in text and KEY_NOT_AVAILABLE not in text
