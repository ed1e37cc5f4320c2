"""Complaint rows for the KPI, warning and statistics tests (plain ORM: these tests read, they never write
through the complaints services, which have their own tests)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from qualitybrand.complaints.models import Complaint

_n = itertools.count(1)
D = dt.date


def complaint(region, category="投诉", registered=D(2024, 9, 27), accepted=None, closed=None, result="",
              extended=False, recovered=None, channel="12315", product="", summary="商品质量问题", entity=None,
              **extra) -> Complaint:
    n = next(_n)
    status = "已办结" if closed else ("已受理" if accepted else "登记")
    return Complaint.objects.create(
        number=extra.pop("number", f"TS{registered:%Y%m%d}{n:05d}"), category=category, channel=channel,
        registered=registered, region=region, entity=entity, respondent_name="" if entity else f"被投诉商户{n}",
        product=product, summary=summary, accepted=accepted, closed=closed, result=result, extended=extended,
        recovered=recovered, status=status, **extra)


def random_city(regions, seed: int, count: int = 120, start=D(2024, 8, 1), days: int = 150) -> list[Complaint]:
    """Complaints spread over the counties around National Day 2024 and into 2025: accepted or not, closed
    early or late, refused, mediated, with and without extensions."""
    rnd = random.Random(seed)
    counties = [r for code, r in regions.items() if code not in ("620000", "620500")]
    out = []
    for _ in range(count):
        category = rnd.choice(["投诉", "投诉", "举报"])
        registered = start + dt.timedelta(days=rnd.randrange(days))
        accepted = closed = None
        result = ""
        if category == "投诉":
            fate = rnd.random()
            if fate < 0.15:  # refused, never accepted
                closed = registered + dt.timedelta(days=rnd.randrange(1, 20))
                result = "不予受理"
            elif fate < 0.8:
                accepted = registered + dt.timedelta(days=rnd.randrange(0, 16))
                if rnd.random() < 0.8:
                    closed = accepted + dt.timedelta(days=rnd.randrange(0, 90))
                    result = rnd.choice(["调解成功", "调解成功", "调解不成", "终止调解", "立案"])
        elif rnd.random() < 0.8:
            closed = registered + dt.timedelta(days=rnd.randrange(0, 50))
            result = rnd.choice(["立案", "不予立案", "转办"])
        recovered = Decimal(rnd.randrange(0, 500)) / 100 if closed and rnd.random() < 0.5 else None
        out.append(complaint(rnd.choice(counties), category, registered, accepted, closed, result,
                             extended=category == "举报" and rnd.random() < 0.3, recovered=recovered,
                             channel=rnd.choice(["12315", "12365", "来电", "网络", "门户"])))
    return out
