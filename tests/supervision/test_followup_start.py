"""跟踪起始日期: 不合格 batches sampled before it (imported ledgers handled on paper) are 历史批次 — not open,
never overdue, off the worklist, 待办, 本企业 and the API's default list — still listed on request and
taken up by any step. Empty (the default) keeps every batch tracked; the contract indicators never change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.alerts.engine import compute as alerts
from qualitybrand.core.models import ChangeLog
from qualitybrand.indicators.engine import compute as indicators
from qualitybrand.indicators.periods import Period
from qualitybrand.supervision import followup as fw
from qualitybrand.supervision import selectors_followup as sel
from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import FollowUpTracking, Inspection
from tests.supervision.factories import batch, pdf

D = dt.date
START = D(2014, 1, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def today(settings):
    settings.QB_TODAY = D(2014, 7, 10)
    return settings.QB_TODAY


@pytest.fixture
def batches(regions, page_users, today):
    qz, mj = regions["620502"], regions["620503"]
    return {
        "old": batch(qz, sampled=D(2012, 6, 1)),
        "old_own": batch(qz, sampled=D(2013, 12, 31), entity=page_users["own_entity"]),
        "old_mj": batch(mj, sampled=D(2013, 5, 5)),
        "new": batch(qz, sampled=D(2014, 1, 1)),
        "new_own": batch(qz, sampled=D(2014, 5, 5), entity=page_users["own_entity"]),
    }


def _numbers(qs):
    return {i.number for i in qs}


def test_the_default_keeps_every_batch_open(batches, page_users, login, client_for):
    assert fw.tracking_start() is None
    county = page_users["county"]
    open_ = _numbers(sel.failed_batches(county).filter(sel.open_q()))
    assert open_ == {batches[k].number for k in ("old", "old_own", "new", "new_own")}
    assert sel.historical_count(county) == 0
    assert not any(r.historical for r in sel.rows_of(sel.failed_batches(county)))
    body = login(county).get("/supervision/followups/").content.decode()
    assert batches["old"].number in body and "历史批次" not in body
    data = client_for(county).get("/api/v1/followups/").json()
    rows = data["results"] if isinstance(data, dict) else data
    assert {r["number"] for r in rows} >= {batches["old"].number} and not any(r["historical"] for r in rows)
    assert len(sel.open_followups(D(2014, 7, 10))) == 5


def test_historical_batches_are_not_open_and_off_the_worklist(batches, page_users, login, city_user):
    from qualitybrand.core import inbox, landing

    svc.set_tracking_start(city_user, START)
    county, firm = page_users["county"], page_users["enterprise"]
    assert _numbers(sel.failed_batches(county).filter(sel.open_q())) == {batches["new"].number,
                                                                          batches["new_own"].number}
    assert {i.number for i in sel.open_followups(D(2014, 7, 10))} == {batches["new"].number,
                                                                       batches["new_own"].number}
    section = {s.title: s for s in landing.sections_for("worklist", county)}["抽查后处理"]
    assert section.total == 2 and "历史批次 2 个" in section.note
    assert {r[0].text for r in section.rows} == {batches["new"].number, batches["new_own"].number}
    company = {s.title: s for s in landing.sections_for("company", firm)}["抽查不合格整改"]
    assert [r[0].text for r in company.rows] == [batches["new_own"].number]
    # the worklist says how many it hides (this county's only) and links to them
    body = login(county).get("/supervision/followups/").content.decode()
    assert batches["old"].number not in body and batches["new"].number in body
    assert 'data-historical="2"' in body and "?historical=only" in body
    only = login(county).get("/supervision/followups/?historical=only").content.decode()
    assert batches["old"].number in only and batches["old_own"].number in only
    assert batches["new"].number not in only and batches["old_mj"].number not in only
    assert "历史批次" in only
    assert f'name="ids" value="{batches["old"].pk}"' not in only  # no bulk notice of old years by a tick
    export = login(county).get("/supervision/followups/?historical=only&export=csv").getvalue().decode("utf-8-sig")
    assert batches["old"].number in export and "历史批次" in export
    both = login(county).get("/supervision/followups/?historical=1").content.decode()
    assert batches["old"].number in both and batches["new"].number in both
    assert login(county).get("/supervision/followups/?historical=zz").status_code == 200  # ignored
    assert sel.historical_count(page_users["other_county"]) == 1
    assert sel.historical_count(page_users["city"]) == 3
    assert "逾期的抽查后处理" not in {i.label for i in inbox.items_for(county)}


def test_the_api_lists_historical_batches_only_on_request(batches, page_users, client_for, city_user):
    svc.set_tracking_start(city_user, START)
    api = client_for(page_users["county"])

    def numbers(query=""):
        data = api.get("/api/v1/followups/" + query).json()
        return {r["number"]: r["historical"] for r in (data["results"] if isinstance(data, dict) else data)}

    assert numbers() == {batches["new"].number: False, batches["new_own"].number: False}
    assert numbers("?status=待下达通知") == {batches["new"].number: False, batches["new_own"].number: False}
    assert numbers("?historical=only") == {batches["old"].number: True, batches["old_own"].number: True}
    assert len(numbers("?historical=1")) == 4
    response = api.get("/api/v1/followups/?historical=yes")
    assert response.status_code == 400 and "历史批次" in response.json()["detail"]
    detail = api.get(f"/api/v1/followups/{batches['old'].pk}/").json()
    assert detail["historical"] is True and detail["due"] is None and detail["overdue"] is False


def test_a_notice_deadline_never_flags_a_historical_batch(batches, page_users, city_user, today):
    from qualitybrand.core import inbox

    svc.set_deadline(city_user, "下达整改通知", 10, "工作日")
    # without a start date every batch is past its notice deadline
    assert sel.overdue_count(page_users["county"], today) == 4
    assert len(alerts(today, rules=["insp.followup_overdue"])) == 5
    svc.set_tracking_start(city_user, START)
    assert sel.overdue_count(page_users["county"], today) == 2
    items = {i.label: i.count for i in inbox.items_for(page_users["county"])}
    assert items["逾期的抽查后处理"] == 2  # the 待办 counts the tracked ones only
    keys = {a.key for a in alerts(today, rules=["insp.followup_overdue"])}
    assert keys == {batches["new"].number, batches["new_own"].number}
    row = sel.row_of(batches["old"])
    assert row.historical and row.due is None and not row.overdue and row.label == "历史批次"
    overdue = _numbers(sel.followup_rows(page_users["city"], overdue=True, historical="1"))
    assert overdue == {batches["new"].number, batches["new_own"].number}
    # taken up later: on a past day, before its notice, the notice deadline still does not apply to it
    svc.issue_notice(None, batches["old"], today=D(2014, 7, 1))
    assert batches["old"].number not in {a.key for a in alerts(D(2014, 6, 20), rules=["insp.followup_overdue"])}
    assert not sel.row_of(Inspection.objects.get(pk=batches["old"].pk)).historical


def test_taking_a_step_makes_a_historical_batch_tracked(batches, page_users, login, city_user, today):
    svc.set_tracking_start(city_user, START)
    c = login(page_users["county"])
    old = batches["old"]
    page = c.get(f"/supervision/followups/{old.pk}/").content.decode()
    assert "历史批次，未纳入平台后处理" in page and "下达整改通知" in page
    assert c.post(f"/supervision/followups/{old.pk}/", {"action": "下达整改通知"}).status_code == 302
    row = sel.row_of(Inspection.objects.get(pk=old.pk))
    assert not row.historical and row.status == "整改中" and row.due == D(2014, 8, 9)
    body = c.get("/supervision/followups/").content.decode()
    assert old.number in body and 'data-historical="1"' in body
    svc.submit_report(None, old, pdf(), today=D(2014, 7, 20))
    assert sel.failed_batches(page_users["county"]).filter(sel.open_q(), pk=old.pk).exists()


def test_the_start_date_is_validated_and_change_logged(page_users, city_user, county_user, today):
    logs = ChangeLog.objects.count()
    svc.set_tracking_start(city_user, START)
    assert FollowUpTracking.objects.get().start == START and ChangeLog.objects.count() == logs + 1
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.set_tracking_start(city_user, D(2014, 7, 11))
    with pytest.raises(PermissionDenied):
        svc.set_tracking_start(county_user, D(2013, 1, 1))
    with pytest.raises(ValidationError, match="应为日期"):
        svc.set_tracking_start(city_user, "2014-01-01")
    assert FollowUpTracking.objects.get().start == START and ChangeLog.objects.count() == logs + 1
    svc.set_tracking_start(city_user, START)  # unchanged: no entry
    assert ChangeLog.objects.count() == logs + 1
    svc.set_tracking_start(city_user, None)
    assert fw.tracking_start() is None and ChangeLog.objects.count() == logs + 2


def test_the_settings_page(login, page_users, today):
    c = login(page_users["city"])
    assert "未设置（全部不合格批次纳入跟踪）" in c.get("/supervision/followups/settings/").content.decode()
    for bad, text in (("2014-13-01", "日期“2014-13-01”无效"), ("abc", "无效"), ("2014-08-01", "晚于今天")):
        response = c.post("/supervision/followups/settings/", {"form": "start", "start": bad})
        assert response.status_code == 400 and text in response.content.decode(), bad
    assert fw.tracking_start() is None
    assert c.post("/supervision/followups/settings/", {"form": "start", "start": "2014-01-01"}).status_code == 302
    assert fw.tracking_start() == START
    body = c.get("/supervision/followups/settings/").content.decode()
    assert "2014年1月1日" in body and "跟踪起始日期修改记录" in body
    county = login(page_users["county"])
    assert county.post("/supervision/followups/settings/", {"form": "start", "start": ""}).status_code == 403
    assert fw.tracking_start() == START
    c = login(page_users["city"])
    assert c.post("/supervision/followups/settings/", {"form": "start", "start": ""}).status_code == 302
    assert fw.tracking_start() is None


def test_the_contract_indicators_do_not_change(regions, city_user, today):
    qz = regions["620502"]
    done = batch(qz, sampled=D(2013, 3, 1))
    batch(qz, sampled=D(2013, 6, 1))
    batch(qz, sampled=D(2014, 2, 1))
    svc.issue_notice(None, done, today=D(2013, 4, 1))
    svc.submit_report(None, done, pdf(), today=D(2013, 4, 20))
    svc.record_recheck(None, done, "合格", on=D(2013, 5, 2), today=D(2013, 5, 2))
    codes = ["insp.followup.closed_rate", "insp.followup.recheck_pass_rate"]
    periods = [Period.year(2013), Period.year(2014)]
    before = [indicators(codes, p) for p in periods]
    svc.set_tracking_start(city_user, START)
    assert [indicators(codes, p) for p in periods] == before
    assert before[0][("insp.followup.closed_rate", "620502")] == 50.0
