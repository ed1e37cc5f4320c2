"""Reads behind the monthly complaint statistics (reports/views_complaints.py), scoped through `for_user`:
channels, top products, problems (keywords of 内容摘要) and the records behind each complaint indicator
with their deadlines. The figures themselves come from the indicator engine; the membership rules
here (`decision_day`, `counted`) are the ones its family `complaint` uses, so a drill-down lists
exactly the records a figure counted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Count, Q

from qualitybrand.complaints.deadlines import Dues, close_of, dues_for
from qualitybrand.complaints.models import CHANNELS, Complaint
from qualitybrand.core.roles import VIEW, role_may

MEDIATION = ("调解成功", "调解不成", "终止调解")
REFUSED = "不予受理"
# Problem types read from 内容摘要 (the 12315 platform's usual wording), counted by keyword.
PROBLEMS = [("质量", "质量问题"), ("虚假宣传", "虚假宣传"), ("价格", "价格问题"), ("售后", "售后服务"),
            ("退", "退换货"), ("假冒", "假冒伪劣"), ("过期", "过期变质"), ("计量", "计量问题"),
            ("安全", "安全隐患"), ("合同", "合同纠纷"), ("食品", "食品安全"), ("服务", "服务态度")]
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def may_read(user) -> bool:
    """Complaints are office records: the roles that may view them (city office, county, leader)."""
    return bool(user and user.is_authenticated and user.is_active
                and (user.is_superuser or role_may(getattr(user, "role", ""), VIEW, Complaint)))


def parse_month(text: str) -> tuple[dt.date, dt.date]:
    """`2024-10` → (2024-10-01, 2024-10-31); ValueError with a Chinese message otherwise."""
    m = MONTH.fullmatch((text or "").strip())
    if not m or not 1990 <= int(m.group(1)) <= 2100:
        raise ValueError(f"月份“{text}”无效：应为 2024-10 这样的年-月格式。")
    start = dt.date(int(m.group(1)), int(m.group(2)), 1)
    return start, month_end(start)


def month_end(start: dt.date) -> dt.date:
    nxt = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def months_back(start: dt.date, n: int) -> list[dt.date]:
    """The first days of the n months ending with `start`'s month, oldest first."""
    out, index = [], start.year * 12 + start.month - 1
    for i in range(n - 1, -1, -1):
        y, m = divmod(index - i, 12)
        out.append(dt.date(y, m + 1, 1))
    return out


def scoped(user, region):
    return Complaint.objects.for_user(user, VIEW).filter(region__path__startswith=region.path)


def _in(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def channels(user, region, start, end) -> list[tuple[str, int]]:
    """Complaints registered in [start, end] by channel (every channel, zeros included): one grouped query."""
    counts = dict(scoped(user, region).filter(_in("registered", start, end)).order_by()
                  .values_list("channel").annotate(n=Count("id")))
    return [(c, counts.get(c, 0)) for c, _ in CHANNELS]


def top_products(user, region, start, end, limit: int = 10) -> list[tuple[str, int]]:
    rows = (scoped(user, region).filter(_in("registered", start, end)).exclude(product="").order_by()
            .values_list("product").annotate(n=Count("id")).order_by("-n", "product")[:limit])
    return [(p, n) for p, n in rows]


def problems(user, region, start, end) -> list[tuple[str, int]]:
    """Complaints registered in [start, end] whose 内容摘要 mentions each problem type (one query of
    conditional counts; a complaint may mention several), most frequent first, zeros left out."""
    aggregates = {f"p{i}": Count("id", filter=Q(summary__contains=word)) for i, (word, _) in enumerate(PROBLEMS)}
    row = scoped(user, region).filter(_in("registered", start, end)).aggregate(**aggregates)
    found = [(label, row[f"p{i}"] or 0) for i, (_, label) in enumerate(PROBLEMS)]
    return sorted([f for f in found if f[1]], key=lambda f: -f[1])


# --- the records behind each indicator ------------------------------------------------------------

def decision_day(row):
    """A 投诉's acceptance decision: its 受理日期; or its 办结日期 when 处理结果 is 不予受理 and it was never
    accepted. None for a 举报 or an undecided 投诉."""
    get = row.get if isinstance(row, dict) else lambda k: getattr(row, k)
    if get("category") != "投诉":
        return None
    if get("accepted") is not None:
        return get("accepted")
    return get("closed") if get("result") == REFUSED else None


def accept_timely(row, dues: Dues, start, end) -> bool | None:
    """None when the 投诉's acceptance decision is not in [start, end], else whether it was on time
    (a deadline beyond the known calendar is never missed)."""
    day = decision_day(row)
    if day is None or not start <= day <= end:
        return None
    return dues.accept is None or day <= dues.accept


def close_timely(row, dues: Dues, start, end) -> bool | None:
    closed = row["closed"] if isinstance(row, dict) else row.closed
    if closed is None or not start <= closed <= end:
        return None
    due = close_of(row, dues)
    return due is None or closed <= due


@dataclass
class Behind:
    complaint: Complaint
    day: dt.date | None        # the date that put it in the figure
    due: dt.date | None        # the deadline it was measured against (rates)
    ontime: bool | None
    notice: str | None

    @property
    def url(self) -> str:
        """The complaint's page ("" while the complaints pages are not installed)."""
        from django.urls import NoReverseMatch

        try:
            return self.complaint.get_absolute_url()
        except NoReverseMatch:
            return ""


BEHIND = {  # code -> (what the date column means, how to select)
    "complaint.received": "登记日期", "complaint.complaints": "登记日期", "complaint.reports": "登记日期",
    "complaint.ontime_accept_rate": "受理决定日期", "complaint.mediation_success_rate": "办结日期",
    "complaint.ontime_close_rate": "办结日期", "complaint.recovered": "办结日期",
}


def behind(user, region, code: str, start, end) -> list[Behind]:
    """The complaints an indicator counted for the region in [start, end], with the deadline each was
    measured against: one scoped query, then `dues_for` on those rows."""
    qs = scoped(user, region).select_related("entity", "region")
    period = _in("registered", start, end)
    closed = _in("closed", start, end)
    if code == "complaint.received":
        qs = qs.filter(period)
    elif code in ("complaint.complaints", "complaint.reports"):
        qs = qs.filter(period, category="投诉" if code == "complaint.complaints" else "举报")
    elif code == "complaint.ontime_accept_rate":
        qs = qs.filter(Q(category="投诉") & (_in("accepted", start, end)
                                           | (Q(accepted__isnull=True, result=REFUSED) & closed)))
    elif code == "complaint.mediation_success_rate":
        qs = qs.filter(closed, result__in=MEDIATION)
    elif code in ("complaint.ontime_close_rate", "complaint.recovered"):
        qs = qs.filter(closed)
    else:
        raise KeyError(code)
    rows = list(qs.order_by("registered", "number"))
    out = []
    for c, dues in zip(rows, dues_for(rows)):
        if code == "complaint.ontime_accept_rate":
            out.append(Behind(c, decision_day(c), dues.accept, accept_timely(c, dues, start, end), dues.notice))
        elif code == "complaint.ontime_close_rate":
            out.append(Behind(c, c.closed, close_of(c, dues), close_timely(c, dues, start, end), dues.notice))
        elif code in ("complaint.mediation_success_rate", "complaint.recovered"):
            out.append(Behind(c, c.closed, None, None, None))
        else:
            out.append(Behind(c, c.registered, None, None, None))
    return out
