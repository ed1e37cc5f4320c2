"""What planning shows on a department's 部门工作台 (core/landing.py), registered in PlanningConfig.ready():
its targets of the year with progress, its assessment rounds (what is left to self-evaluate before the
deadline; its published rank, total and grade) and the indicators it reports (部门填报).

A department answers for the region of the documents of its own region only (responsibility.md): the
city's 住建 never sees the targets or rounds of a county's 住建, nor another department's rows."""

from __future__ import annotations

from django.urls import reverse

from qualitybrand.core import clock, landing
from qualitybrand.core.landing import Cell, Section
from qualitybrand.core.roles import Role
from qualitybrand.planning import subjects as subj

STATUS_TONES = {"已完成": "green", "正常": "blue", "滞后": "red"}
REPORT_TONES = {"审核通过": "green", "填报": "blue", "退回": "red"}
REPORT_LABELS = {"审核通过": "已通过", "填报": "待审核", "退回": "被退回"}


def _department(user):
    """The department's short name (its subject key) when the user is a department user bound to a
    department and a region; None otherwise."""
    if getattr(user, "role", "") != Role.DEPARTMENT or not getattr(user, "department_id", None) \
            or not getattr(user, "region_id", None):
        return None
    return user.department.name


def _date(day) -> str:
    return day.strftime("%Y年%-m月%-d日")


def _figure(value, unit: str = "") -> str:
    """A target or actual value with its unit; “—” when there is no value yet (no unit after it)."""
    from qualitybrand.planning.selectors import json_number

    if value is None:
        return "—"
    number = json_number(value)
    return f"{number:g}{unit}" if isinstance(number, float) else f"{number}{unit}"


def department_targets(user):
    """The year's target sets of the user's region allocating to its department (the latest year
    that has any, up to this one), one row per item, from `selectors.progress`."""
    from qualitybrand.planning import selectors, values
    from qualitybrand.planning.models import TargetSet

    name = _department(user)
    if name is None:
        return None
    today = clock.today()
    sets = [ts for ts in TargetSet.objects.filter(region_id=user.region_id, subjects=subj.DEPARTMENTS,
                                                  year__lte=today.year).order_by("code")
            if any(name in item.get("allocations", {}) for item in ts.document.get("items", []))]
    year = max((ts.year for ts in sets), default=None)
    mine = [ts for ts in sets if ts.year == year]
    rows, late = [], 0
    for ts in mine:
        try:
            found = selectors.progress(ts, selectors.default_as_of(ts.year))
        except selectors.AssessmentError:
            rows.append([Cell(ts.name, ts.get_absolute_url()), Cell("目标集使用的指标已不存在，请联系市级办公室。"),
                         Cell(), Cell(), Cell(), Cell()])
            continue
        for row in (r for r in found if r.subject == name and not r.is_own):
            late += row.status == selectors.LATE
            unit = values.indicator_unit(row.indicator)
            rows.append([Cell(ts.name, ts.get_absolute_url()), Cell(values.indicator_name(row.indicator)),
                         Cell(_figure(row.target, unit), num=True), Cell(_figure(row.actual, unit), num=True),
                         Cell(f"{float(row.ratio) * 100:.1f}%", num=True),
                         Cell(row.status, tone=STATUS_TONES.get(row.status, "grey"))])
    note = f"{year}年分解到本部门的目标，按本级区划的指标实际值计算进展" if year else ""
    if late:
        note += f"；{late} 项滞后"
    return Section("本部门目标任务", ["目标集", "指标", "目标值", "实际值", "完成率", "状态"], rows,
                   empty="本年度还没有分解到本部门的目标任务。", more_url="/planning/", more_label="目标与考核",
                   note=note + ("。" if note else ""), order=20)


def _department_rounds(user, name: str) -> list:
    """Rounds of the user's region assessing departments that list its department (one query)."""
    from qualitybrand.planning.models import Round

    rounds = (Round.objects.filter(region_id=user.region_id, scheme__subjects=subj.DEPARTMENTS)
              .select_related("scheme").order_by("-as_of", "-id"))
    return [r for r in rounds if name in (r.scheme.assessed_codes or [])
            and subj.kind_of(r.document) == subj.DEPARTMENTS]


