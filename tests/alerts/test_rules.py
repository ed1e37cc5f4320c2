"""Every built-in rule of warnings.md at its edges, with hand-built records (both databases)."""

import datetime as dt

import pytest

from qualitybrand.alerts.engine import compute
from qualitybrand.alerts.rules import add_months, add_years
from tests.api.factories import (
    BlacklistFactory,
    CertificationFactory,
    InspectionFactory,
    PledgeFactory,
    RecognitionFactory,
)
from tests.factories import ProgramFactory, TrademarkFactory

D = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db


def run(rule, as_of=D, **kw):
    return [(a.key, a.level, a.due) for a in compute(as_of, rules=[rule], **kw)]


# --- date arithmetic ---------------------------------------------------------------------------

def test_add_months_takes_the_months_last_day_when_the_day_does_not_exist():
    assert add_months(dt.date(2013, 8, 31), 6) == dt.date(2014, 2, 28)
    assert add_months(dt.date(2015, 8, 31), 6) == dt.date(2016, 2, 29)
    assert add_months(dt.date(2014, 1, 10), 6) == dt.date(2014, 7, 10)
    assert add_months(dt.date(2014, 9, 30), -7) == dt.date(2014, 2, 28)


def test_add_years_turns_29_february_into_28_february():
    assert add_years(dt.date(2012, 2, 29), 3) == dt.date(2015, 2, 28)
    assert add_years(dt.date(2012, 2, 29), 4) == dt.date(2016, 2, 29)
    assert add_years(dt.date(2011, 7, 1), 3) == dt.date(2014, 7, 1)


# --- tm.renewal ------------------------------------------------------------------------------

def test_renewal_window_is_d_to_d_plus_365_and_urgent_within_90_days(holder):
    TrademarkFactory(holder=holder, number="10000001", expires=D)                         # in, urgent
    TrademarkFactory(holder=holder, number="10000002", expires=D - dt.timedelta(days=1))  # out (grace)
    TrademarkFactory(holder=holder, number="10000003", expires=D + dt.timedelta(days=90))  # urgent
    TrademarkFactory(holder=holder, number="10000004", expires=D + dt.timedelta(days=91))  # notice
    TrademarkFactory(holder=holder, number="10000005", expires=D + dt.timedelta(days=365))  # notice
    TrademarkFactory(holder=holder, number="10000006", expires=D + dt.timedelta(days=366))  # out
    assert run("tm.renewal") == [
        ("10000001", "紧急", D),
        ("10000003", "紧急", dt.date(2014, 10, 8)),
        ("10000004", "提示", dt.date(2014, 10, 9)),
        ("10000005", "提示", dt.date(2015, 7, 10)),
    ]


def test_renewal_needs_registration_on_d_and_no_cancellation(holder):
    expires = dt.date(2014, 9, 30)
    TrademarkFactory(holder=holder, number="10000011", expires=expires, registered=None)
    TrademarkFactory(holder=holder, number="10000012", expires=expires, registered=D + dt.timedelta(days=1))
    TrademarkFactory(holder=holder, number="10000013", expires=expires, registered=D)
    TrademarkFactory(holder=holder, number="10000014", expires=expires, cancelled=D)
    TrademarkFactory(holder=holder, number="10000015", expires=expires, cancelled=D + dt.timedelta(days=1))
    assert [k for k, _, _ in run("tm.renewal")] == ["10000013", "10000015"]


def test_renewal_message_names_mark_classes_deadline_and_what_to_do(holder):
    TrademarkFactory(holder=holder, number="10000123", name="长城", classes=[30, 29],
                     expires=dt.date(2014, 9, 30))
    (alert,) = compute(D, rules=["tm.renewal"])
    assert alert.message == ("商标“长城”（第 10000123 号，第 29、30 类）专用权期限至 2014-09-30，"
                             "已进入续展期，请于期限届满前提出续展申请")
    assert alert.region_code == "620502"
    assert alert.entity_id == holder.id
    assert alert.url == "/registry/trademarks/10000123/"
    assert alert.as_json() == {"rule": "tm.renewal", "key": "10000123", "region": "620502", "level": "紧急",
                               "due": "2014-09-30", "message": alert.message}


