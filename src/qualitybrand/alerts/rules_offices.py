"""Built-in rules whose warnings go to the offices only (warnings.md): repeated inspection failures,
blacklist entries falling due for removal, lagging targets, a running-dry pipeline, and the two rules
that need issue 14's follow-ups and complaints (placeholders until supervision registers them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Max, Q

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.rules import Context, Param, add_years, chunks, register, url_maker

LEVEL = Param("level", "级别", "level", "级别由低到高：提示、预警、紧急")


def insp_repeat_failure(ctx: Context) -> Iterable[Alert]:
    """Entities with ≥ min_count 不合格 batches sampled in [D − lookback, D]: one grouped query, then the
    names of the few entities it finds."""
    from qualitybrand.registry.models import Entity
    from qualitybrand.supervision.models import Inspection

    d, p = ctx.as_of, ctx.params
    start = d - timedelta(days=p["lookback_days"])
    failed = ctx.within(Inspection.objects.filter(conclusion="不合格", sampled__gte=start, sampled__lte=d),
                        "entity__region__path")
    groups = {eid: (n, last) for eid, n, last in failed.order_by().values("entity_id").annotate(
        n=Count("id"), last=Max("sampled")).filter(n__gte=p["min_count"]).values_list("entity_id", "n", "last")}
    url = url_maker("registry:entities-detail")
    for ids in chunks(sorted(groups)):
        for eid, uscc, name, region_id in Entity.objects.filter(id__in=ids).values_list(
                "id", "uscc", "name", "region_id"):
            n, last = groups[eid]
            level = p["urgent_level"] if n >= p["urgent_count"] else p["level"]
            label = f"“{name}”（{uscc}）"
            yield Alert(ctx.code, uscc, ctx.region_code(region_id), level, last + timedelta(days=p["due_days"]),
                        f"{label}在 {start:%Y-%m-%d} 至 {d:%Y-%m-%d} 监督抽查不合格 {n} 批次（最近一次抽样日期 "
                        f"{last:%Y-%m-%d}），请加强跟踪检查和后处理", label, url(uscc), eid, "主体")


def blacklist_due(ctx: Context) -> Iterable[Alert]:
    """Listed on D, and 列入日期 + years (29 February → 28 February) ≤ D + window: removal on expiry
    falls due (credit.md). Entries already past their expiry and still listed keep firing."""
    from qualitybrand.supervision.models import BlacklistEntry

    d, p = ctx.as_of, ctx.params
    years = p["years"]
    last = d + timedelta(days=p["window_days"])
    # 列入日期 + years ≤ last holds for every 列入日期 up to last − years (+1 day for a 29 February).
    latest_listed = add_years(last, -years) + timedelta(days=1)
    qs = ctx.within(BlacklistEntry.objects.filter(Q(removed__isnull=True) | Q(removed__gt=d),
                                                  listed__lte=min(d, latest_listed)))
    url = url_maker("supervision:blacklist-detail")
    for pk, listed, reason, uscc, name, entity_id, region_id in qs.order_by().values_list(
            "id", "listed", "reason", "entity__uscc", "entity__name", "entity_id", "region_id"):
        expiry = add_years(listed, years)
        if expiry > last:
            continue
        label = f"“{name}”（{uscc}）严重违法失信名单（列入日期 {listed:%Y-%m-%d}）"
        yield Alert(ctx.code, f"{uscc}|{listed:%Y-%m-%d}", ctx.region_code(region_id), p["level"], expiry,
                    f"{label}公示期满日为 {expiry:%Y-%m-%d}（列入事由：{reason}），请届时办理期满移出", label, url(pk), entity_id,
                    "失信名单")


def target_lag(ctx: Context) -> Iterable[Alert]:
    """Items of the target sets of D's year whose progress (planning's own computation, assessment.md)
    is 滞后 on D, for the set's region and every allocated region."""
    from qualitybrand.indicators import catalog
    from qualitybrand.planning.models import TargetSet
    from qualitybrand.planning.selectors import LATE, AssessmentError, progress

    d, p = ctx.as_of, ctx.params
    url = url_maker("planning:target_progress")
    for target_set in TargetSet.objects.filter(year=d.year).order_by("code"):
        try:
            rows = progress(target_set, d)
        except AssessmentError:
            continue  # a set naming an indicator that is gone: the set's own page says so
        for row in rows:
            if row.status != LATE or not ctx.keeps_code(row.region):
                continue
            spec = catalog.get(row.indicator)
            indicator = spec.name if spec else row.indicator
            unit = getattr(spec, "unit", "") or ""
            actual = row.actual if row.actual is not None else 0
            label = f"目标任务“{target_set.name}”：{row.region_name}{indicator}"
            yield Alert(ctx.code, f"{target_set.code}|{row.indicator}|{row.region}", row.region, p["level"],
                        date(target_set.year, 12, 31),
                        f"{label}目标 {_number(row.target)}{unit}，截至 {d:%Y-%m-%d} 完成 {_number(actual)}{unit}，"
                        f"进度滞后，请加快推进", label, url(target_set.code), None, "目标任务")


