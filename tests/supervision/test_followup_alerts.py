"""insp.followup_overdue (warnings.md): level 紧急, due = the deadline of that day, key = 抽检编号,
region scoping; the credit file's 抽查后处理 section."""

import datetime as dt

import pytest

from qualitybrand.alerts.engine import compute
from qualitybrand.supervision import services_followup as svc
from tests.supervision.factories import batch, pdf

pytestmark = pytest.mark.django_db


def test_overdue_followups_warn(regions, city_user):
    qz, mj = regions["620502"], regions["620503"]
    a = batch(qz, sampled=dt.date(2014, 4, 1))
    svc.issue_notice(None, a, today=dt.date(2014, 5, 2))                 # 整改 due 2014-06-01
    b = batch(mj, sampled=dt.date(2014, 4, 2))
    svc.issue_notice(None, b, today=dt.date(2014, 5, 2))
    svc.submit_report(None, b, pdf(), today=dt.date(2014, 5, 20))        # 复查 due 15 working days later
    batch(qz, sampled=dt.date(2014, 6, 1))                                # no notice deadline: never overdue
    alerts = compute(dt.date(2014, 7, 10), rules=["insp.followup_overdue"])
    got = [(x.key, x.level, x.due, x.region_code) for x in alerts]
    assert got == [(a.number, "紧急", dt.date(2014, 6, 1), "620502"), (b.number, "紧急", dt.date(2014, 6, 11), "620503")]
    assert alerts[0].url == f"/supervision/followups/{a.pk}/" and "整改期限已过" in alerts[0].message
    assert [x.key for x in compute(dt.date(2014, 7, 10), region=qz, rules=["insp.followup_overdue"])] == [a.number]
    assert compute(dt.date(2014, 6, 1), rules=["insp.followup_overdue"]) == []  # due that day: not yet overdue
    as_json = alerts[0].as_json()
    assert set(as_json) == {"rule", "key", "region", "level", "due", "message"}


def test_credit_file_section(regions, city_user):
    from qualitybrand.credit import file as credit_file

    i = batch(regions["620502"], sampled=dt.date(2014, 4, 1))
    svc.issue_notice(None, i, today=dt.date(2014, 5, 2))
    svc.submit_report(None, i, pdf(), today=dt.date(2014, 5, 20))
    svc.record_recheck(None, i, "合格", today=dt.date(2014, 6, 3))
    section = credit_file.SECTIONS["followups"]
    (event,) = section.fn(i.entity, city_user, dt.date(2014, 5, 25))
    assert event.status == "待复查" and event.day == dt.date(2014, 5, 2)
    (event,) = section.fn(i.entity, city_user, dt.date(2014, 7, 1))
    assert event.status == "复查合格" and event.tone == "green"
    assert list(section.fn(i.entity, city_user, dt.date(2014, 5, 1))) == []
