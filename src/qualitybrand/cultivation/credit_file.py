"""Cultivation's sections of the credit file (credit/file.py): the entity's applications and its
reward payments. cultivation is above credit, so it registers them (credit never imports it)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from qualitybrand.core.roles import VIEW
from qualitybrand.credit import file as credit_file
from qualitybrand.credit.file import Event

STATE_TONES = {"已认定": "green", "已推荐": "green", "未通过": "red", "未获认定": "red", "草稿": "grey"}


def applications(entity, user, as_of):
    """Submitted applications (a draft is the enterprise's own working copy, not a record of it),
    dated by their submission; the state shown is today's (the workflow keeps no dated states here)."""
    from .models import Application

    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    qs = (Application.objects.for_user(user, VIEW)
          .filter(entity=entity, submitted_at__isnull=False, submitted_at__lt=end)
          .select_related("program", "trademark", "call").order_by("id"))
    for app in qs:
        facts = [("申报批次", app.call.name), ("认定年度", str(app.year))]
        if app.object_label:
            facts.append(("申报对象", app.object_label))
        yield Event(timezone.localdate(app.submitted_at), "applications", f"申报“{app.program.name}”", facts,
                    app.get_absolute_url(), f"applications:{app.pk}", STATE_TONES.get(app.state, "blue"), app.state)


def rewards(entity, user, as_of):
    """Reward payments: a paid one on its 拨付日期, a due or held one in its reward year."""
    from .models import RewardPayment

    qs = (RewardPayment.objects.for_user(user, VIEW).filter(entity=entity, year__lte=as_of.year)
          .select_related("program", "trademark", "recognition__trademark").order_by("id"))
    url = reverse("cultivation:rewards")
    for p in qs:
        paid = p.status == RewardPayment.Status.PAID and p.paid_on is not None and p.paid_on <= as_of
        what = p.program.name if p.program_id else p.event
        facts = [("金额", f"{p.amount:,.2f} 万元"), ("奖励年度", str(p.year))]
        if p.object_label:
            facts.append(("奖励对象", p.object_label))
        if paid:
            yield Event(p.paid_on, "rewards", f"奖励资金拨付：{what}", facts, f"{url}?year={p.year}",
                        f"rewards:{p.pk}", "green", "已拨付")
        else:
            # a payment held by a joint restriction says why (the status is today's: no dated history)
            held = p.status == RewardPayment.Status.HELD
            if held and p.held_reason:
                facts.append(("暂缓原因", p.held_reason))
            yield Event(dt.date(p.year, 1, 1), "rewards", f"奖励资金：{what}", facts, f"{url}?year={p.year}",
                        f"rewards:{p.pk}", "red" if held else "orange", "暂缓" if held else "应付",
                        day_label=f"{p.year}年度")


def register() -> None:
    credit_file.register_section("applications", "品牌培育申报", applications, order=200)
    credit_file.register_section("rewards", "奖励资金", rewards, order=210)
