"""The follow-up indicators of supervision.md (flow, %), D = the period's end:

- insp.followup.closed_rate: 不合格 batches with 抽样日期 in the period whose follow-up is closed on D
  (办结日期 ≤ D) ÷ all 不合格 batches with 抽样日期 in the period × 100;
- insp.followup.recheck_pass_rate: follow-ups with a 复查 in the period whose result is 合格 ÷ follow-ups
  with a 复查 in the period × 100.

Counts grouped by the batch's region (the follow-up's region is the batch's), pooled up the tree by the
engine; each ratio is taken from the pooled counts (`RATIOS`), None when the denominator is 0."""

from __future__ import annotations

from django.db.models import Count, Q

METRICS = {"insp.followup.failed": "followup", "insp.followup.closed": "followup",
           "insp.followup.rechecked": "followup", "insp.followup.recheck_passed": "followup"}
RATIOS = {
    "insp.followup.closed_rate": ("insp.followup.closed", "insp.followup.failed", 100),
    "insp.followup.recheck_pass_rate": ("insp.followup.recheck_passed", "insp.followup.rechecked", 100),
}


def fam_followup(period, tree) -> dict[str, dict]:
    # engine's helpers, imported here: the engine imports this module for its tables
    from qualitybrand.indicators.engine import _collect, _grouped, _in
    from qualitybrand.supervision.models import FollowUp, Inspection

    failed = Inspection.objects.filter(_in("sampled", period), conclusion="不合格")
    rows = _grouped(failed, tree, ["region_id"], n=Count("id"),
                    closed=Count("id", filter=Q(followup__closed__lte=period.end)))
    out = _collect(rows, {"insp.followup.failed": "n", "insp.followup.closed": "closed"})
    rechecks = _grouped(FollowUp.objects.filter(_in("recheck_date", period)), tree, ["region_id"],
                        n=Count("id"), passed=Count("id", filter=Q(recheck_result="合格")))
    out.update(_collect(rechecks, {"insp.followup.rechecked": "n", "insp.followup.recheck_passed": "passed"}))
    for metric in METRICS:
        out.setdefault(metric, {})
    return out