def test_region_keeps_the_region_and_below(regions, holder, other_holder):
    TrademarkFactory(holder=holder, number="10000021", expires=dt.date(2014, 9, 1))
    TrademarkFactory(holder=other_holder, number="10000022", expires=dt.date(2014, 9, 2))
    assert [k for k, _, _ in run("tm.renewal", region=regions["620502"])] == ["10000021"]
    assert [k for k, _, _ in run("tm.renewal", region=regions["620500"])] == ["10000021", "10000022"]
    assert run("tm.renewal", region=regions["620521"]) == []


# --- tm.grace --------------------------------------------------------------------------------

def test_grace_runs_six_months_after_expiry_to_the_months_last_day(holder):
    TrademarkFactory(holder=holder, number="10000031", expires=dt.date(2013, 8, 31))
    assert run("tm.grace", dt.date(2013, 8, 31)) == []                      # expiry day: renewal window
    assert run("tm.grace", dt.date(2013, 9, 1)) == [("10000031", "紧急", dt.date(2014, 2, 28))]
    assert run("tm.grace", dt.date(2014, 2, 28)) == [("10000031", "紧急", dt.date(2014, 2, 28))]
    assert run("tm.grace", dt.date(2014, 3, 1)) == []


def test_grace_end_in_a_leap_year_is_29_february(holder):
    TrademarkFactory(holder=holder, number="10000032", expires=dt.date(2015, 8, 31))
    assert run("tm.grace", dt.date(2016, 2, 29)) == [("10000032", "紧急", dt.date(2016, 2, 29))]
    assert run("tm.grace", dt.date(2016, 3, 1)) == []


def test_grace_same_day_of_month_and_cancelled_marks(holder):
    TrademarkFactory(holder=holder, number="10000033", expires=dt.date(2014, 1, 10))
    TrademarkFactory(holder=holder, number="10000034", expires=dt.date(2014, 1, 9))
    TrademarkFactory(holder=holder, number="10000035", expires=dt.date(2014, 3, 1), cancelled=dt.date(2014, 7, 1))
    TrademarkFactory(holder=holder, number="10000036", expires=dt.date(2014, 3, 1), cancelled=dt.date(2014, 7, 11))
    assert run("tm.grace") == [("10000033", "紧急", dt.date(2014, 7, 10)),
                               ("10000036", "紧急", dt.date(2014, 9, 1))]
    (alert,) = compute(D, rules=["tm.grace"], region=None)[:1]
    assert "宽展期" in alert.message and "2014-07-10 前" in alert.message


# --- rec.expiry ------------------------------------------------------------------------------

def test_rec_expiry_window_180_days_with_given_valid_until(holder):
    program = ProgramFactory(code="city_award", name="市政府质量奖", object_kind="企业", validity_years=None)
    RecognitionFactory(program=program, entity=holder, year=2013, valid_until=D + dt.timedelta(days=180))
    other = RecognitionFactory(program=program, entity__region=holder.region, year=2013,
                               valid_until=D + dt.timedelta(days=181))
    RecognitionFactory(program=program, entity=holder, year=2012, valid_until=D - dt.timedelta(days=1))
    assert run("rec.expiry") == [(f"city_award|{holder.uscc}|2013", "预警", dt.date(2015, 1, 6))]
    assert [k for k, _, _ in run("rec.expiry", D + dt.timedelta(days=1))] == [
        f"city_award|{holder.uscc}|2013", f"city_award|{other.entity.uscc}|2013"]


def test_rec_expiry_without_valid_until_uses_the_programs_default(holder):
    program = ProgramFactory(code="prov_brand", name="省名牌产品", object_kind="产品", validity_years=3)
    RecognitionFactory(program=program, entity=holder, year=2012, product_name="电线电缆",
                       object_key=f"{holder.uscc}|电线电缆", valid_until=None)   # default 2014-12-31
    none = ProgramFactory(code="prov_award", name="省政府质量奖", object_kind="企业", validity_years=None)
    RecognitionFactory(program=none, entity=holder, year=2012, valid_until=None)  # no 有效期至: never
    key = f"prov_brand|{holder.uscc}/电线电缆|2012"
    assert run("rec.expiry", dt.date(2014, 7, 4)) == [(key, "预警", dt.date(2014, 12, 31))]  # + 180 = 12-31
    assert run("rec.expiry", dt.date(2014, 7, 3)) == []
    assert run("rec.expiry", dt.date(2014, 12, 31)) == [(key, "预警", dt.date(2014, 12, 31))]
    assert run("rec.expiry", dt.date(2015, 1, 1)) == []


