"""The program eligibility rules editor: rules listed with their preview on the records of the user's region,
add / edit / remove saved through set_program_rules (change-logged) and equal to the YAML import, every bad
input refused at its field with nothing saved, and who may use it."""

import datetime as dt
import re

import pytest
import yaml
from django.test import Client

from qualitybrand.core.models import ChangeLog
from qualitybrand.cultivation import rules, selectors
from qualitybrand.cultivation.views_rules import rules_from_yaml
from qualitybrand.registry.models import Program, Recognition
from qualitybrand.supervision.models import BlacklistEntry, Inspection
from tests.cultivation.conftest import TODAY
from tests.factories import EntityFactory, TrademarkFactory

URL = "/cultivation/programs/prov_famous_tm/rules/"


@pytest.fixture
def pool(programs, regions):
    """Holders of 市知名商标 (the prerequisite of 省著名商标): A passes everything; B was first recognised in 2013
    (not 3 years) and is blacklisted; C in 麦积区 had a failed inspection in 2013."""
    out = {}
    for key, region, year in (("A", "620502", 2010), ("B", "620502", 2013), ("C", "620503", 2010)):
        entity = EntityFactory(region=regions[region], name=f"{key}公司{region}")
        mark = TrademarkFactory(holder=entity, registered=dt.date(2005, 3, 1), name=f"{key}牌")
        Recognition.objects.create(program=programs["city"], entity=entity, trademark=mark, object_key=mark.number,
                                   year=year, valid_until=dt.date(2016, 12, 31), region=entity.region)
        out[key] = entity
    Inspection.objects.create(number="CJ-2013-001", entity=out["C"], region=out["C"].region,
                              sampled=dt.date(2013, 5, 1), conclusion="不合格", level="市",
                              product_category="食品")
    BlacklistEntry.objects.create(entity=out["B"], region=out["B"].region, listed=dt.date(2014, 1, 2),
                                  reason="虚假宣传", authority="天水市市场监督管理局")
    return out


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def stamp(client, url=URL):
    html = client.get(url).content.decode()
    return re.search(r'name="stamp" value="([0-9a-f]+)"', html).group(1)


def rule_log():
    return ChangeLog.objects.filter(model="registry.program").count()


def counts(html):
    """(passed, failed, pending) per listed rule, in order."""
    rows = re.findall(r'<td class="num cv-pass">(\d+)</td><td class="num cv-fail">(\d+)</td><td class="num">(\d+)</td>',
                      html)
    return [tuple(map(int, r)) for r in rows]


@pytest.mark.django_db
def test_rules_listed_with_their_preview_on_the_regions_records(users, pool, programs, regions):
    city = client_for(users["city_admin"])
    html = city.get(URL, {"region": "620500"}).content.decode()
    assert "持有有效的市知名商标满 3 年" in html and "近 3 年无监督抽查不合格" in html
    assert "天水市的候选对象（持有市知名商标的对象，共 3 个）" in html
    assert counts(html) == [(2, 1, 0), (2, 1, 0), (2, 1, 0)]
    assert "持有市知名商标自2013年起，不满 3 年" in html and "CJ-2013-001" in html and "虚假宣传" in html
    # the same figures as evaluating the program's rules on the pipeline's pool
    universe = [c for c, _ in selectors._universe(programs["prov"], regions["620500"], [TODAY])]
    results = rules.evaluate(programs["prov"], universe, TODAY)
    assert counts(html) == [(sum(r[i]["passed"] is True for r in results), sum(r[i]["passed"] is False for r in results),
                             0) for i in range(3)]
    # a county sees its own county's candidates only
    county = client_for(users["county"])
    html = county.get(URL).content.decode()
    assert counts(html) == [(1, 1, 0), (2, 0, 0), (1, 1, 0)]
    assert "A公司620502" in html and "C公司620503" not in html
    assert county.get(URL, {"region": "620503"}).status_code == 403
    assert "data-rule-form" not in html and 'value="remove"' not in html  # no editing controls for a county


