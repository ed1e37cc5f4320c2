"""The credit file (信用档案): every kind of record, the timeline, as-of dates, scoping, the page and
the .docx 信用报告."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from qualitybrand.credit import file as credit_file
from qualitybrand.credit.rating import rating_for
from qualitybrand.supervision.models import BlacklistEntry
from tests.api.conftest import make_user
from tests.credit.file_data import AS_OF, build_file
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db

KINDS = {"blacklist", "repairs", "cases", "inspections", "recognitions", "certifications", "trademarks", "patents",
         "standards", "pledges", "services", "publicity", "applications", "rewards", "complaints", "followups"}


@pytest.fixture(autouse=True)
def demo_today(settings):
    settings.QB_TODAY = AS_OF


@pytest.fixture
def data(regions):
    return build_file(regions["620502"])


def _file(data, user, as_of=AS_OF):
    return credit_file.build(data.entity, user, as_of, rating=rating_for(data.entity, as_of))


def test_every_kind_appears_grouped_with_counts(data, city_user):
    built = _file(data, city_user)
    counts = {g.kind: g.count for g in built.groups}
    assert set(counts) == KINDS
    assert counts == {"blacklist": 2, "repairs": 2, "cases": 2, "inspections": 2, "recognitions": 1,
                      "certifications": 1, "trademarks": 1, "patents": 1, "standards": 1, "pledges": 1,
                      "services": 1, "publicity": 1, "applications": 1, "rewards": 1, "complaints": 0,
                      "followups": 0}  # its failed batch was never followed up (tests/supervision test that)
    assert built.total == sum(counts.values()) == 18
    pledge = built.group("pledges").events[0]
    assert pledge.title == "商标专用权质押登记 ZY2013-007"
    assert ("商标", "秦州老醋") in pledge.facts and ("质押金额", "200.00 万元") in pledge.facts
    listing, removal = sorted(built.group("blacklist").events, key=lambda e: e.day)
    assert (listing.day, listing.status) == (dt.date(2012, 12, 1), "已移出（信用修复）")
    assert (removal.day, removal.title) == (dt.date(2014, 2, 20), "移出严重违法失信名单（信用修复）")


def test_cultivation_registers_its_sections_credit_does_not_import_it():
    from pathlib import Path

    credit_dir = Path(credit_file.__file__).parent
    for module in credit_dir.rglob("*.py"):  # credit sits below cultivation (DESIGN.md § layers)
        text = module.read_text(encoding="utf-8")
        assert "qualitybrand.cultivation" not in text and "from qualitybrand import cultivation" not in text, module
    assert {"applications", "rewards"} <= set(credit_file.SECTIONS)
    assert credit_file.SECTIONS["applications"].fn.__module__ == "qualitybrand.cultivation.credit_file"


def test_timeline_is_newest_first_with_exact_days(data, city_user):
    events = _file(data, city_user).events
    days = [e.day for e in events]
    assert days == sorted(days, reverse=True)
    assert [(e.day, e.kind) for e in events[:5]] == [
        (dt.date(2014, 7, 1), "rewards"), (dt.date(2014, 6, 20), "applications"), (dt.date(2014, 6, 1), "publicity"),
        (dt.date(2014, 4, 16), "services"), (dt.date(2014, 3, 2), "inspections")]
    assert events[-1].day == dt.date(2009, 6, 14) and events[-1].kind == "trademarks"


def test_effects_on_the_rating_are_shown_on_their_records(data, city_user):
    built = _file(data, city_user)
    by_record = {e.record: e for e in built.events if e.record}
    assert by_record["inspections:CJ2013-0520"].effect == -10   # 省级 不合格 in the window
    assert by_record["inspections:CJ2014-0302"].effect is None  # 合格
    assert by_record["cases:天市监罚〔2012〕45号"].effect == -15
    assert by_record["cases:天市监罚〔2010〕3号"].effect is None  # before the three-year window
    assert by_record["recognitions:famous_mark|8801234|2013"].effect == 5
    assert by_record["certifications:00113Q21234R0M"].effect == 2
    assert by_record["patents:CN201320012345.6"].effect is None
    # 100 − 10 − 15 + 5 + 2; the entry was removed by 信用修复 on 2014-02-20, so not D
    assert (built.rating.score, built.rating.grade, built.rating.listed) == (82, "B", False)


def test_as_of_leaves_out_later_records_and_reads_status_of_that_day(data, city_user):
    built = _file(data, city_user, dt.date(2013, 6, 30))
    kinds = {g.kind: g.count for g in built.groups}
    assert kinds["services"] == kinds["publicity"] == kinds["applications"] == kinds["rewards"] == 0
    assert kinds["certifications"] == 0 and kinds["pledges"] == 0  # issued / registered later
    assert kinds["blacklist"] == 1 and kinds["repairs"] == 0      # listed, not yet removed nor applied
    assert built.group("blacklist").events[0].status == "公示中"
    assert built.rating.listed and built.rating.grade == "D"
    assert built.group("blacklist").events[0].effect_note == "信用等级评为 D"


def test_a_held_reward_says_why(data, city_user):
    from qualitybrand.cultivation.models import RewardPayment

    RewardPayment.objects.filter(pk=data.reward.pk).update(status="暂缓", paid_on=None,
                                                           held_reason="列入严重违法失信名单，奖励暂缓拨付")
    event = _file(data, city_user).group("rewards").events[0]
    assert (event.day, event.when, event.status, event.tone) == (dt.date(2014, 1, 1), "2014年度", "暂缓", "red")
    assert ("暂缓原因", "列入严重违法失信名单，奖励暂缓拨付") in event.facts


def test_repair_pending_on_the_day_between_application_and_decision(data, city_user):
    built = _file(data, city_user, dt.date(2014, 1, 10))  # applied 2014-01-06, decided 2014-01-20
    assert [e.status for e in built.group("blacklist").events] == ["修复申请中"]
    assert [(e.day, e.status) for e in built.group("repairs").events] == [(dt.date(2014, 1, 6), "待审核")]


def test_one_query_per_kind_not_per_record(data, city_user, django_assert_max_num_queries):
    for i in range(5):  # more records must not mean more queries
        data.failed.pk = None
        data.failed.number = f"CJ-extra-{i}"
        data.failed.save()
    user = type(city_user).objects.select_related("region").get(pk=city_user.pk)
    with django_assert_max_num_queries(len(KINDS) + 2):  # pledges prefetch their marks
        credit_file.build(data.entity, user, AS_OF)


# --- the page -------------------------------------------------------------------------------

def _url(entity, **params):
    url = reverse("credit:file", args=[entity.uscc])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_page_shows_identity_rating_reasons_and_sections(client, data, city_user):
    client.force_login(city_user)
    html = client.get(_url(data.entity, as_of="2014-07-10")).content.decode()
    rating = rating_for(data.entity, AS_OF)
    assert data.entity.name in html and data.entity.uscc in html
    assert f'cf-grade-{rating.grade.lower()}" title="信用等级">{rating.grade}</div>' in html
    assert f"<strong>{rating.score}</strong>" in html
    for reason in rating.reasons:
        assert reason.text in html
    assert "失信名单记录与信用修复" in html and "材料齐全，整改到位" in html
    assert "联合惩戒与守信激励" in html
    assert "data-print" in html and "数据版本" in html
    assert "一种食醋发酵罐" in html  # timeline
    by_kind = client.get(_url(data.entity, tab="kinds")).content.decode()
    assert "品牌培育申报 1 条" in by_kind and "监督抽查 2 条" in by_kind


def test_bad_as_of_is_a_chinese_message_not_a_500(client, data, city_user):
    client.force_login(city_user)
    response = client.get(_url(data.entity, as_of="2014-13-45"))
    assert response.status_code == 400
    assert "日期“2014-13-45”无效" in response.content.decode()
    docx = client.get(reverse("credit:file-report", args=[data.entity.uscc]) + "?as_of=昨天")
    assert docx.status_code == 400 and "无效" in docx.content.decode()


def test_county_sees_its_own_region_and_404_for_another(client, regions, data):
    other = EntityFactory(region=regions["620503"], name="麦积某企业有限公司")
    county = make_user("county", regions["620502"])
    client.force_login(county)
    assert client.get(_url(data.entity)).status_code == 200
    assert client.get(_url(other)).status_code == 404
    assert client.get(reverse("credit:file-report", args=[other.uscc])).status_code == 404
    assert client.get(_url(EntityFactory.build(region=regions["620502"]))).status_code == 404  # unknown code


def test_enterprise_sees_only_its_own_file(client, regions, data):
    neighbour = EntityFactory(region=regions["620502"], name="秦州邻居企业有限公司")
    user = make_user("enterprise", regions["620502"], entity=data.entity)
    client.force_login(user)
    assert client.get(_url(data.entity)).status_code == 200
    assert client.get(_url(neighbour)).status_code == 404
    landing = client.get("/me/company/").content.decode()
    assert "查看信用档案" in landing and _url(data.entity) in landing


def test_anonymous_is_sent_to_login(client, data):
    response = client.get(_url(data.entity))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_entity_page_has_a_credit_file_button(client, data, city_user):
    client.force_login(city_user)
    html = client.get(data.entity.get_absolute_url()).content.decode()
    assert f'href="{_url(data.entity)}">信用档案</a>' in html


def test_listed_entity_shows_the_rules_that_apply(client, regions, city_user):
    entity = EntityFactory(region=regions["620502"], name="失信样例有限公司")
    BlacklistEntry.objects.create(entity=entity, listed=dt.date(2014, 1, 2), reason="提供虚假材料",
                                  authority="天水市市场监督管理局", region=entity.region)
    client.force_login(city_user)
    html = client.get(_url(entity, as_of="2014-06-13")).content.decode()
    assert "在严重违法失信名单中" in html and 'cf-grade-d" title="信用等级">D</div>' in html
    assert "公示中" in html
    assert "没有有效的联合惩戒或守信激励规则" in html  # the default rules hold from 2014-06-14 (国发〔2014〕21号)
    later = BlacklistEntry.objects.create(entity=entity, listed=dt.date(2021, 10, 8), reason="提供虚假材料",
                                          authority="天水市市场监督管理局", region=entity.region)
    html = client.get(_url(entity, as_of="2022-01-10")).content.decode()
    rows = [r for r in html.split("<tr>") if ">适用</span>" in r]
    assert len(rows) == 5  # submit, recommend, grant refused; reward held; pledge warned
    assert "守信标签" in html and ">不适用</span>" in html  # the red list is for grade A only
    assert later.listed.isoformat() in html


def test_a_grade_a_holder_of_a_valid_recognition_carries_the_trust_tag(client, data, city_user):
    client.force_login(city_user)
    assert ">守信</span>" not in client.get(_url(data.entity, as_of="2022-01-10")).content.decode()
    from qualitybrand.registry.models import Recognition

    Recognition.objects.filter(entity=data.entity).update(valid_until=dt.date(2023, 12, 31))
    html = client.get(_url(data.entity, as_of="2022-01-10")).content.decode()  # A: 100 + 5, nothing in window
    assert 'cf-grade-a" title="信用等级">A</div>' in html and ">守信</span>" in html


# --- the .docx report -------------------------------------------------------------------------

def test_report_docx_opens_and_holds_the_reasons(client, data, city_user):
    from docx import Document

    client.force_login(city_user)
    response = client.get(reverse("credit:file-report", args=[data.entity.uscc]) + "?as_of=2014-07-10")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    rating = rating_for(data.entity, AS_OF)
    assert doc.paragraphs[0].text == "信用报告"
    assert f"信用评分 {rating.score} 分，信用等级 {rating.grade} 级" in text
    for reason in rating.reasons:
        assert reason.text in cells
    assert "-10" in cells and "-15" in cells
    assert data.entity.uscc in cells and "拒不履行行政处罚决定" in cells and "一种食醋发酵罐" in cells
    assert "2014-02-20" in cells  # removal date of the blacklist entry
    assert doc.paragraphs[-1].text == "2014年7月10日"
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