def test_rec_expiry_trademark_key_and_not_before_its_year(holder):
    program = ProgramFactory(code="cn_wellknown_tm", name="中国驰名商标", object_kind="商标", validity_years=3)
    mark = TrademarkFactory(holder=holder, number="10000041", name="长城")
    RecognitionFactory(program=program, entity=holder, trademark=mark, object_key="10000041", year=2012,
                       valid_until=dt.date(2014, 12, 31))
    RecognitionFactory(program=program, entity=holder, trademark=mark, object_key="10000041", year=2015,
                       valid_until=dt.date(2014, 12, 31))  # 认定年度 after D: not valid on D
    (alert,) = compute(D, rules=["rec.expiry"])
    assert alert.key == "cn_wellknown_tm|10000041|2012"
    assert alert.message == ("商标“长城”（第 10000041 号，天水长城电工有限公司）的中国驰名商标（2012 年度认定）"
                             "有效期至 2014-12-31，请及时准备复评或重新申报")


# --- cert.expiry, pledge.maturity --------------------------------------------------------------

def test_cert_expiry_valid_on_d_and_within_90_days(holder):
    CertificationFactory(entity=holder, number="C-90", expires=D + dt.timedelta(days=90))
    CertificationFactory(entity=holder, number="C-91", expires=D + dt.timedelta(days=91))
    CertificationFactory(entity=holder, number="C-0", expires=D)
    CertificationFactory(entity=holder, number="C-past", expires=D - dt.timedelta(days=1))
    CertificationFactory(entity=holder, number="C-later", issued=D + dt.timedelta(days=1),
                         expires=D + dt.timedelta(days=30))
    assert run("cert.expiry") == [("C-0", "提示", D), ("C-90", "提示", dt.date(2014, 10, 8))]


def test_pledge_maturity_within_30_days(holder):
    PledgeFactory(pledgor=holder, number="ZY-30", registered=dt.date(2013, 7, 1), expires=D + dt.timedelta(days=30))
    PledgeFactory(pledgor=holder, number="ZY-31", registered=dt.date(2013, 7, 1), expires=D + dt.timedelta(days=31))
    PledgeFactory(pledgor=holder, number="ZY-0", registered=dt.date(2013, 7, 1), expires=D)
    PledgeFactory(pledgor=holder, number="ZY-new", registered=D + dt.timedelta(days=1),
                  expires=D + dt.timedelta(days=10))
    assert run("pledge.maturity") == [("ZY-0", "预警", D), ("ZY-30", "预警", dt.date(2014, 8, 9))]


# --- insp.repeat_failure -----------------------------------------------------------------------

def test_repeat_failure_counts_364_days_back_and_is_urgent_at_three(holder, other_holder):
    InspectionFactory(entity=holder, conclusion="不合格", sampled=D - dt.timedelta(days=364))
    InspectionFactory(entity=holder, conclusion="不合格", sampled=dt.date(2014, 3, 3))
    InspectionFactory(entity=holder, conclusion="合格", sampled=dt.date(2014, 5, 3))
    InspectionFactory(entity=other_holder, conclusion="不合格", sampled=D - dt.timedelta(days=365))  # out
    InspectionFactory(entity=other_holder, conclusion="不合格", sampled=D)
    InspectionFactory(entity=other_holder, conclusion="不合格", sampled=D + dt.timedelta(days=1))   # after D
    assert run("insp.repeat_failure") == [(holder.uscc, "预警", dt.date(2014, 4, 2))]
    InspectionFactory(entity=holder, conclusion="不合格", sampled=dt.date(2014, 6, 1))
    assert run("insp.repeat_failure") == [(holder.uscc, "紧急", dt.date(2014, 7, 1))]
    (alert,) = compute(D, rules=["insp.repeat_failure"])
    assert alert.region_code == "620502" and alert.entity_id == holder.id
    assert "不合格 3 批次" in alert.message


# --- blacklist.due -----------------------------------------------------------------------------

