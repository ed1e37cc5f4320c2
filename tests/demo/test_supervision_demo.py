"""The demo's supervision loop on 2014-07-10 (issue 14 item 7; profile.SUPERVISION_STORY), on the loaded demo.

The demo is loaded once for the module without the story, every 2010–2013 figure of the catalog is computed,
then the story is told and the figures computed again: none may change."""

import datetime as dt
import time
from collections import Counter
from unittest import mock

import pytest
from django.db import transaction

from qualitybrand.demo import profile as P

pytestmark = pytest.mark.django_db
S = P.SUPERVISION_STORY
TODAY = P.DEMO_TODAY


def _figures_2010_2013():
    from qualitybrand.indicators.engine import compute
    from qualitybrand.indicators.periods import Period

    return {year: compute(None, Period.year(year)) for year in range(2010, 2014)}


@pytest.fixture(scope="module")
def story(django_db_setup, django_db_blocker):
    from qualitybrand.demo.generator import generate
    from qualitybrand.demo.loader import load_demo
    from qualitybrand.demo.supervision_story import tell_supervision_story

    data = generate()
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch("qualitybrand.demo.loader.tell_supervision_story", lambda data, out: []):
            load_demo(out=lambda line: None, data=data)
        before = _figures_2010_2013()
        lines: list[str] = []
        started = time.monotonic()
        done = tell_supervision_story(data, out=lines.append)
        seconds = time.monotonic() - started
        yield {"data": data, "done": done, "lines": lines, "seconds": seconds, "before": before,
               "after": _figures_2010_2013()}
        transaction.set_rollback(True)


def _needs(story, label):
    if label not in story["done"]:
        pytest.skip(f"{label}：{[line for line in story['lines'] if label in line]}")


def test_no_2010_2013_figure_changes(story):
    before, after = story["before"], story["after"]
    assert before.keys() == after.keys()
    changed = {(year, key): (before[year][key], value) for year in after for key, value in after[year].items()
               if before[year].get(key) != value}
    assert not changed
    assert after[2013][("insp.pass_rate", P.CITY)] == pytest.approx(P.CITY_2013["insp.pass_rate"])


def test_story_load_is_quick_and_says_what_it_did(story):
    assert story["done"], story["lines"]
    assert all("：已加载" in line or "跳过" in line for line in story["lines"])


# --- complaints ----------------------------------------------------------------------------------------

def _complaints():
    from qualitybrand.complaints.models import Complaint

    return Complaint.objects.select_related("region", "entity")


def test_complaints_cover_the_first_half_of_2014_and_every_channel(story):
    _needs(story, "投诉举报")
    rows = list(_complaints())
    assert len(rows) == sum(S["complaints_per_month"].values()) + 5  # the schedule and the story
    assert {c.channel for c in rows} == set(S["complaint_channels"])
    assert {c.registered.month for c in rows} == {1, 2, 3, 4, 5, 6}
    assert min(c.registered for c in rows) >= dt.date(2014, 1, 1)
    assert {c.category for c in rows} == {"投诉", "举报"}
    results = Counter(c.result for c in rows)
    assert {"调解成功", "调解不成", "终止调解", "不予受理", "立案", "不予立案"} <= set(results)
    assert all(c.case_id for c in rows if c.result == "立案")
    statuses = Counter(c.status for c in rows)
    assert {"已办结", "调解中", "核查中", "登记"} <= set(statuses)
    assert any(c.entity_id is None and c.respondent_name for c in rows)  # a stall the registry does not know
    assert len({c.region.code for c in rows}) == 7


def test_exactly_one_complaint_overdue_on_the_demo_day_in_qinzhou(story):
    _needs(story, "投诉举报")
    from qualitybrand.complaints.deadlines import overdue_on

    overdue = overdue_on(TODAY, _complaints())
    assert [(c.number, c.region.code, due) for c, due in overdue] == [
        (S["complaint_overdue"]["number"], "620502", dt.date(2014, 7, 8))]


def test_the_extended_report_and_the_spring_festival_deadline(story):
    _needs(story, "投诉举报")
    from qualitybrand.complaints.deadlines import accept_due, current_due

    extended = _complaints().get(number=S["report_extended"]["number"])
    assert extended.extended and extended.closed is None
    assert current_due(extended, TODAY) == dt.date(2014, 7, 17)  # 15 + 15 working days after 2014-06-05
    festival = _complaints().get(number=S["complaint_spring_festival"]["number"])
    # 2014-01-27 + 7 working days across the Spring Festival (make-up Saturday 2014-02-08)
    assert accept_due(festival) == dt.date(2014, 2, 11) and festival.accepted == dt.date(2014, 2, 10)


