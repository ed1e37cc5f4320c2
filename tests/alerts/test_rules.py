"""Every built-in rule of warnings.md at its edges, with hand-built records (both databases)."""

import datetime as dt

import pytest

from qualitybrand.alerts.engine import compute
from qualitybrand.alerts.rules import add_months, add_years
from tests.factories import TrademarkFactory

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
