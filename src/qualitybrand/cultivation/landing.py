"""What cultivation shows on the role pages (core/landing.py): an expert's award scoring, an
enterprise's applications and rewards."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from qualitybrand.core import landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

SHOWN = 20
STATE_TONES = {"草稿": "grey", "已认定": "green", "未通过": "red", "未获认定": "red", "公示": "orange"}


def expert_assignments(user):
    """The award applications assigned to this expert, unscored first."""
    from qualitybrand.cultivation.models import Assignment, State

    if getattr(user, "role", "") != Role.EXPERT:
        return None
    qs = (Assignment.objects.for_user(user).filter(expert__user=user)
          .select_related("application__entity", "application__program", "application__call"))
    rows, waiting = [], 0
    for a in sorted(qs, key=lambda a: (a.submitted_at is not None, a.assigned_at)):
        app = a.application
        open_now = a.submitted_at is None and app.state == State.DOC_REVIEW
        waiting += open_now
        if a.submitted_at:
            status = Cell("已提交", tone="green")
        elif app.state != State.DOC_REVIEW:
            status = Cell("未在评审阶段", tone="grey")
        elif a.scores:
            status = Cell("已暂存", tone="orange")
        else:
            status = Cell("待评分", tone="blue")
        url = reverse("cultivation:score", args=[a.pk])
        rows.append([Cell(app.entity.name, url), Cell(app.program.name), Cell(app.state), status,
                     Cell(f"{a.total}" if a.total is not None else "—", num=True),
                     Cell(timezone.localtime(a.assigned_at).strftime("%Y年%-m月%-d日")),
                     Cell("评分" if open_now else "查看", url)])
    return Section(
        "奖项评审（资料评审打分）", ["申报单位", "奖项", "申报状态", "评分状态", "我的得分", "分配日期", "操作"],
        rows, empty="暂无分配给您的奖项评审。", total=len(rows), unit="件",
        note=(f"待评分 {waiting} 件。" if waiting else "没有待评分的申报。")
        + "逐项给出得分率（0–100%，以 5% 为步长），提交后不能修改；提交前看不到其他专家的评分。")


def company_applications(user):
    from qualitybrand.cultivation.models import Application

    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    qs = Application.objects.for_user(user).select_related("program", "trademark").order_by("-id")
    total = qs.count()
    rows = []
    for app in qs[:SHOWN]:
        url = reverse("cultivation:application", args=[app.pk])
        target = app.product_name or (str(app.trademark) if app.trademark_id else
                                      "本企业" if app.program.object_kind == "企业" else "—")
        rows.append([Cell(app.program.name, url), Cell(target), Cell(app.year), Cell(app.state,
                     tone=STATE_TONES.get(app.state, "blue")),
                     Cell(app.submitted_at.strftime("%Y年%-m月%-d日") if app.submitted_at else "—")])
    return Section("本企业的申报", ["项目", "申报对象", "认定年度", "状态", "提交时间"], rows,
                   empty="暂无申报。可在“申报批次”中查看正在受理的项目并提交申报。", total=total, unit="件",
                   more_url="/cultivation/applications/", more_label="全部申报")


def company_rewards(user):
    from qualitybrand.cultivation.models import RewardPayment

    if getattr(user, "role", "") != Role.ENTERPRISE:
        return None
    qs = RewardPayment.objects.for_user(user).select_related("program").order_by("-year", "id")
    total = qs.count()
    rows = [[Cell(p.program.name if p.program_id else (p.event or "—")), Cell(p.year),
             Cell(f"{p.amount:,.2f}", num=True),
             Cell(p.status, tone="green" if p.status == RewardPayment.Status.PAID else "blue"),
             Cell(p.paid_on.strftime("%Y年%-m月%-d日") if p.paid_on else "—")] for p in qs[:SHOWN]]
    return Section("奖励资金", ["项目或事项", "奖励年度", "金额(万元)", "状态", "拨付日期"], rows,
                   empty="暂无奖励记录。", total=total, unit="笔", more_url="/cultivation/rewards/",
                   more_label="全部奖励")


def register() -> None:
    landing.register("reviews", expert_assignments, order=10)
    landing.register("company", company_applications, order=20)
    landing.register("company", company_rewards, order=30)
