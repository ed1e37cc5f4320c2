"""The complaint indicators against an independent hand computation (supervision.md § Complaints):
each complaint's deadline counted one at a time with `add_working_days`, the definitions written out
literally, regions pooled by path."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from qualitybrand.core.workdays import add_working_days
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.periods import Period
from tests.complaintkpi.factories import complaint, random_city

D = dt.date
CODES = ["complaint.received", "complaint.complaints", "complaint.reports", "complaint.ontime_accept_rate",
         "complaint.mediation_success_rate", "complaint.ontime_close_rate", "complaint.recovered"]


def within(p: Period, day) -> bool:
    return day is not None and p.start <= day <= p.end


def reference(rows, p: Period) -> dict[str, object]:
    received = [c for c in rows if within(p, c.registered)]
    decided = []
    for c in rows:
        if c.category != "投诉":
            continue
        day = c.accepted if c.accepted else (c.closed if c.result == "不予受理" else None)
        if within(p, day):
            decided.append(day <= add_working_days(c.registered, 7))
    closed = [c for c in rows if within(p, c.closed)]
    mediated = [c for c in closed if c.result in ("调解成功", "调解不成", "终止调解")]
    ontime = []
    for c in closed:
        if c.category == "举报":
            due = add_working_days(c.registered, 30 if c.extended else 15)
        elif c.accepted:
            due = add_working_days(c.accepted, 45)
        else:
            due = add_working_days(c.registered, 7)
        ontime.append(c.closed <= due)

    def rate(flags):
        return sum(flags) * 100 / len(flags) if flags else None

    recovered = sum((c.recovered or Decimal(0) for c in closed), Decimal(0))
    return {
        "complaint.received": len(received),
        "complaint.complaints": sum(c.category == "投诉" for c in received),
        "complaint.reports": sum(c.category == "举报" for c in received),
        "complaint.ontime_accept_rate": rate(decided),
        "complaint.mediation_success_rate": rate([c.result == "调解成功" for c in mediated]),
        "complaint.ontime_close_rate": rate(ontime),
        "complaint.recovered": float(recovered) if recovered != recovered.to_integral_value() else int(recovered),
    }


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-9


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_city_matches_hand_computation(regions, seed):
    rows = random_city(regions, seed)
    periods = [Period(D(2024, 10, 1), D(2024, 10, 31)), Period(D(2024, 9, 1), D(2024, 9, 30)),
               Period.year(2024), Period(D(2024, 12, 1), D(2024, 12, 31))]
    for p in periods:
        values = compute(CODES, p)
        for code_region, region in regions.items():
            mine = [c for c in rows if c.region.path.startswith(region.path)]
            expected = reference(mine, p)
            for code in CODES:
                assert close(values[(code, code_region)], expected[code]), (p, code_region, code)


@pytest.mark.django_db
def test_small_hand_example(regions):
    qz, mj = regions["620502"], regions["620503"]
    # 投诉 registered 9-27, accepted 10-12 (the 7th working day): on time; closed 10-20 mediated
    complaint(qz, registered=D(2024, 9, 27), accepted=D(2024, 10, 12), closed=D(2024, 10, 20), result="调解成功",
              recovered=Decimal("1.50"))
    # accepted 10-14: late (due 10-12); closed 10-30 调解不成
    complaint(qz, registered=D(2024, 9, 27), accepted=D(2024, 10, 14), closed=D(2024, 10, 30), result="调解不成")
    # refused on 10-8 without acceptance: decided on time; closes on time (due 10-12)
    complaint(mj, registered=D(2024, 9, 27), closed=D(2024, 10, 8), result="不予受理")
    # 举报 with an extension closed 11-13 (the 30th working day) in November; without: late on 10-24
    complaint(mj, "举报", registered=D(2024, 9, 27), closed=D(2024, 10, 24), result="立案")
    complaint(mj, "举报", registered=D(2024, 9, 27), closed=D(2024, 11, 13), result="立案", extended=True)
    oct_ = compute(CODES, Period(D(2024, 10, 1), D(2024, 10, 31)))
    assert oct_[("complaint.received", "620500")] == 0
    assert oct_[("complaint.ontime_accept_rate", "620502")] == 50
    assert oct_[("complaint.ontime_accept_rate", "620500")] == pytest.approx(200 / 3)
    assert oct_[("complaint.mediation_success_rate", "620500")] == 50
    assert oct_[("complaint.ontime_close_rate", "620503")] == 50
    assert oct_[("complaint.ontime_close_rate", "620500")] == 75
    assert oct_[("complaint.recovered", "620500")] == 1.5
    nov = compute(CODES, Period(D(2024, 11, 1), D(2024, 11, 30)))
    assert nov[("complaint.ontime_close_rate", "620503")] == 100
    assert nov[("complaint.mediation_success_rate", "620500")] is None
    sep = compute(CODES, Period(D(2024, 9, 1), D(2024, 9, 30)))
    assert (sep[("complaint.received", "620500")], sep[("complaint.complaints", "620500")],
            sep[("complaint.reports", "620500")]) == (5, 3, 2)
    assert sep[("complaint.received", "620521")] == 0


@pytest.mark.django_db
def test_command_and_api_answer_the_codes(regions, city_user, capsys):
    from rest_framework.test import APIClient

    complaint(regions["620502"], registered=D(2024, 3, 1), accepted=D(2024, 3, 4))
    call_command("indicators", "--year", "2024", "--region", "620500", "--codes", ",".join(CODES), "--json")
    values = {v["code"]: v["value"] for v in json.loads(capsys.readouterr().out)["values"]}
    assert values["complaint.received"] == 1 and values["complaint.ontime_accept_rate"] == 100
    client = APIClient()
    client.force_authenticate(city_user)
    res = client.get("/api/v1/indicators/", {"year": 2024, "region": "620500", "codes": ",".join(CODES)})
    assert res.status_code == 200, res.content
    assert "complaint.ontime_close_rate" in res.content.decode()