def department_rounds(user):
    """Its open rounds (manual items self-evaluated / to do, the deadline) and its results in the
    rounds whose notice is published (rank among n, total, grade); a round frozen but not yet
    published says so without figures."""
    from qualitybrand.planning.models import Round, SelfEvaluation

    name = _department(user)
    if name is None:
        return None
    rounds = _department_rounds(user, name)
    if not rounds:
        return None
    open_rounds = [r for r in rounds if not r.is_frozen]
    done: dict[int, set] = {}
    for rid, code in SelfEvaluation.objects.filter(round__in=open_rounds, subject=name).values_list(
            "round_id", "item_code"):
        done.setdefault(rid, set()).add(code)
    today = clock.today()
    rows = []
    for rnd in rounds:
        url = reverse("planning:region", kwargs={"pk": rnd.pk, "region": name})
        title = Cell(f"{rnd.scheme.name} · {rnd.kind}", url)
        if rnd.is_frozen:
            result = next((r for r in rnd.snapshot.get("results", []) if (r.get("subject") or r.get("region")) == name),
                          None)
            if rnd.state != Round.State.PUBLISHED or result is None:
                rows.append([title, Cell("已定稿，待通报", tone="grey"), Cell(), Cell(), Cell("查看", url)])
                continue
            n = len(rnd.snapshot.get("results", []))
            grade = result.get("grade") or "—"
            rows.append([title, Cell("已通报", tone="green"),
                         Cell(f"得分 {float(result['total']):.2f} · 第 {result['rank']} / {n} 名 · {grade}"),
                         Cell(_date(rnd.deadline)), Cell("查看", url)])
            continue
        manual = {i["code"] for i in rnd.document.get("items", []) if i.get("rule") == "manual"}
        have = len(manual & done.get(rnd.pk, set()))
        if not manual:
            status = Cell("无需自评", tone="grey")
        elif have >= len(manual):
            status = Cell("已自评", tone="green")
        elif today > rnd.deadline:
            status = Cell(f"已截止，{len(manual) - have} 项未自评", tone="red")
        else:
            left = (rnd.deadline - today).days
            status = Cell(f"待自评 {len(manual) - have} 项", tone="orange" if left <= 7 else "blue")
        may_write = manual and have < len(manual) and today <= rnd.deadline
        rows.append([title, status, Cell(f"已自评 {have} / {len(manual)} 项"), Cell(_date(rnd.deadline)),
                     Cell("去自评" if may_write else "查看", url)])
    return Section("本部门考核", ["考核轮次", "状态", "进度 / 结果", "自评截止", "操作"], rows,
                   note="进行中的考核：对定性评分项填写自评分、说明并上传佐证材料；通报后显示本部门的得分、名次和等次。",
                   order=30)


def department_rectifications(user):
    """Rectification tasks set on its department in its region's rounds, not yet done (none: no
    section). Only its own: a city department's scope would otherwise show every county's tasks."""
    from qualitybrand.planning.models import RectificationTask

    name = _department(user)
    if name is None:
        return None
    qs = (RectificationTask.objects.filter(round__region_id=user.region_id, round__scheme__subjects=subj.DEPARTMENTS,
                                           subject=name).exclude(state=RectificationTask.State.DONE)
          .select_related("round__scheme").order_by("deadline", "id"))
    tasks = list(qs[:20])
    if not tasks:
        return None
    today = clock.today()
    rows = []
    for t in tasks:
        url = reverse("planning:tasks", args=[t.round_id])
        late = t.is_overdue(today)
        rows.append([Cell(t.item_name, url), Cell(f"{t.round.scheme.name}（{t.round.kind}）"), Cell(_date(t.deadline)),
                     Cell(f"逾期 {(today - t.deadline).days} 天" if late else t.state, tone="red" if late else "blue"),
                     Cell("查看" if t.state == RectificationTask.State.SUBMITTED else "提交整改报告", url)])
    return Section("整改任务", ["评分项", "考核", "整改期限", "状态", "操作"], rows, total=qs.count(), unit="项",
                   order=35)


def department_reports(user):
    """The indicators its department reports (部门填报) and the state of its region's value of last
    year and this year: not reported, waiting for review, returned, approved."""
    from qualitybrand.indicators.models import IndicatorValue
    from qualitybrand.indicators.reported import all_reported

    name = _department(user)
    if name is None:
        return None
    definitions = [d for d in all_reported() if d.owner == name]
    if not definitions:
        return None
    year = clock.today().year
    years = (year - 1, year)
    found = dict(((code, y), status) for code, y, status in IndicatorValue.objects.filter(
        region_id=user.region_id, code__in=[d.code for d in definitions], year__in=years)
        .values_list("code", "year", "status"))
    returned = IndicatorValue.objects.for_user(user).filter(code__in=[d.code for d in definitions],
                                                            status=IndicatorValue.Status.RETURNED).count()
    rows = []
    for d in definitions:
        cells = [Cell(d.name), Cell(d.unit or "—")]
        for y in years:
            status = found.get((d.code, y))
            cells.append(Cell(REPORT_LABELS.get(status, status), tone=REPORT_TONES.get(status, "grey"))
                         if status else Cell("未填报", tone="orange" if y == year - 1 else "grey"))
        cells.append(Cell("填报", f"/indicators/values/?code={d.code}&year={year - 1}"))
        rows.append(cells)
    note = f"{user.region.name}的本部门填报指标；填报后由市级审核通过才计入指标。"
    if returned:
        note += f"有 {returned} 条填报被退回，请修改后重新填报。"
    return Section("本部门填报指标", ["指标", "单位", f"{year - 1}年", f"{year}年", "操作"], rows,
                   more_url="/indicators/values/", more_label="部门填报", note=note, order=40)


def register() -> None:
    landing.register("department", department_targets, order=20)
    landing.register("department", department_rounds, order=30)
    landing.register("department", department_rectifications, order=35)
    landing.register("department", department_reports, order=40)
