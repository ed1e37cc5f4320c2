"""A recall's inputs never tell a county about another county's batches or enterprises (review of issue 14)."""

import pytest
from rest_framework.test import APIClient

from qualitybrand.recalls.models import Recall
from tests.factories import EntityFactory, UserFactory
from tests.recalls.factories import chain

pytestmark = pytest.mark.django_db


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(entity, codes):
    return {"entity": entity.uscc, "product": "婴儿奶粉", "product_type": "消费品", "kind": "责令召回",
            "reason": "阪崎肠杆菌超标", "trace_codes": codes, "decided": "2024-09-27"}


def test_a_batch_that_never_reached_the_county_answers_as_one_without_events(regions):
    inside = chain(regions["620502"])  # every firm in 秦州区
    maiji = UserFactory(role="county", region=regions["620503"])
    own = EntityFactory(region=regions["620503"])
    foreign = _api(maiji).post("/api/v1/recalls/", _body(own, [inside["code"]]), format="json")
    unknown = _api(maiji).post("/api/v1/recalls/", _body(own, ["NOPE-NONE"]), format="json")
    assert foreign.status_code == unknown.status_code == 400
    assert str(foreign.json()).replace(inside["code"], "NOPE-NONE") == str(unknown.json())
    assert not Recall.objects.exists()


def test_another_countys_enterprise_answers_as_an_unknown_code(regions):
    inside = chain(regions["620502"])
    maiji = UserFactory(role="county", region=regions["620503"])
    known = _api(maiji).post("/api/v1/recalls/", _body(inside["M"], [inside["code"]]), format="json")
    missing = _api(maiji).post("/api/v1/recalls/", _body(EntityFactory.build(region=regions["620503"]),
                                                          [inside["code"]]), format="json")
    assert known.status_code == missing.status_code == 400
    assert inside["M"].name not in str(known.json())
    assert str(known.json()).replace(inside["M"].uscc, "X") == str(missing.json()).replace(
        missing.json()["detail"].split("为 ")[1].split(" ")[0], "X")