def _number(value) -> str:
    text = f"{value:f}" if hasattr(value, "as_tuple") else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def pipeline_shortage(ctx: Context) -> Iterable[Alert]:
    """后备不足 as workflows.md defines it, from cultivation's own pipeline computation (`pipeline`, whose
    flagged rows are `pipeline_shortfalls`); due on the
    deadline of the next call open to the program in that region (published there or above), else 31 Dec."""
    from qualitybrand.core.models import Region, RegionKind
    from qualitybrand.cultivation.models import Call
    from qualitybrand.cultivation.rules import one_year_later
    from qualitybrand.cultivation.selectors import pipeline, targets_for
    from qualitybrand.registry.models import Program

    d, p = ctx.as_of, ctx.params
    # Program × county: the counties are the children of a city (市), the pipeline's own unit; a tree
    # without a city falls back to the pipeline's default root (the top region).
    roots = list(Region.objects.filter(kind=RegionKind.CITY).order_by("code")) or [None]
    # Only a program with a target next year can fall short (workflows.md): the pipeline is computed for
    # those alone — the same rows `pipeline_shortfalls` gives, without evaluating every open program's
    # candidates when no target is set (97 s at 1,000,000 entities).
    programs = list(Program.objects.filter(is_open=True).order_by("id"))
    targeted = {pid for pid, _ in targets_for(programs, one_year_later(d).year)}
    programs = [p for p in programs if p.id in targeted]
    if not programs:
        return
    rows = [r for root in roots for r in pipeline(None, root, d, programs=programs)
            if r["short"] and ctx.keeps_code(r["region"].code)]
    if not rows:
        return
    calls = list(Call.objects.filter(closing__gte=d, programs__id__in={r["program"].id for r in rows})
                 .order_by().values_list("programs__id", "closing", "region__path"))
    url = url_maker("registry:programs-detail")
    for r in rows:
        program, region = r["program"], r["region"]
        deadlines = [closing for pid, closing, path in calls
                     if pid == program.id and region.path.startswith(path)]
        due = min(deadlines) if deadlines else date(d.year, 12, 31)
        label = f"{region.name}“{program.name}”后备梯队"
        yield Alert(ctx.code, f"{program.code}|{region.code}", region.code, p["level"], due,
                    f"{label}不足：明年可申报 {r['eligible_next']} 户，低于明年目标 {r['target']} 户，请加强梯次培育",
                    label, url(program.code), None, "培育项目")


register("insp.repeat_failure", insp_repeat_failure, name="抽查多次不合格", object_type="主体", order=60,
         owner="region",
         meaning="抽样日期在 [D − 回溯天数, D] 内结论为不合格的抽查批次 ≥ 最少批次",
         level_text="批次 ≥ 紧急批次时用紧急时级别，否则用级别", due_text="最近一次不合格抽样日期 + 处理天数",
         defaults={"lookback_days": 364, "min_count": 2, "urgent_count": 3, "due_days": 30,
                   "level": "预警", "urgent_level": "紧急"},
         params=(Param("lookback_days", "回溯天数", "days", "统计抽样日期在 [D − 此天数, D] 内的批次（364 天即一年）"),
                 Param("min_count", "最少批次", "count", "不合格批次达到此数时产生预警"),
                 Param("urgent_count", "紧急批次", "count", "达到此数时使用紧急时级别；应大于最少批次"),
                 Param("due_days", "处理天数", "days", "到期日 = 最近一次不合格抽样日期 + 此天数"),
                 LEVEL, Param("urgent_level", "紧急时级别", "level", "应高于级别")))
register("blacklist.due", blacklist_due, name="失信名单期满移出", object_type="失信名单", order=80, owner="region",
         meaning="在 D 列入名单（列入日期 ≤ D，移出日期为空或晚于 D），且列入日期 + 公示年数（2月29日按2月28日）"
                 "≤ D + 提前天数",
         level_text="固定（见阈值）", due_text="列入日期 + 公示年数",
         defaults={"years": 3, "window_days": 30, "level": "提示"},
         params=(Param("years", "公示年数", "years", "列入日期起满此年数期满移出（信用规则：3 年）"),
                 Param("window_days", "提前天数", "days", "期满日不晚于 D + 此天数时产生预警"), LEVEL))
register("target.lag", target_lag, name="目标任务进度滞后", object_type="目标任务", order=90, owner="region",
         meaning="D 所在年度的目标集中，某项目标任务按考核办法的进度状态在 D 为“滞后”",
         level_text="固定（见阈值）", due_text="目标集年度的 12 月 31 日",
         defaults={"level": "预警"}, params=(LEVEL,))
register("pipeline.shortage", pipeline_shortage, name="培育后备不足", object_type="培育项目 × 县区", order=100,
         owner="region",
         meaning="按梯次培育的定义，县区明年可申报的后备数少于明年目标（后备不足）",
         level_text="固定（见阈值）", due_text="该项目下一批次的申报截止日期，没有时为 12 月 31 日",
         defaults={"level": "预警"}, params=(LEVEL,))
