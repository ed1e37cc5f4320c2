"""The parts of the supervision story written through the apps' services (see supervision_story.py).

Each part imports its app's services inside the function: a missing service (its branch not merged yet)
skips the part (PartMissing); any refusal by a service is a bug of the story and rolls the demo back."""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.demo.supervision_story import PartMissing

S = P.SUPERVISION_STORY


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def office(county: str):
    """The demo account of a county's office (or the city's, for 620500)."""
    from qualitybrand.accounts.models import User
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS

    role = "city_admin" if county == P.CITY else "county"
    name = next(a["username"] for a in DEMO_ACCOUNTS if a["role"] == role and a["region"] == county)
    return User.objects.get(username=name)


def pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitybrand.demo.loader import DEMO_PDF

    return SimpleUploadedFile(f"{name}.pdf", DEMO_PDF, content_type="application/pdf")


# --- 抽查后处理 ---------------------------------------------------------------------------------------

def followups(data) -> str:
    """The latest 2014 failed batches of each county of the story, taken to the states of the plan (the
    latest batch sampled at least a week before the notice day; a county with too few batches gets the
    states that fit). The county's newest failed batch is left awaiting its notice (待下达通知)."""
    try:
        from qualitybrand.supervision import services_followup as svc
    except ImportError as exc:
        raise PartMissing("平台尚未提供抽查后处理服务") from exc
    from qualitybrand.supervision.models import Inspection

    made = 0
    plan = sorted(S["followup_plan"].items(), key=lambda item: item[1][0], reverse=True)
    for county in S["followup_counties"]:
        user = office(county)
        failed = list(Inspection.objects.filter(
            region__code=county, conclusion="不合格", sampled__range=(dt.date(2014, 1, 1), P.LAST_DAY))
            .select_related("entity", "region").order_by("-sampled", "-number"))
        free = failed[1:]  # the newest stays 待下达通知
        for _state, (notice, report, recheck, result, closing) in plan:
            notice_day = _day(notice)
            batch = next((i for i in free if i.sampled <= notice_day - dt.timedelta(days=7)), None)
            if batch is None:
                continue
            free.remove(batch)
            _walk(svc, user, batch, notice_day, _day(report), _day(recheck), result, closing)
            made += 1
    return f"{made} 件"


def _walk(svc, user, batch, notice, report, recheck, result, closing) -> None:
    svc.issue_notice(user, batch, today=notice)
    if report is None:
        return
    svc.submit_report(user, batch, pdf("整改报告"), note="企业已完成整改，提交整改报告（由监管所代为录入）。",
                      today=report)
    if recheck is None:
        return
    items = "" if result == "合格" else (batch.failed_items or "复查仍不合格")
    svc.record_recheck(user, batch, result, on=recheck, items=items, today=recheck,
                       comment="现场复查，抽样送检。")
    closed_on = recheck + dt.timedelta(days=10)
    if closing == "立案":
        number = f"AJ{batch.region.code}2014{9000 + batch.pk % 1000:04d}"
        svc.open_case(user, batch, number=number, case_type="质量违法", today=closed_on,
                      comment="复查仍不合格，依法立案查处。")
    elif closing == "结案":
        svc.close_followup(user, batch, "企业已停止生产该批次产品并召回在售产品，经研究不予立案，结案。",
                           today=closed_on)


# --- the others, as their services land -------------------------------------------------------------

def complaint_steps(data):
    raise PartMissing("平台尚未提供投诉举报办理服务")


def recall(data):
    raise PartMissing("平台尚未提供召回服务")


def risks(data):
    raise PartMissing("平台尚未提供风险信息服务")


def campaign(data):
    raise PartMissing("平台尚未提供专项整治服务")
