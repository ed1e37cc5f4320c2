"""Pages of tracing: list scoping, the unit page (full trees for offices, one hop for enterprises), the
export of downstream holders, the search, the entry form (enterprise only its own events)."""

from __future__ import annotations

import csv
import io

import pytest

from qualitybrand.tracing.models import TraceEvent
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def body(response) -> str:
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")


def test_a_county_lists_only_events_of_its_region(client, users, flow):
    page = body(client_for(client, users["qz"]).get("/tracing/"))
    assert "秦州面粉厂" in page and "清水超市" not in page
    qs = TraceEvent.objects.for_user(users["qz"])
    assert {e.entity.name for e in qs} == {"秦州面粉厂"}
    other = TraceEvent.objects.filter(entity=flow["W"]).first()
    assert client.get(f"/tracing/events/{other.pk}/").status_code == 404
    exported = body(client.get("/tracing/?export=csv"))
    assert "秦州面粉厂" in exported and "麦积批发部" in exported and "清水超市" not in exported
    rows = list(csv.reader(io.StringIO(exported)))
    assert sum(1 for r in rows if r and r[0].startswith("SJ")) == 2
    api = client.get("/api/v1/trace-events/").json()
    assert api["count"] == 2


def test_the_unit_page_shows_both_trees_with_links_depth_and_quantity(client, users, flow):
    page = body(client_for(client, users["city"]).get("/tracing/unit/F1/"))
    for name in ("秦州面粉厂", "麦积批发部", "清水超市", "清水便利店", "城南摊位"):
        assert name in page
    assert flow["S"].get_absolute_url() in page and "tr-d3" in page and "200 件" not in page
    assert "200" in page and "面粉" in page and "B20140101" in page
    up = body(client.get("/tracing/unit/F1/?tab=up"))
    assert "秦州面粉厂" in up and "清水便利店" not in up


def test_a_county_follows_a_unit_that_passes_through_it_and_no_other(client, users, flow):
    c = client_for(client, users["qz"])
    assert c.get("/tracing/unit/F1/").status_code == 200  # produced in 秦州区: the whole chain
    assert "清水便利店" in body(c.get("/tracing/unit/F1/"))
    assert c.get("/tracing/unit/G1/").status_code == 404  # never touches 秦州区
    assert c.get("/tracing/unit/NOPE/").status_code == 404
    c.force_login(users["wuzhan"])
    assert c.get("/tracing/unit/F1/").status_code == 404
    assert c.get("/api/v1/trace-events/tree/?code=F1").status_code == 404
    # A buyer's county sees the unit too (the sale to its entity is an event of the seller's county).
    c.force_login(users["mj"])
    assert c.get("/tracing/unit/F1/").status_code == 200


def test_an_enterprise_sees_one_hop_up_and_down(client, users, flow):
    c = client_for(client, users["W"])
    page = body(c.get("/tracing/unit/F1/"))
    assert "秦州面粉厂" in page and "清水超市" in page and "城南摊位" in page
    assert "清水便利店" not in page  # its buyer's buyer
    assert "本企业视图" in page and "导出下游" not in page
    c.force_login(users["R"])  # R only bought F1 (the seller recorded the sale) and sold it on
    page = body(c.get("/tracing/unit/F1/"))
    assert "麦积批发部" in page and "清水便利店" in page and "秦州面粉厂" not in page
    assert c.get("/tracing/unit/G1/").status_code == 404
    tree = c.get("/api/v1/trace-events/tree/?code=F1").json()
    assert {n["name"] for n in tree["nodes"]} == {"麦积批发部", "清水超市", "清水便利店"}


