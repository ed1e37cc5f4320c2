"""The complaint indicators (supervision.md § Complaints, exact; flow), as one engine family.

A complaint belongs to its `region` (the respondent entity's region, else its own 区划代码). Two grouped
queries for every region at once: the counts and sums, and the rows that decide the on-time rates
grouped by what their deadlines depend on (category, 登记日期, 受理日期, 办结日期, 处理结果, 延期) with
their number; the deadlines of those groups come from `complaints.deadlines.dues_for` in one pass. The
rates are pooled numerators over pooled denominators (`engine.RATIOS`), null when nothing counts.
"""

from __future__ import annotations

from django.db.models import Count, Q, Sum

MEDIATION = ("调解成功", "调解不成", "终止调解")

# Pooled counts behind the rates (not catalog indicators themselves), each computed by this family.
HIDDEN_METRICS = ("complaint.accept_ontime", "complaint.accept_decided", "complaint.mediation_ok",
                  "complaint.mediation_all", "complaint.close_ontime", "complaint.close_all")
RATIOS = {
    "complaint.ontime_accept_rate": ("complaint.accept_ontime", "complaint.accept_decided", 100),
    "complaint.mediation_success_rate": ("complaint.mediation_ok", "complaint.mediation_all", 100),
    "complaint.ontime_close_rate": ("complaint.close_ontime", "complaint.close_all", 100),
}


def fam_complaint(period, tree) -> dict[str, dict]:
    from qualitybrand.complaints.deadlines import dues_for
    from qualitybrand.complaints.models import Complaint
    from qualitybrand.complaints.stats import accept_timely, close_timely
    from qualitybrand.indicators.engine import _collect, _grouped, _in

    registered, closed = _in("registered", period), _in("closed", period)
    counts = _grouped(
        Complaint.objects.filter(registered | closed), tree, ["region_id"],
        received=Count("id", filter=registered), complaints=Count("id", filter=registered & Q(category="投诉")),
        reports=Count("id", filter=registered & Q(category="举报")),
        recovered=Sum("recovered", filter=closed),
        mediation_all=Count("id", filter=closed & Q(result__in=MEDIATION)),
        mediation_ok=Count("id", filter=closed & Q(result="调解成功")),
    )
    out = _collect(counts, {"complaint.received": "received", "complaint.complaints": "complaints",
                            "complaint.reports": "reports", "complaint.recovered": "recovered",
                            "complaint.mediation_all": "mediation_all", "complaint.mediation_ok": "mediation_ok"})
    # The rows deciding the on-time rates, grouped by what their deadlines depend on.
    timing = _grouped(
        Complaint.objects.filter(closed | (Q(category="投诉") & _in("accepted", period))), tree,
        ["region_id", "category", "registered", "accepted", "closed", "result", "extended"], n=Count("id"))
    for code in ("complaint.accept_ontime", "complaint.accept_decided", "complaint.close_ontime",
                 "complaint.close_all"):
        out.setdefault(code, {})
    start, end = period.start, period.end
    for row, dues in zip(timing, dues_for(timing)):
        rid, n = row["region_id"], row["n"]
        accept = accept_timely(row, dues, start, end)
        if accept is not None:
            _add(out["complaint.accept_decided"], rid, n)
            if accept:
                _add(out["complaint.accept_ontime"], rid, n)
        close = close_timely(row, dues, start, end)
        if close is not None:
            _add(out["complaint.close_all"], rid, n)
            if close:
                _add(out["complaint.close_ontime"], rid, n)
    return out


def _add(target: dict, region_id, n: int) -> None:
    target[region_id] = target.get(region_id, 0) + n
