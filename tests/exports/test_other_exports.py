"""Exports of the lists outside core/listing.py: 申报审核, 奖励资金, 专家评审, 梯次培育 (cultivation),
变更记录 (core), 安全日志 and 用户管理 (accounts) — same filters, same scope, same columns as the page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from qualitybrand.accounts.models import SecurityEvent
from qualitybrand.core import services as core_services
from qualitybrand.cultivation import awards
from qualitybrand.cultivation.models import RewardPayment, State
from qualitybrand.registry.models import Program
from tests.accounts.factories import make_user
from tests.cultivation.factories import make_application, make_call, make_expert
from tests.exports.conftest import csv_rows, download_name, sheet, table
from tests.factories import EntityFactory, TrademarkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(db):
    return Program.objects.create(code="city_known_tm", name="市知名商标", object_kind="商标", level="市",
                                  validity_years=3, reward=2)


@pytest.fixture
def applications(regions, program):
    call = make_call(regions["620500"], [program])
    out = []
    for code, name in (("620502", "秦州申报甲"), ("620502", "秦州申报乙"), ("620503", "麦积申报丙")):
        entity = EntityFactory(region=regions[code], name=name, established=dt.date(2001, 5, 1))
        out.append(make_application(call, program, entity, TrademarkFactory(holder=entity)))
    return call, out


def test_applications_export_matches_the_page(users, login, applications):
    _call, apps = applications
    client = login(users["county"])
    page = client.get("/cultivation/applications/", {"program": "city_known_tm"})
    shown = [a.entity.name for a in page.context["page"].object_list]
    assert sorted(shown) == ["秦州申报乙", "秦州申报甲"]
    response = client.get("/cultivation/applications/", {"program": "city_known_tm", "export": "xlsx"})
    assert download_name(response) == "申报审核_秦州区_2014-07-10.xlsx"
    ws = sheet(response)
    assert ws["A1"].value == "申报审核" and "项目：市知名商标" in ws["A2"].value
    headers, rows = table(ws)
    assert headers[:4] == ["申报单位", "统一社会信用代码", "项目", "项目代码"]
    assert [r["申报单位"].value for r in rows] == shown
    assert rows[0]["统一社会信用代码"].value == apps[1].entity.uscc and rows[0]["区划代码"].value == "620502"
    assert rows[0]["年度"].data_type == "n" and rows[0]["年度"].value == 2014
    assert rows[0]["状态"].value == State.DRAFT
    assert "麦积" not in str([c.value for r in ws.iter_rows() for c in r])
    csv_response = client.get("/cultivation/applications/", {"export": "csv"})
    assert isinstance(csv_response, StreamingHttpResponse)
    assert sorted(r[0] for r in csv_rows(csv_response)[3:]) == ["秦州申报乙", "秦州申报甲"]


def test_rewards_export_amounts_are_numbers_and_scoped(users, login, regions, program, applications):
    for code, amount in (("620502", Decimal("2")), ("620502", Decimal("4.5")), ("620503", Decimal("5"))):
        entity = EntityFactory(region=regions[code], name=f"{regions[code].name}获奖企业{amount}")
        RewardPayment.objects.create(program=program, entity=entity, region=regions[code], object_key=entity.uscc,
                                     year=2013, amount=amount, status="已拨付", budget_year=2014,
                                     paid_on=dt.date(2014, 3, 1))
    client = login(users["county"])
    shown = [p.entity.name for p in client.get("/cultivation/rewards/", {"year": "2013"}).context["page"].object_list]
    ws = sheet(client.get("/cultivation/rewards/", {"year": "2013", "export": "xlsx"}))
    headers, rows = table(ws)
    assert [r["获奖主体"].value for r in rows] == shown and len(shown) == 2
    assert sorted(r["金额(万元)"].value for r in rows) == [2, 4.5]
    assert all(r["金额(万元)"].data_type == "n" and r["金额(万元)"].number_format == "#,##0.00" for r in rows)
    assert rows[0]["拨付日期"].is_date and rows[0]["预算年度"].value == 2014
    assert "年度：2013" in ws["A2"].value


def test_scoring_export_keeps_the_review_blind(users, login, regions, program, applications):
    award = Program.objects.create(code="city_quality_award", name="市政府质量奖", object_kind="企业", level="市",
                                   reward=10, rules=[{"type": "min_score", "score": 600}])
    call = make_call(regions["620500"], [award], year=2015)
    app = make_application(call, award, EntityFactory(region=regions["620502"], name="质量奖企业"),
                           state=State.DOC_REVIEW)
    expert = make_expert(regions["620500"], "评审专家甲")
    awards.assign_expert(users["city"], app, expert)
    app.assignments.update(total=Decimal("612.5"), scores={"x": 1})
    client = login(users["city"])
    headers, rows = table(sheet(client.get("/cultivation/scoring/", {"export": "xlsx"})))
    assert [(r["申报单位"].value, r["专家"].value, r["评分状态"].value) for r in rows] == [
        ("质量奖企业", "评审专家甲", "已暂存")]
    assert rows[0]["得分"].value is None  # not submitted: the office does not see the score yet
    client.force_login(expert.user)
    headers, rows = table(sheet(client.get("/cultivation/scoring/", {"export": "xlsx"})))
    assert rows[0]["得分"].value == 612.5


def test_pipeline_export(users, login, program):
    client = login(users["city"])
    response = client.get("/cultivation/pipeline/", {"export": "xlsx"})
    assert download_name(response) == "梯次培育_天水市_2014-07-10.xlsx"
    headers, rows = table(sheet(response))
    assert headers[:4] == ["项目", "项目代码", "区划", "区划代码"]
    assert {r["区划代码"].value for r in rows} >= {"620502", "620503"}
    assert all(r["现有（件）"].data_type == "n" for r in rows)


def test_change_log_export_is_scoped(users, login, regions):
    core_services.create_record(None, EntityFactory.build(region=regions["620502"], name="秦州变更企业"))
    core_services.create_record(None, EntityFactory.build(region=regions["620503"], name="麦积变更企业"))
    client = login(users["county"])
    response = client.get("/changelog/", {"model": "registry.entity", "export": "xlsx"})
    assert download_name(response) == "变更记录_秦州区_2014-07-10.xlsx"
    ws = sheet(response)
    headers, rows = table(ws)
    assert [r["对象"].value for r in rows] == ["秦州变更企业"]
    assert rows[0]["时间"].is_date and rows[0]["操作"].value == "新增" and "名称：秦州变更企业" in rows[0]["变更内容"].value
    assert "对象类型：" in ws["A2"].value
    text = "".join(",".join(r) for r in csv_rows(client.get("/changelog/", {"export": "csv"})))
    assert "秦州变更企业" in text and "麦积变更企业" not in text
    bad = client.get("/changelog/", {"since": "2014-13-01", "export": "csv"})
    assert bad.status_code == 200 and "不是日期" in bad.content.decode()  # the page with its message


def test_security_log_and_user_list_exports(users, login, regions):
    SecurityEvent.objects.create(kind="failure", username="=cmd|' /C calc'!A0", ip="10.0.0.1", detail="密码错误")
    make_user(role="county", region=regions["620503"], username="maiji_clerk", display_name="麦积科员")
    client = login(users["city"])
    headers, rows = table(sheet(client.get("/accounts/security-log/", {"kind": "failure", "export": "xlsx"})))
    assert headers == ["用户名", "时间", "事件", "IP 地址", "说明", "浏览器"]
    assert rows[0]["用户名"].data_type == "s" and rows[0]["事件"].value == "登录失败" and rows[0]["时间"].is_date
    assert csv_rows(client.get("/accounts/security-log/", {"export": "csv"}))[3][0].startswith("'=cmd")
    response = client.get("/accounts/users/", {"export": "xlsx"})
    assert download_name(response) == "用户管理_天水市_2014-07-10.xlsx"
    headers, rows = table(sheet(response))
    clerk = next(r for r in rows if r["用户名"].value == "maiji_clerk")
    assert clerk["所属区划"].value == "麦积区" and clerk["区划代码"].value == "620503" and clerk["状态"].value == "正常"
    # a county administrator? only the city administers accounts: the export is refused like the page
    assert login(users["county"]).get("/accounts/users/", {"export": "xlsx"}).status_code == 403


def test_rectification_tasks_export(users, login, regions):
    from qualitybrand.planning.models import RectificationTask
    from tests.planning.factories import round_of

    rnd = round_of("620502", "620503")
    for code, lost in (("620502", Decimal("2.5")), ("620503", Decimal("4"))):
        RectificationTask.objects.create(round=rnd, region=regions[code], item_code="M1", item_name="工作机制建设",
                                         points=10, lost=lost, owner=f"{regions[code].name}质量强市办",
                                         deadline=dt.date(2014, 3, 31))
    city = login(users["city"])
    response = city.get(f"/planning/rounds/{rnd.pk}/tasks/", {"export": "xlsx"})
    assert download_name(response) == "整改任务_天水市_2014-07-10.xlsx"
    ws = sheet(response)
    assert "考核：" in ws["A2"].value
    headers, rows = table(ws)
    assert [r["区划代码"].value for r in rows] == ["620502", "620503"]
    assert rows[0]["失分"].value == 2.5 and rows[0]["失分"].data_type == "n"
    assert rows[0]["整改期限"].is_date and rows[0]["状态"].value == "逾期、整改中"  # late on 2014-07-10
    county = login(users["county"])
    assert county.get(f"/planning/rounds/{rnd.pk}/tasks/").status_code == 200
    rows = csv_rows(county.get(f"/planning/rounds/{rnd.pk}/tasks/", {"export": "csv"}))[3:]
    assert [r[1] for r in rows] == ["620502"]  # a county's export holds its own task only