@pytest.mark.django_db
def test_add_edit_remove_saved_through_the_service_and_equal_to_yaml(users, pool, programs):
    city = client_for(users["city_admin"])
    before = rule_log()
    res = city.post(URL, {"stamp": stamp(city), "action": "save", "kind": "entity_age", "years": "5",
                          "program": "city_known_tm", "score": "600"})  # parameters of other kinds are ignored
    assert res.status_code == 302
    prov = Program.objects.get(code="prov_famous_tm")
    assert prov.rules[-1] == {"type": "entity_age", "years": 5}
    entry = ChangeLog.objects.filter(model="registry.program").latest("id")
    assert rule_log() == before + 1 and entry.reason == "修改申报条件" and entry.action == "update"
    # edit the first rule (prerequisite 3 → 2 years)
    res = city.post(URL, {"stamp": stamp(city), "action": "save", "index": "0", "kind": "prerequisite",
                          "program": "city_known_tm", "years": "2"})
    assert res.status_code == 302
    prov.refresh_from_db()
    assert prov.rules[0] == {"type": "prerequisite", "program": "city_known_tm", "years": 2}
    # remove the blacklist rule (back to the same region, at the top where the message shows)
    res = city.post(URL, {"stamp": stamp(city), "action": "remove", "index": "2", "region": "620502"})
    assert res.status_code == 302 and res["Location"] == URL + "?region=620502#main"
    prov.refresh_from_db()
    built = prov.rules
    assert [r["type"] for r in built] == ["prerequisite", "no_failed_inspection", "entity_age"]
    assert rule_log() == before + 3
    # the same list written as YAML and imported gives the same data
    text = ("rules:\n- {type: prerequisite, program: city_known_tm, years: 2}\n"
            "- {type: no_failed_inspection, years: 3}\n- {type: entity_age, years: 5}\n")
    assert rules_from_yaml(text, prov) == built
    export = city.get("/cultivation/programs/prov_famous_tm/rules.yaml")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    doc = yaml.safe_load(export.content.decode())
    assert doc == {"kind": "program_rules", "program": "prov_famous_tm", "rules": built}
    # import replaces the list (through the service: change-logged)
    res = city.post(URL, {"stamp": stamp(city), "action": "import", "yaml": "- type: not_blacklisted\n"})
    assert res.status_code == 302
    prov.refresh_from_db()
    assert prov.rules == [{"type": "not_blacklisted"}] and rule_log() == before + 4
    res = city.post(URL, {"stamp": stamp(city), "action": "import", "yaml": export.content.decode()})
    prov.refresh_from_db()
    assert res.status_code == 302 and prov.rules == built


@pytest.mark.django_db
def test_a_draft_rule_is_previewed_without_saving(users, pool, programs):
    city = client_for(users["city_admin"])
    before, rules_before = rule_log(), Program.objects.get(code="prov_famous_tm").rules
    res = city.post(URL, {"stamp": stamp(city), "action": "preview", "kind": "no_failed_inspection", "years": "1",
                          "region": "620500"})
    html = res.content.decode()
    assert res.status_code == 200 and "试算（未保存）：近 1 年无监督抽查不合格" in html
    assert "3 个候选对象中，<span class=\"cv-pass\">通过 3 个</span>，<span class=\"cv-fail\">未通过 0 个" in html
    res = city.post(URL, {"stamp": stamp(city), "action": "preview", "kind": "trademark_age", "years": "10",
                          "region": "620502"})
    html = res.content.decode()
    assert "2 个候选对象中，<span class=\"cv-pass\">通过 0 个</span>，<span class=\"cv-fail\">未通过 2 个" in html
    assert "于2005年3月1日注册，不满 10 年" in html
    assert rule_log() == before and Program.objects.get(code="prov_famous_tm").rules == rules_before


