"""What planning shows on the role pages (core/landing.py): the manual assessment items an expert
may score; for an assessed subject's user (a county or town, a department, an enterprise) its
self-evaluations and open rectification tasks."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role

# who is assessed and so self-evaluates and reports rectification (responsibility.md)
SUBJECT_ROLES = (Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE)


def expert_manual_items(user):
    """Rounds not yet finalised whose manual items this expert may score (an expert of the round's
    region: `services.is_reviewer`), one row per assessed subject, with how many are scored."""
    from qualitybrand.planning import services, visibility
    from qualitybrand.planning.models import ManualScore

    if getattr(user, "role", "") != Role.EXPERT:
        return None
    rounds = [r for r in visibility.rounds_for_user(user).filter(snapshot__isnull=True)
              if services.is_reviewer(user, r)]
    manual = {r.pk: [i["code"] for i in r.document.get("items", []) if i.get("rule") == "manual"] for r in rounds}
    rounds = [r for r in rounds if manual[r.pk]]
    if not rounds:
        return None
    scored: dict[tuple[int, str], int] = {}
    for rid, key, code in ManualScore.objects.filter(round__in=rounds).values_list("round_id", "subject", "item_code"):
        if code in manual[rid]:
            scored[(rid, key)] = scored.get((rid, key), 0) + 1
    today = clock.today()
    rows, waiting = [], 0
    for rnd in rounds:
        for subject in visibility.round_subjects(rnd):
            done = scored.get((rnd.pk, subject.key), 0)
            need = len(manual[rnd.pk])
            waiting += need - done
            url = reverse("planning:region", kwargs={"pk": rnd.pk, "region": subject.key})
            status = Cell("已评完", tone="green") if done >= need else Cell(
                f"待评分 {need - done} 项", tone="orange" if today > rnd.deadline else "blue")
            rows.append([Cell(f"{rnd.scheme.name} · {rnd.kind}", reverse("planning:round", args=[rnd.pk])),
                         Cell(subject.name), Cell(f"{done} / {need}", num=True), status,
                         Cell(rnd.deadline.strftime("%Y年%-m月%-d日")),
                         Cell("评分" if done < need else "查看", url)])
    return Section("考核评分（定性评分项）", ["考核轮次", "被考核对象", "已评 / 应评", "状态", "自评截止", "操作"],
                   rows, total=waiting, unit="项待评分",
                   note="本轮定稿前，评审专家可对各被考核对象的定性评分项打分；自评截止后即可评分。")


def county_tasks(user):
    """The rectification tasks of a county (its own and its region's), a department or an enterprise
    that are not done, earliest deadline first."""
    from qualitybrand.planning import visibility
    from qualitybrand.planning.models import RectificationTask

    if getattr(user, "role", "") not in SUBJECT_ROLES:
        return None
    today = clock.today()
    qs = (visibility.tasks_for_user(user).exclude(state=RectificationTask.State.DONE)
          .select_related("round__scheme", "region").order_by("deadline", "id"))
    rows = []
    for t in visibility.named_tasks(qs[:20]):
        url = reverse("planning:tasks", args=[t.round_id])
        late = t.is_overdue(today)
        mine = visibility.speaks_for(user, t.round, t.subject, t.region_id)
        rows.append([Cell(t.item_name, url), Cell(t.subject_name), Cell(f"{t.round.scheme.name}（{t.round.kind}）"),
                     Cell(t.deadline.strftime("%Y年%-m月%-d日")),
                     Cell("逾期" if late else t.state, tone="red" if late else "blue"),
                     Cell("提交整改报告" if mine and t.state != RectificationTask.State.SUBMITTED else "查看", url)])
    return Section("整改任务", ["评分项", "被考核对象", "考核", "整改期限", "状态", "操作"], rows,
                   empty="没有未完成的整改任务。", total=qs.count(), unit="项", more_url="/planning/",
                   more_label="目标与考核")


def county_self_evaluations(user):
    """Open rounds assessing the user's own subject (its county or town, its department, its
    enterprise): its manual items to self-evaluate before the deadline."""
    from qualitybrand.planning import visibility
    from qualitybrand.planning.models import SelfEvaluation

    if getattr(user, "role", "") not in SUBJECT_ROLES:
        return None
    mine = {}  # round → the key the user speaks for in it
    for rnd in visibility.rounds_for_user(user).filter(snapshot__isnull=True):
        keys = visibility.own_keys(user, rnd)
        if keys:
            mine[rnd] = sorted(keys)[0]
    manual = {r.pk: {i["code"] for i in r.document.get("items", []) if i.get("rule") == "manual"} for r in mine}
    rounds = [r for r in mine if manual[r.pk]]
    if not rounds:
        return None
    done: dict[int, int] = {}
    for rid, key, item in SelfEvaluation.objects.filter(round__in=rounds).values_list("round_id", "subject",
                                                                                       "item_code"):
        if key == mine[next(r for r in rounds if r.pk == rid)]:
            done[rid] = done.get(rid, 0) + (item in manual[rid])
    today = clock.today()
    rows = []
    for rnd in rounds:
        need, have = len(manual[rnd.pk]), done.get(rnd.pk, 0)
        url = reverse("planning:region", kwargs={"pk": rnd.pk, "region": mine[rnd]})
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
    # an enterprise's 质量目标责任书 on its company page (responsibility.md)
    landing.register("company", county_self_evaluations, order=40)
    landing.register("company", county_tasks, order=45)
