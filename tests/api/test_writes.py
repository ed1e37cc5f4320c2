"""Writes through the API: services with the change log, scoping, Chinese 400s, never a 500."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core.codes import make_uscc
from qualitybrand.core.models import ChangeLog
from qualitybrand.registry.models import Entity, Pledge, Trademark
from tests.api import factories as af
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory

USCC = make_uscc("91", "620502", "MA7Q0001")


def has_chinese(data) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(data))


def test_create_entity_is_logged(users, client_for):
    client = client_for(users["county"])
    response = client.post("/api/v1/entities/", {"uscc": USCC.lower(), "name": "天水新企业有限公司", "kind": "企业",
                                                  "region": "620502", "established": "2013-05-01"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uscc"] == USCC and body["region"] == "620502" and body["kind"] == "企业"
    entity = Entity.objects.get(uscc=USCC)
    entry = ChangeLog.objects.get(model="registry.entity", object_id=str(entity.pk))
    assert entry.action == "create" and entry.username == users["county"].username
    assert client.get(f"/api/v1/entities/{USCC}/").json()["name"] == "天水新企业有限公司"


def test_industry_codes_take_the_same_forms_as_in_ledgers(users, client_for):
    client = client_for(users["county"])
    response = client.post("/api/v1/entities/", {"uscc": USCC, "name": "甲", "kind": "企业", "region": "620502",
                                                  "industry_code": "c13"}, format="json")
    assert response.status_code == 201 and response.json()["industry_code"] == "13"
    response = client.patch(f"/api/v1/entities/{USCC}/", {"industry_code": "A13"}, format="json")
    assert response.status_code == 400 and "门类与大类不符" in str(response.json())


def test_county_cannot_write_outside_its_scope(users, client_for, regions):
    client = client_for(users["county"])
    response = client.post("/api/v1/entities/", {"uscc": USCC, "name": "外县企业", "kind": "企业",
                                                  "region": "620503"}, format="json")
    assert response.status_code == 403 and has_chinese(response.json()["detail"])
    other = EntityFactory(region=regions["620503"])
    assert client.patch(f"/api/v1/entities/{other.uscc}/", {"name": "改名"}, format="json").status_code == 404
    assert client.delete(f"/api/v1/entities/{other.uscc}/").status_code == 404
    own = users["own_entity"]
    moved = client.patch(f"/api/v1/entities/{own.uscc}/", {"region": "620503"}, format="json")
    assert moved.status_code == 403
    assert not Entity.objects.filter(name="改名").exists()
    assert not ChangeLog.objects.filter(model="registry.entity", action="update").exists()


def test_bad_input_gets_chinese_messages_per_field(users, client_for):
    client = client_for(users["city"])
    bad_uscc = USCC[:-1] + ("0" if USCC[-1] != "0" else "1")
    response = client.post("/api/v1/entities/", {"uscc": bad_uscc, "name": "", "kind": "公司", "region": "620502",
                                                  "established": "2013-13-45"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert has_chinese(body["detail"])
    assert "校验码" in body["uscc"][0]
    assert "企业" in body["kind"][0]  # names the accepted values
    assert "YYYY-MM-DD" in body["established"][0]
    assert has_chinese(body["name"])
    for payload, ctype in (("{not json", "application/json"), ("[1, 2]", "application/json"),
                           ('"text"', "application/json"), ("null", "application/json")):
        r = client.post("/api/v1/entities/", payload, content_type=ctype)
        assert r.status_code == 400, (payload, r.content)
        assert has_chinese(r.json())
    wrong_types = client.post("/api/v1/trademarks/", {"number": 12, "name": ["x"], "classes": "abc",
                                                       "holder": {"a": 1}, "applied": 5, "is_gi": "maybe"},
                              format="json")
    assert wrong_types.status_code == 400
    assert set(wrong_types.json()) >= {"detail", "classes", "holder", "applied", "is_gi"}
    assert not Entity.objects.filter(uscc=bad_uscc).exists()


def test_trademark_takes_holder_region_and_defaults(users, client_for, regions):
    holder = EntityFactory(region=regions["620503"])
    client = client_for(users["city"])
    response = client.post("/api/v1/trademarks/", {
        "number": "12345678", "name": "麦积山", "classes": [30, 29, 30], "holder": holder.uscc,
        "applied": "2011-01-05", "registered": "2012-02-29"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == "620503" and body["holder"] == holder.uscc
    assert body["classes"] == [29, 30] and body["expires"] == "2022-02-28"
    bad = client.post("/api/v1/trademarks/", {"number": "12a", "name": "x", "classes": [46], "holder": "NOPE",
                                               "applied": "2011-01-05", "is_gi": True}, format="json").json()
    assert "数字" in bad["number"][0] and "1–45" in str(bad["classes"]) and "不存在" in bad["holder"][0]
    county = client_for(users["county"])  # 秦州区 cannot reference 麦积区's entity
    hidden = county.post("/api/v1/trademarks/", {"number": "99", "name": "x", "classes": [1], "holder": holder.uscc,
                                                  "applied": "2011-01-05"}, format="json")
    assert hidden.status_code == 400 and "管辖范围" in hidden.json()["holder"][0]


def test_update_and_delete_with_reason_are_logged(users, client_for, regions):
    mark = TrademarkFactory(holder=EntityFactory(region=regions["620502"]))
    client = client_for(users["county"])
    r = client.patch(f"/api/v1/trademarks/{mark.number}/", {"name": "新名称"}, format="json")
    assert r.status_code == 200 and r.json()["name"] == "新名称"
    entry = ChangeLog.objects.get(model="registry.trademark", action="update")
    assert entry.before == {"name": mark.name} and entry.after == {"name": "新名称"}
    r = client.delete(f"/api/v1/trademarks/{mark.number}/?reason=重复录入")
    assert r.status_code == 204
    assert not Trademark.objects.filter(pk=mark.pk).exists()
    assert ChangeLog.objects.get(model="registry.trademark", action="delete").reason == "重复录入"


def test_delete_of_referenced_entity_is_refused(users, client_for, regions):
    mark = TrademarkFactory(holder=EntityFactory(region=regions["620502"]))
    r = client_for(users["city"]).delete(f"/api/v1/entities/{mark.holder.uscc}/")
    assert r.status_code == 409 and "引用" in r.json()["detail"]
    assert Entity.objects.filter(pk=mark.holder_id).exists()


def test_entity_move_takes_its_records(users, client_for, regions):
    entity = EntityFactory(region=regions["620502"])
    mark = TrademarkFactory(holder=entity)
    insp = af.InspectionFactory(entity=entity)
    r = client_for(users["city"]).patch(f"/api/v1/entities/{entity.uscc}/", {"region": "620503"}, format="json")
    assert r.status_code == 200
    mark.refresh_from_db()
    insp.refresh_from_db()
    assert mark.region.code == "620503" and insp.region.code == "620503"
    assert ChangeLog.objects.filter(model="registry.trademark", object_id=str(mark.pk), action="update").exists()


def test_recognition_pledge_and_blacklist_rules(users, client_for, regions):
    client = client_for(users["city"])
    entity = EntityFactory(region=regions["620502"])
    mark = TrademarkFactory(holder=entity)
    stranger = TrademarkFactory(holder=EntityFactory(region=regions["620502"]))
    ProgramFactory(code="prov_famous_tm", object_kind="商标", level="省", validity_years=3)
    r = client.post("/api/v1/recognitions/", {"program": "prov_famous_tm", "entity": entity.uscc,
                                               "trademark": mark.number, "year": 2012}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["valid_until"] == "2014-12-31" and r.json()["level"] == "省"
    again = client.post("/api/v1/recognitions/", {"program": "prov_famous_tm", "entity": entity.uscc,
                                                   "trademark": mark.number, "year": 2012}, format="json")
    assert again.status_code == 400 and "已存在" in again.json()["detail"]
    foreign = client.post("/api/v1/recognitions/", {"program": "prov_famous_tm", "entity": entity.uscc,
                                                     "trademark": stranger.number, "year": 2013}, format="json")
    assert foreign.status_code == 400 and "不属于" in foreign.json()["trademark"][0]
    p = client.post("/api/v1/pledges/", {"number": "ZY/2013/1", "pledgor": entity.uscc, "pledgee": "银行",
                                          "trademarks": [mark.number], "amount": 1234.5,
                                          "registered": "2013-01-01", "expires": "2014-01-01"}, format="json")
    assert p.status_code == 201, p.content
    assert p.json()["amount"] == 1234.5 and p.json()["trademarks"] == [mark.number]
    assert list(Pledge.objects.get(number="ZY/2013/1").trademarks.all()) == [mark]
    b = client.post("/api/v1/blacklist/", {"entity": entity.uscc, "listed": "2013-01-01", "reason": "虚假",
                                            "authority": "市局", "removed": "2014-01-01"}, format="json")
    assert b.status_code == 400 and "移出方式" in b.json()["removal_method"][0]


def test_programs_only_city_admin_writes(users, client_for):
    payload = {"code": "city_known_tm", "name": "市知名商标", "object_kind": "商标", "level": "市",
               "validity_years": 3}
    assert client_for(users["county"]).post("/api/v1/programs/", payload, format="json").status_code == 403
    r = client_for(users["city"]).post("/api/v1/programs/", payload, format="json")
    assert r.status_code == 201
    assert client_for(users["leader"]).get("/api/v1/programs/city_known_tm/").json()["level"] == "市"


def test_feature_filters(users, client_for, regions):
    client = client_for(users["city"])
    e = EntityFactory(region=regions["620502"], established=dt.date(2010, 1, 1), deregistered=dt.date(2013, 6, 1))
    TrademarkFactory(holder=e, registered=dt.date(2011, 3, 1), expires=dt.date(2021, 2, 28))
    TrademarkFactory(holder=e, registered=dt.date(2014, 3, 1), expires=dt.date(2024, 2, 28))
    TrademarkFactory(holder=e, registered=None, expires=None)
    assert client.get("/api/v1/trademarks/", {"valid_on": "2013-12-31"}).json()["count"] == 1
    assert client.get("/api/v1/trademarks/", {"registered_year": 2014}).json()["count"] == 1
    assert client.get("/api/v1/trademarks/", {"holder": e.uscc.lower()}).json()["count"] == 3
    assert client.get("/api/v1/entities/", {"exists_on": "2013-12-31", "search": e.name}).json()["count"] == 0
    assert client.get("/api/v1/entities/", {"exists_on": "2012-12-31", "search": e.uscc}).json()["count"] == 1
    af.InspectionFactory(entity=e, conclusion="不合格", failed_items="标识")
    af.InspectionFactory(entity=e)
    r = client.get("/api/v1/inspections/", {"region": "620500", "year": 2013, "conclusion": "不合格"})
    assert r.json()["count"] == 1
    bad = client.get("/api/v1/inspections/", {"conclusion": "坏"})
    assert bad.status_code == 400 and "合格" in str(bad.json()["conclusion"])
    assert client.get("/api/v1/trademarks/", {"valid_on": "2013-02-30"}).status_code == 400
    names = [row["name"] for row in client.get("/api/v1/entities/", {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)


def test_nice_class_filter(users, client_for, regions):
    e = EntityFactory(region=regions["620502"])
    TrademarkFactory(holder=e, classes=[3, 30])
    TrademarkFactory(holder=e, classes=[30])
    TrademarkFactory(holder=e, classes=[13])
    client = client_for(users["city"])
    assert client.get("/api/v1/trademarks/", {"nice_class": 30}).json()["count"] == 2
    assert client.get("/api/v1/trademarks/", {"nice_class": 3}).json()["count"] == 1
    assert client.get("/api/v1/trademarks/", {"nice_class": 13}).json()["count"] == 1
    assert client.get("/api/v1/trademarks/", {"nice_class": 46}).status_code == 400


def test_pledge_trademarks_change_is_logged(users, client_for, regions):
    entity = EntityFactory(region=regions["620502"])
    a, b = TrademarkFactory(holder=entity), TrademarkFactory(holder=entity)
    client = client_for(users["county"])
    r = client.post("/api/v1/pledges/", {"number": "ZY1", "pledgor": entity.uscc, "pledgee": "银行",
                                         "trademarks": [a.number], "amount": 10, "registered": "2013-01-01",
                                         "expires": "2014-01-01"}, format="json")
    assert r.status_code == 201
    pk = r.json()["id"]
    assert client.patch(f"/api/v1/pledges/{pk}/", {"trademarks": [a.number, b.number]},
                        format="json").status_code == 200
    entry = ChangeLog.objects.filter(model="registry.pledge", object_id=str(pk)).order_by("id").last()
    assert entry.before == {"trademarks": [a.number]} and entry.after == {"trademarks": sorted([a.number, b.number])}


def test_exact_code_filters(users, client_for, regions):
    e = EntityFactory(region=regions["620502"])
    af.InspectionFactory(entity=e, number="CJ-1")
    af.InspectionFactory(entity=e, number="CJ-10")
    client = client_for(users["city"])
    assert client.get("/api/v1/inspections/", {"number": "CJ-1"}).json()["count"] == 1
    assert client.get("/api/v1/entities/", {"uscc": e.uscc.lower()}).json()["count"] == 1


def test_choice_filters_take_several_values(users, client_for, regions):
    for grade in ("一般", "较大", "重大"):
        af.IncidentFactory(region=regions["620502"], grade=grade)
    client = client_for(users["city"])
    assert client.get("/api/v1/incidents/", {"grade": ["较大", "重大", "特别重大"]}).json()["count"] == 2
    assert client.get("/api/v1/incidents/", {"grade": "一般"}).json()["count"] == 1
    bad = client.get("/api/v1/incidents/", {"grade": ["较大", "严重"]})
    assert bad.status_code == 400 and "特别重大" in str(bad.json()["grade"])


def test_empty_filter_values_mean_no_condition(users, client_for, regions):
    af.IncidentFactory(region=regions["620502"])
    client = client_for(users["city"])
    body = client.get("/api/v1/incidents/", {"grade": "", "domain": "", "region": "", "year": "", "search": ""})
    assert body.status_code == 200 and body.json()["count"] == 1


def test_ledger_forms_of_booleans_dates_and_lists(users, client_for, regions):
    holder = EntityFactory(region=regions["620502"])
    r = client_for(users["city"]).post("/api/v1/trademarks/", {
        "number": "555", "name": "证明标", "classes": "29，30", "holder": holder.uscc, "applied": "2011/1/5",
        "registered": "2012年2月29日", "mark_type": "证明商标", "is_gi": "是"}, format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["classes"] == [29, 30] and body["is_gi"] is True and body["applied"] == "2011-01-05"
    assert body["registered"] == "2012-02-29" and body["expires"] == "2022-02-28"