def test_some_complaints_carry_the_complainants_identity(story):
    _needs(story, "投诉举报")
    with_identity = [c for c in _complaints() if c.complainant_name]
    assert 2 <= len(with_identity) <= 10
    assert S["complaint_overdue"]["number"] in {c.number for c in with_identity}


def test_the_june_kpis_are_not_trivial(story):
    _needs(story, "投诉举报")
    from qualitybrand.core.models import Region
    from qualitybrand.indicators.engine import compute
    from qualitybrand.indicators.periods import Period

    codes = ["complaint.received", "complaint.complaints", "complaint.reports", "complaint.ontime_accept_rate",
             "complaint.mediation_success_rate", "complaint.ontime_close_rate", "complaint.recovered"]
    june = Period(dt.date(2014, 6, 1), dt.date(2014, 6, 30))
    values = compute(codes, june, [Region.objects.get(code=P.CITY)])
    got = {code: values[(code, P.CITY)] for code in codes}
    assert got["complaint.received"] == got["complaint.complaints"] + got["complaint.reports"] >= 10
    for rate in ("complaint.ontime_accept_rate", "complaint.mediation_success_rate", "complaint.ontime_close_rate"):
        assert 50 < got[rate] < 100, (rate, got)
    assert got["complaint.recovered"] > 0


# --- traceability and recall ----------------------------------------------------------------------------

def test_the_traced_batch_reaches_three_hops_down(story):
    _needs(story, "追溯事件")
    from qualitybrand.tracing.selectors import downstream, upstream

    holders = downstream([S["trace_unit"]])
    depths = Counter(h.depth for h in holders)
    assert depths[1] == 1 and depths[2] == 3 and depths[3] == 3, depths
    assert any(h.entity_id is None and h.depth == 3 for h in holders)  # a shop named only
    juice = upstream(["HNGZ-20140110-02"])
    assert {h.trace_code for h in juice} >= {"HN-20140106-07"}


# --- inspection follow-ups ------------------------------------------------------------------------------

def test_followups_in_every_state_in_qinzhou_and_maiji(story):
    _needs(story, "抽查后处理")
    from qualitybrand.supervision.models import FollowUp, Inspection

    by_county = {}
    for f in FollowUp.objects.select_related("region", "inspection"):
        by_county.setdefault(f.region.code, Counter())[f.status] += 1
        assert f.notice_date >= f.inspection.sampled >= dt.date(2014, 1, 1)
    assert set(by_county) == set(S["followup_counties"])
    assert set(by_county["620502"]) == {"整改中", "待复查", "复查合格", "已立案", "已结案"}
    assert by_county["620502"]["整改中"] == 2 and len(by_county["620503"]) >= 3
    for county in S["followup_counties"]:  # its newest failed batch still awaits the notice
        newest = Inspection.objects.filter(region__code=county, conclusion="不合格").order_by("-sampled").first()
        assert not FollowUp.objects.filter(inspection=newest).exists()
    case = FollowUp.objects.get(region__code="620502", status="已立案").case
    assert case.opened.year == 2014 and case.party_id is not None


def test_one_followup_overdue_on_the_demo_day_in_each_county(story):
    _needs(story, "抽查后处理")
    from qualitybrand.supervision.selectors_followup import overdue_on

    overdue = overdue_on(TODAY)
    story_counties = [o for o in overdue if o.status != "待下达通知"]
    assert sorted((o.status, o.due) for o in story_counties) == [("整改中", dt.date(2014, 6, 19))] * len(
        S["followup_counties"])


def test_the_imported_years_are_historical_batches(story):
    """The city set the 跟踪起始日期 2014-01-01: 秦州区's open follow-ups are its 2014 ones only, the
    2010–2013 failed batches 历史批次 (listed on request), and the contract figures stay as they were."""
    _needs(story, "抽查后处理")
    from qualitybrand.accounts.models import User
    from qualitybrand.supervision import followup as fw
    from qualitybrand.supervision import selectors_followup as sel
    from qualitybrand.supervision.models import Inspection

    assert fw.tracking_start() == S["followup_tracking_start"] == dt.date(2014, 1, 1)
    qinzhou = User.objects.get(username="qinzhou")
    open_ = sel.failed_batches(qinzhou).filter(sel.open_q())
    failed = Inspection.objects.filter(region__code="620502", conclusion="不合格")
    assert open_.exists() and all(i.sampled.year == 2014 for i in open_)
    assert open_.count() < failed.filter(sampled__year=2014).count() + 1
    assert sel.historical_count(qinzhou) == failed.filter(sampled__lt=dt.date(2014, 1, 1)).count() > 0
    assert all(o.inspection_id not in set(failed.filter(sampled__year__lt=2014).values_list("id", flat=True))
               for o in sel.overdue_on(TODAY))


