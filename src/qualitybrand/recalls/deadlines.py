"""The deadlines of a recall (supervision.md § Traceability and recall), pure reads.

- 消费品: 召回计划 within 10 working days of the decision (决定日期); 发布召回信息 within 3 working
  days of the plan's submission (消费品召回管理暂行规定 第十二、十三条; before the plan is in, of the
  plan's deadline: the latest the publication can then be due).
- 食品 by level 一级/二级/三级: 停止生产销售 within 24/48/72 hours of the decision (决定时间) and the
  recall finished within 10/20/30 working days of the decision (食品召回管理办法 第十三条).
Working days through core.workdays; a deadline beyond the known calendar is None with the
calendar's message (the page says which year to add) and is never overdue.
A step done on its due day is on time; an open deadline is overdue once its due day (or hour) has passed.
Closed recalls (已完成, 监督结束) have nothing overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from qualitybrand.core.workdays import CalendarMissing, add_working_days_many

CONSUMER, FOOD = "消费品", "食品"
PLAN_DAYS, PUBLISH_DAYS = 10, 3
STOP_HOURS = {"一级": 24, "二级": 48, "三级": 72}
FINISH_DAYS = {"一级": 10, "二级": 20, "三级": 30}


@dataclass
class Deadline:
    key: str                       # plan | publish | stop | finish
    label: str                     # 召回计划 …
    rule: str                      # “决定日期后 10 个工作日内”
    due: dt.date | dt.datetime | None
    done: dt.date | dt.datetime | None
    problem: str = ""              # why `due` is None (a missing calendar year)
    state: str = "open"            # done | late | open | overdue | unknown | stopped
    left: str = ""                 # “还剩 3 个工作日” / “已逾期 2 天” …

    @property
    def tone(self) -> str:
        return {"done": "green", "late": "orange", "overdue": "red", "open": "blue"}.get(self.state, "grey")

    @property
    def state_label(self) -> str:
        return {"done": "按期完成", "late": "逾期完成", "overdue": "已逾期", "open": "办理中",
                "unknown": "期限待定", "stopped": "未办理（已结束）"}[self.state]

    @property
    def is_hours(self) -> bool:
        return isinstance(self.due, dt.datetime)


def _wd(starts_n: list[tuple[dt.date, int]]) -> list[dt.date | CalendarMissing]:
    """Working-day deadlines for (start, n) pairs: one calendar per distinct n, a missing year
    answered per deadline (one missing year must not blank the others)."""
    out: list = [None] * len(starts_n)
    by_n: dict[int, list[int]] = defaultdict(list)
    for i, (_, n) in enumerate(starts_n):
        by_n[n].append(i)
    for n, idx in by_n.items():
        try:
            for i, due in zip(idx, add_working_days_many([starts_n[i][0] for i in idx], n), strict=True):
                out[i] = due
        except CalendarMissing:
            for i in idx:
                try:
                    out[i] = add_working_days_many([starts_n[i][0]], n)[0]
                except CalendarMissing as exc:
                    out[i] = exc
    return out


def _raw(recall) -> list[tuple[str, str, str, object, object]]:
    """(key, label, rule, start-or-datetime, done) before the working days are counted."""
    if recall.product_type == FOOD:
        level = recall.level or "三级"
        hours = STOP_HOURS[level]
        return [("stop", "停止生产销售", f"{level}召回：决定后 {hours} 小时内",
                 recall.decided_at + dt.timedelta(hours=hours) if recall.decided_at else None, recall.stopped_at),
                ("finish", "完成召回", f"{level}召回：决定日期后 {FINISH_DAYS[level]} 个工作日内",
                 (recall.decided, FINISH_DAYS[level]), recall.closed if recall.status == "已完成" else None)]
    publish_start = (recall.plan_submitted, PUBLISH_DAYS) if recall.plan_submitted else None
    return [("plan", "提交召回计划", f"决定日期后 {PLAN_DAYS} 个工作日内", (recall.decided, PLAN_DAYS),
             recall.plan_submitted),
            ("publish", "发布召回信息", f"召回计划提交后 {PUBLISH_DAYS} 个工作日内", publish_start,
             recall.published)]


def deadlines_many(recalls, now: dt.datetime) -> dict[int, list[Deadline]]:
    """Every recall's deadlines, keyed by id (a handful of calendar reads for the whole list)."""
    raws = {r.pk: _raw(r) for r in recalls}
    pairs, where = [], []
    for pk, items in raws.items():
        for i, item in enumerate(items):
            if isinstance(item[3], tuple):
                pairs.append(item[3])
                where.append((pk, i))
    dues = dict(zip(where, _wd(pairs), strict=True))
    # 发布 before the plan is in: due 3 working days after the plan's deadline (a second round)
    second = [(pk, dues[(pk, 0)]) for pk, items in raws.items()
              if items[1][0] == "publish" and items[1][3] is None and isinstance(dues.get((pk, 0)), dt.date)]
    for (pk, _), due in zip(second, _wd([(d, PUBLISH_DAYS) for _, d in second]), strict=True):
        dues[(pk, 1)] = due
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    out = {}
    for r in recalls:
        rows = []
        for i, (key, label, rule, start, done) in enumerate(raws[r.pk]):
            due = start if isinstance(start, dt.datetime) else dues.get((r.pk, i))
            problem = ""
            if isinstance(due, CalendarMissing):
                problem, due = str(due), None
            rows.append(_settle(Deadline(key, label, rule, due, done, problem), r, now, today))
        out[r.pk] = rows
    return out


def deadlines(recall, now: dt.datetime) -> list[Deadline]:
    return deadlines_many([recall], now)[recall.pk]


def _settle(d: Deadline, recall, now: dt.datetime, today: dt.date) -> Deadline:
    if d.done is not None:
        d.state = "done" if d.due is None or _on_time(d.done, d.due) else "late"
        d.left = "" if d.state == "done" else f"逾期 {_late_text(d.done, d.due)}完成"
    elif recall.status in ("已完成", "监督结束"):
        d.state = "stopped"
    elif d.due is None:
        d.state = "unknown"
    elif isinstance(d.due, dt.datetime):
        if now > d.due:
            d.state, d.left = "overdue", f"已逾期 {_hours(now - d.due)}"
        else:
            d.left = f"还剩 {_hours(d.due - now)}"
    elif today > d.due:
        d.state, d.left = "overdue", f"已逾期 {(today - d.due).days} 天"
    else:
        d.left = "今天到期" if today == d.due else f"还剩 {(d.due - today).days} 天"
    return d


def _on_time(done, due) -> bool:
    if isinstance(due, dt.datetime):
        done_at = done if isinstance(done, dt.datetime) else timezone.make_aware(
            dt.datetime.combine(done, dt.time(23, 59, 59)))
        return done_at <= due
    return (done.date() if isinstance(done, dt.datetime) else done) <= due


def _late_text(done, due) -> str:
    if isinstance(due, dt.datetime):
        return _hours(done - due)
    done_day = done.date() if isinstance(done, dt.datetime) else done
    return f"{(done_day - due).days} 天"


def _hours(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes} 分" if hours else f"{minutes} 分钟"


def next_open(rows: list[Deadline]) -> Deadline | None:
    """The deadline the recall works towards now: the first overdue one, else the earliest open one."""
    open_rows = [d for d in rows if d.state in ("open", "overdue", "unknown")]
    if not open_rows:
        return None
    overdue = [d for d in open_rows if d.state == "overdue"]
    return (overdue or open_rows)[0]


def is_overdue(rows: list[Deadline]) -> bool:
    return any(d.state == "overdue" for d in rows)
