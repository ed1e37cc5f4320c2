"""/api/v1/trace-events/ (CRUD, scoped) and /api/v1/trace-events/tree/."""

from __future__ import annotations

import pytest

from qualitybrand.tracing.models import TraceEvent
from tests.factories import EntityFactory, next_uscc

pytestmark = pytest.mark.django_db


def api(client, user):
    client.force_login(user)
    return client


def test_tree_down_and_up(client, users, flow):
    c = api(client, users["city"])
    down = c.get("/api/v1/trace-events/tree/?code=F1").json()
    assert down["direction"] == "down"
    by_name = {n["name"]: n for n in down["nodes"]}
    assert by_name["清水便利店"]["depth"] == 3 and by_name["清水便利店"]["parent_entity"] == flow["R"].uscc
    assert by_name["城南摊位"]["entity"] is None and by_name["城南摊位"]["quantity"] == 50
    assert by_name["秦州面粉厂"]["region"] == "620502"
    up = c.get("/api/v1/trace-events/tree/?code=F1&direction=up").json()
    assert [n["name"] for n in up["nodes"]] == ["秦州面粉厂"]


@pytest.mark.parametrize("query, status, text", [
    ("", 400, "追溯码"), ("?code=F1&direction=sideways", 400, "direction"), ("?code=NOPE", 404, "追溯码"),
])
def test_tree_bad_input(client, users, flow, query, status, text):
    response = api(client, users["city"]).get(f"/api/v1/trace-events/tree/{query}")
    assert response.status_code == status and text in response.json()["detail"]


def test_create_update_delete_with_change_log(client, users, flow):
    from qualitybrand.core.models import ChangeLog

    c = api(client, users["qz"])
    made = c.post("/api/v1/trace-events/", {
        "number": "QZ-1", "kind": "购进", "entity": flow["M"].uscc, "product": "小麦", "batch": "W1",
        "trace_code": "W1", "counterparty_name": "外省粮库", "occurred": "2013-12-01", "quantity": 3000,
        "unit": "公斤"}, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert made.json()["region"] == "620502" and made.json()["counterparty_label"] == "外省粮库"
    pk = made.json()["id"]
    changed = c.patch(f"/api/v1/trace-events/{pk}/", {"quantity": "2500.5"}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["quantity"] == 2500.5
    assert ChangeLog.objects.filter(model="tracing.traceevent", object_id=str(pk)).count() == 2
    assert c.delete(f"/api/v1/trace-events/{pk}/").status_code == 204
    assert not TraceEvent.objects.filter(pk=pk).exists()


def test_refusals_answer_in_chinese_and_change_nothing(client, users, flow):
    c = api(client, users["qz"])
    before = TraceEvent.objects.count()
    base = {"kind": "销售", "entity": flow["M"].uscc, "product": "面粉", "batch": "B", "trace_code": "F1",
            "occurred": "2014-01-01"}
    foreign = EntityFactory(region=flow["W"].region)
    unknown = next_uscc("620503")
    answers = {}
    for label, body in {
        "no counterparty": base,
        "bad quantity": {**base, "counterparty_name": "某店", "quantity": "很多"},
        "foreign entity": {**base, "entity": foreign.uscc, "counterparty_name": "某店"},
        "foreign counterparty": {**base, "counterparty": foreign.uscc},
        "unknown counterparty": {**base, "counterparty": unknown},
        "no code": {**base, "trace_code": "", "counterparty_name": "某店"},
        "not an object": ["x"],
    }.items():
        response = c.post("/api/v1/trace-events/", body, content_type="application/json")
        assert response.status_code in (400, 403), (label, response.status_code)
        text = str(response.json())
        assert any("\u4e00" <= ch <= "\u9fff" for ch in text), (label, text)
        answers[label] = text
    # Another county's entity answers exactly like an unknown code.
    assert answers["foreign counterparty"].replace(foreign.uscc, "X") == answers["unknown counterparty"].replace(
        unknown, "X")
    assert TraceEvent.objects.count() == before


def test_an_update_that_closes_a_cycle_is_refused(client, users, flow):
    c = api(client, users["city"])
    sale = TraceEvent.objects.get(entity=flow["R"], kind="销售")  # R → S
    response = c.patch(f"/api/v1/trace-events/{sale.pk}/", {"counterparty": flow["M"].uscc},
                       content_type="application/json")  # R → M would close M → W → R → M
    assert response.status_code == 400 and "循环" in str(response.json())
    sale.refresh_from_db()
    assert sale.counterparty == flow["S"]


def test_scoped_reads(client, users, flow):
    c = api(client, users["mj"])
    numbers = {r["entity"] for r in c.get("/api/v1/trace-events/").json()["results"]}
    assert numbers == {flow["W"].uscc}
    other = TraceEvent.objects.filter(entity=flow["M"]).first()
    assert c.get(f"/api/v1/trace-events/{other.pk}/").status_code == 404
    assert c.get("/api/v1/trace-events/?code=F1").json()["count"] == 2
    c.force_login(users["W"])
    assert {r["entity"] for r in c.get("/api/v1/trace-events/").json()["results"]} == {flow["W"].uscc}