def test_blacklist_due_three_years_after_listing_within_30_days(holder, other_holder):
    BlacklistFactory(entity=holder, listed=dt.date(2011, 8, 9))        # expires 2014-08-09 = D + 30
    BlacklistFactory(entity=other_holder, listed=dt.date(2011, 8, 10))  # expires D + 31
    BlacklistFactory(entity=other_holder, listed=dt.date(2011, 1, 5), removed=dt.date(2014, 1, 5),
                     removal_method="期满移出")
    BlacklistFactory(entity=other_holder, listed=dt.date(2011, 2, 5), removed=dt.date(2014, 7, 11),
                     removal_method="信用修复")  # removed after D: still listed on D, overdue
    assert run("blacklist.due") == [(f"{other_holder.uscc}|2011-02-05", "提示", dt.date(2014, 2, 5)),
                                    (f"{holder.uscc}|2011-08-09", "提示", dt.date(2014, 8, 9))]


def test_blacklist_listed_on_29_february_expires_on_28_february(holder):
    BlacklistFactory(entity=holder, listed=dt.date(2012, 2, 29))
    key = f"{holder.uscc}|2012-02-29"
    assert run("blacklist.due", dt.date(2015, 1, 29)) == [(key, "提示", dt.date(2015, 2, 28))]
    assert run("blacklist.due", dt.date(2015, 1, 28)) == []


# --- target.lag, pipeline.shortage ---------------------------------------------------------------

TARGETS = """
kind: targets
code: brand-2014
name: 2014年商标工作目标
year: 2014
region: "620500"
items:
  - indicator: tm.applications
    target: 100
    allocations: {"620502": 10, "620503": 1}
"""


def test_target_lag_uses_planning_progress(regions, holder, other_holder):
    from qualitybrand.planning.loading import load_text

    assert load_text(TARGETS).ok
    TrademarkFactory(holder=other_holder, applied=dt.date(2014, 3, 1), registered=None, expires=None)
    assert run("target.lag") == [("brand-2014|tm.applications|620500", "预警", dt.date(2014, 12, 31)),
                                 ("brand-2014|tm.applications|620502", "预警", dt.date(2014, 12, 31))]
    assert [k for k, _, _ in run("target.lag", region=regions["620502"])] == ["brand-2014|tm.applications|620502"]
    assert run("target.lag", dt.date(2015, 1, 10)) == []   # no target set of 2015
    (alert,) = compute(D, rules=["target.lag"], region=regions["620502"])
    assert alert.message == ("目标任务“2014年商标工作目标”：秦州区商标申请量目标 10件，截至 2014-07-10 完成 0件，"
                             "进度滞后，请加快推进")


def test_target_lag_with_no_target_sets_yields_nothing(regions):
    assert run("target.lag") == []


def test_pipeline_shortage_due_on_the_next_calls_deadline(regions):
    from qualitybrand.cultivation.models import PipelineTarget
    from tests.cultivation.factories import make_call

    prov = ProgramFactory(code="prov_famous_tm", name="省著名商标", object_kind="商标",
                          rules=[{"type": "no_failed_inspection", "years": 3}])
    PipelineTarget.objects.create(program=prov, region=regions["620503"], year=2015, target=1)
    assert run("pipeline.shortage") == [("prov_famous_tm|620503", "预警", dt.date(2014, 12, 31))]
    make_call(regions["620500"], [prov], closing=dt.date(2014, 8, 31))
    make_call(regions["620502"], [prov], closing=dt.date(2014, 7, 31))   # another county's call
    assert run("pipeline.shortage") == [("prov_famous_tm|620503", "预警", dt.date(2014, 8, 31))]
    assert run("pipeline.shortage", region=regions["620502"]) == []


def test_followup_and_complaint_rules_quiet_without_a_deadline_or_complaints(regions, holder):
    # a failed batch awaiting its notice has no deadline by default (supervision.md names none)
    InspectionFactory(entity=holder, conclusion="不合格", sampled=dt.date(2014, 3, 3))
    assert run("insp.followup_overdue") == [] and run("complaint.overdue") == []


def test_all_rules_sorted_by_due_rule_key(holder):
    TrademarkFactory(holder=holder, number="10000051", expires=dt.date(2014, 8, 9))
    PledgeFactory(pledgor=holder, number="ZY-9", registered=dt.date(2013, 7, 1), expires=dt.date(2014, 8, 9))
    TrademarkFactory(holder=holder, number="10000050", expires=dt.date(2014, 8, 9))
    out = [(a.due, a.rule, a.key) for a in compute(D)]
    assert out == [(dt.date(2014, 8, 9), "pledge.maturity", "ZY-9"), (dt.date(2014, 8, 9), "tm.renewal", "10000050"),
                   (dt.date(2014, 8, 9), "tm.renewal", "10000051")]