def test_export_of_downstream_holders(client, users, flow):
    c = client_for(client, users["city"])
    response = c.get("/tracing/unit/F1/?export=csv")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body(response))))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "层级")
    data = rows[header + 1:]
    assert len(data) == 5
    shop = next(r for r in data if r[2] == "清水便利店")
    assert shop[0] == "3" and shop[3] == flow["S"].uscc and shop[4] == "清水县" and shop[6] == "清水超市"
    assert float(shop[7]) == 20
    xlsx = c.get("/tracing/unit/F1/?export=xlsx")
    assert xlsx.status_code == 200 and body.__name__  # streamed .xlsx
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_search_by_code_and_by_product_and_batch(client, users, flow):
    c = client_for(client, users["city"])
    assert c.get("/tracing/unit/?code= F1 ")["Location"] == "/tracing/unit/F1/"
    assert c.get("/tracing/unit/?product=面&batch=B20140101")["Location"] == "/tracing/unit/F1/"
    page = body(c.get("/tracing/unit/?product=面"))
    assert "F1" in page and "G1" in page
    c.force_login(users["qz"])
    assert "G1" not in body(c.get("/tracing/unit/?product=挂面"))


def test_an_enterprise_enters_its_own_event_and_no_other(client, users, flow):
    c = client_for(client, users["R"])
    form = {"kind": "销售", "product": "面粉", "batch": "B20140101", "trace_code": "F1",
            "counterparty_name": "东关小卖部", "occurred": "2014-02-01", "quantity": "5", "unit": "袋"}
    response = c.post("/tracing/events/new/", form)
    assert response.status_code == 302
    made = TraceEvent.objects.get(counterparty_name="东关小卖部")
    assert made.entity == flow["R"] and made.region == flow["R"].region and made.number.startswith("ZS")
    refused = c.post("/tracing/events/new/", {**form, "entity": flow["W"].uscc, "counterparty_name": "别家"})
    assert refused.status_code == 400 and "企业用户只能录入本企业的追溯事件" in body(refused)
    assert not TraceEvent.objects.filter(counterparty_name="别家").exists()
    api = c.post("/api/v1/trace-events/", {**form, "entity": flow["W"].uscc, "counterparty_name": "别家"},
                 content_type="application/json")
    assert api.status_code == 400 and "本企业" in str(api.json())
    # Its own events only in its list; its buyer anywhere in the registry as 对方.
    assert {e.entity_id for e in TraceEvent.objects.for_user(users["R"])} == {flow["R"].pk}
    far = EntityFactory(region=flow["M"].region, name="外县客户")
    ok = c.post("/api/v1/trace-events/", {**form, "counterparty": far.uscc, "counterparty_name": ""},
                content_type="application/json")
    assert ok.status_code == 201, ok.json()


def test_form_refusals_keep_input_and_save_nothing(client, users, flow):
    c = client_for(client, users["city"])
    base = {"entity": flow["R"].uscc, "product": "面粉", "batch": "B20140101", "trace_code": "F1",
            "occurred": "2014-02-01"}
    cases = [({"kind": "销售"}, "须填写对方"),
             ({"kind": "销售", "counterparty": flow["W"].uscc}, "循环"),   # R → W closes W → R
             ({"kind": "生产", "source_code": "F1"}, "投入追溯码不能与本批次的追溯码相同"),
             ({"kind": "销售", "counterparty_name": "某店", "quantity": "-3"}, "数量应为不小于 0 的数"),
             ({"kind": "销售", "counterparty": "91620500MA0000000X"}, "不存在")]
    before = TraceEvent.objects.count()
    for extra, message in cases:
        response = c.post("/tracing/events/new/", {**base, **extra})
        assert response.status_code == 400 and message in body(response), (extra, body(response)[:200])
        assert base["product"] in body(response)  # what was typed stays in the form
    assert TraceEvent.objects.count() == before


def test_company_page_lists_own_events_and_links_the_entry_form(client, users, flow):
    page = body(client_for(client, users["W"]).get("/me/company/"))
    assert "产品追溯" in page and "/tracing/events/new/" in page and "/tracing/unit/F1/" in page
    assert "录入追溯事件" in page