BAD = [
    ({"kind": "made_up"}, "kind", "规则类型“made_up”无效"),
    ({"kind": ""}, "kind", "请选择规则类型"),
    ({"kind": "entity_age", "years": "三"}, "years", "年限“三”无效：应为不小于 0 的整数"),
    ({"kind": "entity_age", "years": "-1"}, "years", "年限“-1”无效"),
    ({"kind": "entity_age", "years": "²"}, "years", "年限“²”无效"),
    ({"kind": "entity_age", "years": ""}, "years", "请填写年限"),
    ({"kind": "entity_age", "years": "101"}, "years", "年限 101 年过大"),
    ({"kind": "no_failed_inspection", "years": "0"}, "years", "年限应至少为 1 年"),
    ({"kind": "prerequisite", "program": "nope", "years": "1"}, "program", "前置项目“nope”不存在"),
    ({"kind": "prerequisite", "program": "prov_famous_tm"}, "program", "前置项目不能是本项目自身"),
    ({"kind": "prerequisite", "program": ""}, "program", "请选择前置项目"),
    ({"kind": "min_score", "score": "abc"}, "score", "最低分“abc”不是数字"),
    ({"kind": "min_score", "score": "2000"}, "score", "最低分 2000 超出范围"),
    ({"kind": "min_score", "score": "600", "scheme": "../etc"}, "scheme", "评分标准“../etc”不存在"),
    ({"kind": "not_blacklisted"}, "kind", "已有一条完全相同的规则"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("data, field, message", BAD)
def test_bad_rule_refused_at_the_field_nothing_saved(users, programs, data, field, message):
    city = client_for(users["city_admin"])
    before, rules_before = rule_log(), Program.objects.get(code="prov_famous_tm").rules
    res = city.post(URL, dict(data, stamp=stamp(city), action="save"))
    html = res.content.decode()
    assert res.status_code == 400 and "未保存" in html
    start = html.index(f'id="err-{field}"')
    assert message in html[start:html.index("</div>", start)]
    assert rule_log() == before and Program.objects.get(code="prov_famous_tm").rules == rules_before


@pytest.mark.django_db
def test_second_min_score_and_stale_edits_refused(users, programs):
    city = client_for(users["city_admin"])
    url = "/cultivation/programs/city_quality_award/rules/"
    before = rule_log()
    res = city.post(url, {"stamp": stamp(city, url), "action": "save", "kind": "min_score", "score": "700"})
    assert res.status_code == 400 and "本项目已有最低分规则" in res.content.decode()
    # editing the existing min_score rule itself is fine
    res = city.post(url, {"stamp": stamp(city, url), "action": "save", "index": "1", "kind": "min_score",
                          "score": "650.5"})
    assert res.status_code == 302
    assert Program.objects.get(code="city_quality_award").rules[1] == {"type": "min_score", "score": 650.5}
    # a form posted against an older list is refused: nothing changes
    old = "0" * 16
    res = city.post(url, {"stamp": old, "action": "remove", "index": "0"}, follow=True)
    assert "申报条件已被他人修改" in res.content.decode()
    assert len(Program.objects.get(code="city_quality_award").rules) == 2 and rule_log() == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", [
    ("- type: made_up\n", "第 1 条规则：规则类型“made_up”无效"),
    ("- {type: entity_age, years: -2}\n", "第 1 条规则：年限“-2”无效"),
    ("- {type: entity_age, years: 2, colour: red}\n", "第 1 条规则含有不认识的字段：colour"),
    ("kind: program_rules\nprogram: city_known_tm\nrules: []\n", "属于项目 city_known_tm，不是本项目 prov_famous_tm"),
    ("rules: [\n", "YAML 格式有误"),
    ("type: not_blacklisted\n", "申报条件文档含有不认识的字段：type"),
    ("- {type: not_blacklisted, years: 3}\n", "第 1 条规则（not_blacklisted）不带参数 years"),
])
def test_bad_yaml_import_refused_nothing_saved(users, programs, text, message):
    city = client_for(users["city_admin"])
    before, rules_before = rule_log(), Program.objects.get(code="prov_famous_tm").rules
    res = city.post(URL, {"stamp": stamp(city), "action": "import", "yaml": text})
    html = res.content.decode()
    assert res.status_code == 400
    start = html.index('id="err-yaml"')
    assert message in html[start:html.index("</div>", start)]
    assert rule_log() == before and Program.objects.get(code="prov_famous_tm").rules == rules_before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "city_admin", "county", "department", "enterprise", "expert",
                                  "leader"])
def test_who_may_view_and_change_rules(users, programs, role):
    client = Client() if role == "anonymous" else client_for(users[role])
    viewers = {"city_admin", "county", "department", "leader"}
    for url in ("/cultivation/programs/", URL, "/cultivation/programs/prov_famous_tm/rules.yaml"):
        res = client.get(url)
        if role == "anonymous":
            assert res.status_code == 302 and res["Location"].startswith("/accounts/login/")
        else:
            assert res.status_code == (200 if role in viewers else 403), (role, url)
    before, rules_before = rule_log(), Program.objects.get(code="prov_famous_tm").rules
    token = stamp(client_for(users["city_admin"]))
    res = client.post(URL, {"stamp": token, "action": "save", "kind": "entity_age", "years": "2"})
    assert res.status_code == (302 if role in ("anonymous", "city_admin") else 403)
    changed = Program.objects.get(code="prov_famous_tm").rules != rules_before
    assert changed == (role == "city_admin") and rule_log() == before + (role == "city_admin")
    assert client.get("/cultivation/programs/nope/rules/").status_code in ((302,) if role == "anonymous" else
                                                                          (404,) if role in viewers else (403,))


@pytest.mark.django_db
def test_the_program_page_links_to_the_editor(users, programs):
    prov = programs["prov"]
    html = client_for(users["city_admin"]).get(f"/registry/programs/{prov.code}/").content.decode()
    assert f'href="{URL}">编辑申报条件</a>' in html
    html = client_for(users["county"]).get(f"/registry/programs/{prov.code}/").content.decode()
    assert f'href="{URL}">申报条件</a>' in html
    res = client_for(users["enterprise"]).get(f"/registry/programs/{prov.code}/")
    assert res.status_code != 200 or URL not in res.content.decode()


@pytest.mark.django_db
def test_a_malformed_stored_list_still_shows_and_can_be_repaired(users, pool, programs):
    Program.objects.filter(code="prov_famous_tm").update(rules=[{"type": "made_up"}, "junk", {"type": "not_blacklisted"}])
    city = client_for(users["city_admin"])
    res = city.get(URL)
    html = res.content.decode()
    assert res.status_code == 200 and "made_up" in html and counts(html) == [(2, 1, 0)]
    assert city.post(URL, {"stamp": stamp(city), "action": "remove", "index": "0"}).status_code == 302
    assert Program.objects.get(code="prov_famous_tm").rules == [{"type": "not_blacklisted"}]
