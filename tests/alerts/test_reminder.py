"""The enterprise user's reminders (warnings.md): on 本企业 and in its inbox, each mark in the renewal window
or the grace period with its name, number, classes, window, deadline and what to do; 复评 and 认证 lines."""

import datetime as dt

import pytest
from django.core.cache import cache

from qualitybrand.alerts.reminder import reminders_for
from qualitybrand.registry.models import Certification, Recognition
from tests.alerts.inbox_support import D, mark, people
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.QB_TODAY = D
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def folks(regions):
    return people(regions)


def _section(body: str) -> str:
    return body.split("续展与复评提醒")[1].split("</section>")[0]


def test_renewal_reminder_names_the_mark_classes_window_deadline_and_what_to_do(client, folks):
    mark(folks["firm"], "10000001", dt.date(2015, 3, 13), "星火", classes=(35, 9))
    (r,) = reminders_for(folks["firm_user"])
    assert (r.subject, r.name, r.number, r.classes) == ("商标续展", "星火", "10000001", "第 9 类、第 35 类")
    assert r.window == "可续展期间 2014年3月13日 至 2015年3月13日"
    assert r.deadline == dt.date(2015, 3, 13) and r.days_left == 246
    assert "请于 2015年3月13日 前提交商标续展申请" in r.todo and "商标续展注册申请书" in r.todo
    assert "商标网上服务系统" in r.todo and "宽展费" in r.todo
    client.force_login(folks["firm_user"])
    section = _section(client.get("/me/company/").content.decode())
    for text in ("星火", "10000001", "第 9 类、第 35 类", "可续展期间 2014年3月13日 至 2015年3月13日",
                 "2015年3月13日（剩余 246 天）", "提交商标续展申请"):
        assert text in section


def test_grace_reminder_gives_the_grace_end_and_the_fee(folks):
    mark(folks["firm"], "10000002", dt.date(2014, 1, 31), "旧标")   # grace to 2014-07-31 (same day of month)
    (r,) = reminders_for(folks["firm_user"])
    assert r.subject == "宽展期续展" and r.window == "宽展期 2014年1月31日 至 2014年7月31日"
    assert r.deadline == dt.date(2014, 7, 31)
    assert "最迟于 2014年7月31日 前提交商标续展申请，并另缴宽展费" in r.todo and "注销" in r.todo


def test_grace_end_is_the_months_last_day_when_the_day_does_not_exist(folks):
    mark(folks["firm"], "10000003", dt.date(2014, 2, 28), "二月")
    mark(folks["firm"], "10000004", dt.date(2013, 8, 31), "八月")   # + 6 months = 2014-02-28: past, no reminder
    (r,) = reminders_for(folks["firm_user"])
    assert r.number == "10000003" and r.deadline == dt.date(2014, 8, 28)


def test_recognition_and_certificate_lines(folks):
    firm = folks["firm"]
    program = ProgramFactory(code="city_known_tm", name="市知名商标", object_kind="商标", validity_years=3)
    tm = mark(firm, "10000005", dt.date(2020, 1, 1), "远期")
    Recognition.objects.create(program=program, entity=firm, trademark=tm, object_key=tm.number, year=2012,
                               valid_until=dt.date(2014, 12, 31), region=firm.region)
    Certification.objects.create(number="00114Q0001", cert_type="ISO9001", entity=firm, issued=dt.date(2011, 9, 1),
                                 expires=dt.date(2014, 8, 31), region=firm.region)
    found = {r.subject: r for r in reminders_for(folks["firm_user"])}
    assert set(found) == {"复评", "认证到期"}
    assert found["复评"].deadline == dt.date(2014, 12, 31) and "复评申请" in found["复评"].todo
    assert found["认证到期"].deadline == dt.date(2014, 8, 31) and "再认证" in found["认证到期"].todo
    assert found["认证到期"].number == "00114Q0001"


def test_another_firms_marks_are_not_reminded(folks):
    mark(folks["other"], "10000006", dt.date(2015, 1, 1), "邻居")
    assert reminders_for(folks["firm_user"]) == []


def test_the_enterprise_inbox_says_what_to_do(client, folks):
    mark(folks["firm"], "10000001", dt.date(2014, 9, 1), "星火")
    client.force_login(folks["firm_user"])
    body = client.get("/alerts/").content.decode()
    assert "怎么办：" in body and "可续展期间 2013年9月1日 至 2014年9月1日" in body and "紧急" in body


def test_offices_get_no_company_section(client, folks):
    from qualitybrand.alerts.reminder import company_section

    assert company_section(folks["county"]) is None
