"""What planning shows on the role pages (core/landing.py): the manual assessment items an expert
may score, and a county's open rectification tasks."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role


def expert_manual_items(user):
    """Rounds not yet finalised whose manual items this expert may score (an expert of the round's
    region: `services.is_reviewer`), one row per assessed region, with how many are scored."""
    from qualitybrand.core.models import Region
    from qualitybrand.planning import services
    from qualitybrand.planning.models import ManualScore
    from qualitybrand.planning.selectors import rounds_for_user

    if getattr(user, "role", "") != Role.EXPERT:
        return None
    rounds = [r for r in rounds_for_user(user).filter(snapshot__isnull=True)
              if services.is_reviewer(user, r)]
    manual = {r.pk: [i["code"] for i in r.document.get("items", []) if i.get("rule") == "manual"] for r in rounds}
    rounds = [r for r in rounds if manual[r.pk]]
    if not rounds:
        return None
    scored: dict[tuple[int, int], int] = {}
    for rid, region_id, code in ManualScore.objects.filter(round__in=rounds).values_list(
            "round_id", "region_id", "item_code"):
        if code in manual[rid]:
            scored[(rid, region_id)] = scored.get((rid, region_id), 0) + 1
    codes = {c for r in rounds for c in (r.scheme.assessed_codes or [])}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    today = clock.today()
    rows, waiting = [], 0
    for rnd in rounds:
        for code in rnd.scheme.assessed_codes or []:
            region = regions.get(code)
            if region is None:
                continue
            done = scored.get((rnd.pk, region.pk), 0)
            need = len(manual[rnd.pk])
            waiting += need - done
            url = reverse("planning:region", kwargs={"pk": rnd.pk, "region": code})
            status = Cell("已评完", tone="green") if done >= need else Cell(
                f"待评分 {need - done} 项", tone="orange" if today > rnd.deadline else "blue")
            rows.append([Cell(f"{rnd.scheme.name} · {rnd.kind}", reverse("planning:round", args=[rnd.pk])),
                         Cell(region.name), Cell(f"{done} / {need}", num=True), status,
                         Cell(rnd.deadline.strftime("%Y年%-m月%-d日")),
                         Cell("评分" if done < need else "查看", url)])
    return Section("考核评分（定性评分项）", ["考核轮次", "被考核区划", "已评 / 应评", "状态", "自评截止", "操作"],
                   rows, total=waiting, unit="项待评分",
                   note="本轮定稿前，评审专家可对各区划的定性评分项打分；自评截止后即可评分。")


def county_tasks(user):
    """The county's own rectification tasks that are not done, earliest deadline first."""
    from qualitybrand.core.scoping import is_own_region
    from qualitybrand.planning.models import RectificationTask

    if getattr(user, "role", "") != Role.COUNTY:
        return None
    today = clock.today()
    qs = (RectificationTask.objects.for_user(user).exclude(state=RectificationTask.State.DONE)
          .select_related("round__scheme", "region").order_by("deadline", "id"))
    rows = []
    for t in qs[:20]:
        url = reverse("planning:tasks", args=[t.round_id])
        late = t.is_overdue(today)
        rows.append([Cell(t.item_name, url), Cell(t.region.name), Cell(f"{t.round.scheme.name}（{t.round.kind}）"),
                     Cell(t.deadline.strftime("%Y年%-m月%-d日")),
                     Cell("逾期" if late else t.state, tone="red" if late else "blue"),
                     Cell("提交整改报告" if is_own_region(user, t.region_id) and t.state != RectificationTask.State.SUBMITTED else "查看", url)])
    return Section("整改任务", ["评分项", "区划", "考核", "整改期限", "状态", "操作"], rows,
                   empty="没有未完成的整改任务。", total=qs.count(), unit="项", more_url="/planning/",
                   more_label="目标与考核")


def county_self_evaluations(user):
    """Open rounds assessing the county: its manual items to self-evaluate before the deadline."""
    from qualitybrand.core.scoping import own_region_code
    from qualitybrand.planning.models import SelfEvaluation
    from qualitybrand.planning.selectors import rounds_for_user

    code = own_region_code(user, {Role.COUNTY})
    if getattr(user, "role", "") != Role.COUNTY or code is None:
        return None
    rounds = [r for r in rounds_for_user(user).filter(snapshot__isnull=True) if code in (r.scheme.assessed_codes or [])]
    manual = {r.pk: {i["code"] for i in r.document.get("items", []) if i.get("rule") == "manual"} for r in rounds}
    rounds = [r for r in rounds if manual[r.pk]]
    if not rounds:
        return None
    done: dict[int, int] = {}
    for rid, item in SelfEvaluation.objects.filter(round__in=rounds, region=user.region).values_list(
            "round_id", "item_code"):
        done[rid] = done.get(rid, 0) + (item in manual[rid])
    today = clock.today()
    rows = []
    for rnd in rounds:
        need, have = len(manual[rnd.pk]), done.get(rnd.pk, 0)
        url = reverse("planning:region", kwargs={"pk": rnd.pk, "region": code})
        if have >= need:
            status = Cell("已自评", tone="green")
        elif today > rnd.deadline:
            status = Cell("已截止", tone="grey")
        else:
            status = Cell(f"待自评 {need - have} 项", tone="orange" if (rnd.deadline - today).days <= 7 else "blue")
        rows.append([Cell(f"{rnd.scheme.name} · {rnd.kind}", url), Cell(f"{have} / {need}", num=True), status,
                     Cell(rnd.deadline.strftime("%Y年%-m月%-d日")),
                     Cell("自评" if have < need and today <= rnd.deadline else "查看", url)])
    return Section("考核自评", ["考核轮次", "已自评 / 应自评", "状态", "自评截止", "操作"], rows,
                   note="对定性评分项填写自评分和说明、上传佐证材料；自评截止后不能再提交。")


def register() -> None:
    landing.register("reviews", expert_manual_items, order=20)
    landing.register("worklist", county_self_evaluations, order=15)
    landing.register("worklist", county_tasks, order=20)
