"""complaint.overdue with the overdue definition of supervision.md: open on D and the current deadline
before D (a 投诉 not accepted on D: 登记日期 + 7; accepted by D: 受理日期 + 45; a 举报: + 15, + 30 extended)."""

import datetime as dt

import pytest

from qualitybrand.alerts.engine import compute
from tests.complaintkpi.factories import complaint

D = dt.date
pytestmark = pytest.mark.django_db


def overdue(as_of, region=None):
    return {a.key: a for a in compute(as_of, region=region, rules=["complaint.overdue"])}


def test_complaint_not_accepted_past_acceptance_deadline(regions):
    qz = regions["620502"]
    late = complaint(qz, registered=D(2024, 9, 27))                       # due 10-12
    accepted_after = complaint(qz, registered=D(2024, 9, 27), accepted=D(2024, 10, 15))
    accepted = complaint(qz, registered=D(2024, 9, 27), accepted=D(2024, 10, 10))   # mediation due 12-06
    closed_before = complaint(qz, registered=D(2024, 9, 27), closed=D(2024, 10, 13), result="不予受理")
    closed_after = complaint(qz, registered=D(2024, 9, 27), closed=D(2024, 10, 20), result="不予受理")
    complaint(qz, registered=D(2024, 10, 15))  # not registered yet on D
    found = overdue(D(2024, 10, 14))
    assert set(found) == {late.number, accepted_after.number, closed_after.number}
    alert = found[late.number]
    assert (alert.level, alert.due, alert.region_code) == ("紧急", D(2024, 10, 12), "620502")
    assert "2024-10-12" in alert.message and "受理期限" in alert.message
    assert alert.as_json()["key"] == late.number
    assert accepted.number not in found and closed_before.number not in found
    # on the deadline itself nothing is overdue yet
    assert overdue(D(2024, 10, 12)) == {}


def test_mediation_deadline_after_acceptance(regions):
    c = complaint(regions["620502"], registered=D(2024, 9, 27), accepted=D(2024, 9, 30))   # due 12-06
    assert overdue(D(2024, 12, 6)) == {}
    alert = overdue(D(2024, 12, 9))[c.number]
    assert alert.due == D(2024, 12, 6) and "调解期限" in alert.message


def test_report_with_and_without_extension(regions):
    plain = complaint(regions["620503"], "举报", registered=D(2024, 9, 27))              # due 10-23
    extended = complaint(regions["620503"], "举报", registered=D(2024, 9, 27), extended=True)  # due 11-13
    assert set(overdue(D(2024, 10, 24))) == {plain.number}
    found = overdue(D(2024, 11, 14))
    assert set(found) == {plain.number, extended.number}
    assert found[extended.number].due == D(2024, 11, 13)


def test_region_scope_and_unknown_calendar(regions):
    qz = complaint(regions["620502"], registered=D(2024, 9, 27))
    mj = complaint(regions["620503"], registered=D(2024, 9, 27))
    assert set(overdue(D(2024, 10, 14), regions["620503"])) == {mj.number}
    assert set(overdue(D(2024, 10, 14), regions["620500"])) == {qz.number, mj.number}
    # a due date in a year no calendar knows: never overdue on a known day
    complaint(regions["620502"], registered=D(2026, 12, 28))
    assert {a for a in overdue(D(2027, 3, 1))} == {qz.number, mj.number}


def test_no_complaints_no_warnings(regions):
    assert overdue(D(2024, 10, 14)) == {}