# --- risks -------------------------------------------------------------------------------------------------

def test_risks_of_three_levels_the_first_with_notice_and_interview(story):
    _needs(story, "风险信息")
    from qualitybrand.risks.models import RiskInfo

    risks = {r.level: r for r in RiskInfo.objects.prefetch_related("measures", "interviews", "documents")}
    assert set(risks) == {"一级", "二级", "三级"}
    first = risks["一级"]
    assert first.region.code == "620502" and first.status == "处置中"
    assert {m.kind for m in first.measures.all()} >= {"风险告知书", "约谈"}
    assert first.interviews.count() == 1
    assert {d.kind for d in first.documents.all()} >= {"风险告知书", "约谈通知书", "约谈记录"}
    assert risks["三级"].status == "已关闭" and risks["三级"].conclusion
    assert all(r.found.year == 2014 for r in risks.values())


# --- recall and campaign -----------------------------------------------------------------------------------

def test_a_recall_under_way_with_holders_partly_notified_and_disposed(story):
    _needs(story, "产品召回")
    from django.utils import timezone

    from qualitybrand.recalls.models import Recall

    rec = Recall.objects.get()
    assert rec.region.code == "620502" and rec.decided == S["recall_decided"] and rec.status == "实施中"
    assert timezone.localtime(rec.decided_at).date() == rec.decided
    assert rec.published == dt.date(2014, 7, 3) and rec.plan_submitted == dt.date(2014, 7, 2)
    holders = list(rec.holders.all())
    assert max(h.depth for h in holders) == 3 and len(holders) == 7
    notified = [h for h in holders if h.notified]
    disposed = [h for h in holders if h.disposal != "未处置"]
    assert 0 < len(disposed) < len(notified) < len(holders)


def test_the_campaign_has_results_tasks_and_reported_figures(story):
    _needs(story, "专项整治")
    from qualitybrand.campaigns.models import Campaign
    from qualitybrand.campaigns.results import results

    c = Campaign.objects.get()
    facts = S["campaign"]
    assert (c.title, c.start, c.end, c.status) == (facts["title"], facts["start"], facts["end"], "总结")
    assert sorted(c.counties.values_list("code", flat=True)) == facts["counties"]
    assert c.tasks.count() == 3 * len(facts["counties"]) and c.tasks.filter(status="已完成").exists()
    assert c.reports.count() == len(facts["counties"])
    got = results(c, list(c.counties.all()), whole=False).as_json()
    assert all(row["insp.batches"] > 0 and row["insp.pass_rate"] < 100 for row in got["counties"])


def test_the_campaign_counts_a_case_of_its_period(story):
    _needs(story, "专项整治")
    _needs(story, "抽查后处理")
    from qualitybrand.campaigns.models import Campaign
    from qualitybrand.campaigns.results import results

    c = Campaign.objects.get()
    got = results(c, list(c.counties.all()), whole=True).as_json()
    qinzhou = next(row for row in got["counties"] if row["region"] == "620502")
    assert qinzhou["case.opened"] >= 1  # the 立案 of the failed cable batch's follow-up
    assert got["total"]["insp.batches"] > 0 and got["total"]["officers"] == 326 + 274


def test_the_story_is_stamped_on_its_own_days(story):
    """Timelines read as the story happened: a step's time is the day the story took it, not the load day."""
    _needs(story, "抽查后处理")
    _needs(story, "风险信息")
    from django.utils import timezone

    from qualitybrand.risks.models import RiskInfo
    from qualitybrand.supervision.models import FollowUp

    closed = FollowUp.objects.get(region__code="620502", status="复查合格")
    days = sorted(timezone.localtime(step.time).date() for step in closed.steps.all())
    assert days[0] == closed.notice_date and days[-1] == closed.recheck_date
    third = RiskInfo.objects.get(level="三级")
    assert timezone.localtime(third.created_at).date() == third.found


def test_telling_the_story_again_adds_nothing(story):
    """load_demo --force over a loaded demo: the ledger parts import again by key, the others see their
    records and are not added twice."""
    from qualitybrand.core.models import ChangeLog
    from qualitybrand.demo.supervision_story import tell_supervision_story

    before = ChangeLog.objects.count()
    lines: list[str] = []
    with transaction.atomic():
        tell_supervision_story(story["data"], out=lines.append)
        assert not [line for line in lines if "未重复添加" not in line and "已加载" not in line]
        assert sum("未重复添加" in line for line in lines) == len(story["done"]) - 1  # all but the trace events
        assert ChangeLog.objects.count() - before <= 2  # at most the two imports' batch records
        transaction.set_rollback(True)
