"""Reads of 迎检: which schemes of the level above assess the user's city, the preparations a user may
see, an item table joining the scheme's items with the stored self-evaluation, the evidence of an
item (the accepted reports' files of its task) and the current total and grade."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from qualitybrand.assignments.models import Assignee, Attachment, Task
from qualitybrand.core.models import ChangeLog
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import own_region_code
from qualitybrand.core.selectors import model_label
from qualitybrand.inspection.models import ItemEvaluation, Preparation
from qualitybrand.planning import scoring, values
from qualitybrand.planning.models import Scheme

RULE_LABELS = {"ratio_to_target": "目标完成比例", "linear": "线性计分", "rank": "排名计分", "manual": "人工评分",
               "deduction": "扣分项", "bonus": "加分项"}
SOURCE = "迎检"
FINALIZE_REASON = "迎检自评定稿"  # the reason of the log entry of 定稿 (services_state.finalize)


def assessed_city_code(scheme: Scheme) -> str | None:
    """The one region a scheme of the level above assesses (a 迎检 scheme names exactly one), else None."""
    codes = scheme.assessed_codes or []
    if scheme.subjects != "regions" or len(codes) != 1:
        return None
    return str(codes[0])


def schemes_for_city(user):
    """Schemes whose assessed list is exactly the user's own city (a city admin; a superuser: every
    scheme assessing one region). Read by value, never through the scheme's own region scoping: the
    scheme belongs to the province, which the city cannot otherwise see."""
    mine = own_region_code(user, {Role.CITY_ADMIN})
    if not (mine or getattr(user, "is_superuser", False)):
        return Scheme.objects.none()
    ids = [sid for sid, subjects, codes in Scheme.objects.values_list("id", "subjects", "assessed_codes")
           if subjects == "regions" and codes and len(codes) == 1 and (mine is None or str(codes[0]) == mine)]
    return Scheme.objects.filter(id__in=ids).select_related("region").order_by("-year", "code")


def preparations_for(user, action: str = VIEW):
    return Preparation.objects.for_user(user, action).select_related("scheme", "region")


def preparation_or_404(user, pk, action: str = VIEW) -> Preparation:
    prep = preparations_for(user, action).filter(pk=pk).first()
    if prep is None:
        raise Http404
    return prep


def may_change(user, prep: Preparation) -> bool:
    return preparations_for(user, CHANGE).filter(pk=prep.pk).exists()


def scheme_items(prep: Preparation) -> list[dict]:
    return list(prep.scheme.document.get("items") or [])


def scheme_vetoes(prep: Preparation) -> list[dict]:
    return list(prep.scheme.document.get("vetoes") or [])


@dataclass
class ItemRow:
    item: dict
    evaluation: ItemEvaluation | None
    rule_label: str
    indicator_name: str = ""
    unit: str = ""
    holders: list[str] = field(default_factory=list)
    task_state: str = ""
    assignee_states: list[tuple[str, str]] = field(default_factory=list)
    evidence: list = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.item["code"]

    @property
    def name(self) -> str:
        return self.item.get("name", "")

    @property
    def is_manual(self) -> bool:
        return self.item["rule"] == "manual"

    @property
    def score(self):
        return self.evaluation.score if self.evaluation else None

    @property
    def value(self) -> str:
        return self.evaluation.value if self.evaluation else ""

    @property
    def points(self):
        return self.item.get("points")

    @property
    def max_score(self) -> Decimal:
        return scoring.item_max(self.item)


def evidence_by_task(task_ids, accepted_by=None) -> dict[int, list[Attachment]]:
    """The files of the accepted reports of these tasks (a returned or pending report's files are not
    evidence yet), in upload order; with `accepted_by` (the freeze of a finalized preparation) only
    those accepted by then, so the page, the report and the package stay the frozen ones."""
    out: dict[int, list[Attachment]] = {}
    qs = (Attachment.objects.filter(task_id__in=set(task_ids), report__isnull=False,
                                    report__assignee__state=Assignee.State.ACCEPTED)
          .select_related("report__assignee__department", "report__assignee__region").order_by("id"))
    if accepted_by is not None:
        qs = qs.filter(report__assignee__accepted_at__lte=accepted_by)
    for a in qs:
        out.setdefault(a.task_id, []).append(a)
    return out


def item_rows(prep: Preparation) -> list[ItemRow]:
    """Every item of the scheme with its stored evaluation, and for manual items the holders of the
    evidence, the task's state and the evidence collected so far (three queries)."""
    evaluations = {e.item_code: e for e in prep.items.all()}
    task_ids = [e.task_id for e in evaluations.values() if e.task_id]
    tasks = {t.id: t for t in Task.objects.filter(id__in=task_ids).prefetch_related(
        "assignees__department", "assignees__region")}
    evidence = evidence_by_task(task_ids, frozen_at(prep))
    rows = []
    for item in scheme_items(prep):
        ev = evaluations.get(item["code"])
        row = ItemRow(item, ev, RULE_LABELS.get(item["rule"], item["rule"]))
        if item.get("indicator"):
            row.indicator_name = values.indicator_name(item["indicator"])
            row.unit = values.indicator_unit(item["indicator"])
        task = tasks.get(ev.task_id) if ev and ev.task_id else None
        if task is not None:
            row.task_state = task.state
            row.assignee_states = [(a.label, a.state) for a in task.assignees.all()]
            row.holders = [label for label, _ in row.assignee_states]
            row.evidence = evidence.get(task.id, [])
        rows.append(row)
    return rows


@dataclass
class Standing:
    total: Decimal
    grade: str | None
    vetoed: list[dict]
    missing: list[str]  # manual items without a score
    drafted: bool


def standing(prep: Preparation, rows: list[ItemRow] | None = None) -> Standing:
    """The self-evaluation as it stands: stored item scores (a missing manual score counts 0, as in
    assessment.md), the grade, and the vetoes that fire on the values stored at drafting."""
    rows = rows if rows is not None else item_rows(prep)
    scores = [r.score for r in rows if r.score is not None]
    total = scoring.total_of(scores)
    grades = prep.scheme.document.get("grades") or []
    grade = scoring.grade_for(total, grades)
    stored = {e.item_code: e for e in prep.items.all()}
    fired = []
    for veto in scheme_vetoes(prep):
        ev = stored.get(veto["code"])
        if ev and ev.value != "" and scoring.veto_fires(ev.value, veto.get("above")):
            fired.append(veto)
            if veto.get("grade") is not None:
                grade = scoring.worse_grade(grade, veto["grade"], grades)
    missing = [r.code for r in rows if r.is_manual and r.score is None]
    return Standing(total, grade, fired, missing, bool(stored))


def veto_rows(prep: Preparation) -> list[dict]:
    """Each veto with the value stored at drafting and whether it fires."""
    stored = {e.item_code: e for e in prep.items.all()}
    out = []
    for veto in scheme_vetoes(prep):
        ev = stored.get(veto["code"])
        value = ev.value if ev else ""
        out.append({**veto, "value": value, "checked": ev is not None,
                    "fires": value != "" and scoring.veto_fires(value, veto.get("above")),
                    "indicator_name": values.indicator_name(veto["indicator"]),
                    "unit": values.indicator_unit(veto["indicator"])})
    return out


def _log_of(prep: Preparation):
    return ChangeLog.objects.filter(model="inspection.preparation", object_id=str(prep.pk))


def frozen_at(prep: Preparation):
    """When a finalized or submitted preparation was last finalized (its log entry's time); None while
    it is 准备中. The evidence is the files accepted by then."""
    if prep.state == Preparation.State.DRAFT:
        return None
    entry = _log_of(prep).filter(reason=FINALIZE_REASON).order_by("-id").first()
    return entry.time if entry else None


def last_entry(prep: Preparation, reason_prefix: str):
    """The newest log entry of the preparation whose reason starts with `reason_prefix` (定稿, 报送上级)."""
    return _log_of(prep).filter(reason__startswith=reason_prefix).order_by("-id").first()


def submitted_on(prep: Preparation):
    """The date the preparation was submitted (报送上级：YYYY-MM-DD in its log), or None."""
    import datetime as dt

    if prep.state != Preparation.State.SUBMITTED:
        return None
    entry = last_entry(prep, "报送上级：")
    try:
        return dt.date.fromisoformat(entry.reason.split("：", 1)[1][:10]) if entry else None
    except ValueError:
        return None


# ItemEvaluation has no verbose_name of its own (models.py is the lead's): its name in the history
OBJECT_NAMES = {"inspection.itemevaluation": "自评评分项"}
QUIET_FIELDS = {"updated_at", "created_at"}


def history(prep: Preparation, limit: int = 300):
    """The change log of the preparation, its item evaluations, its tasks and their assignees, newest first."""
    evaluations = list(prep.items.values_list("pk", "task_id"))
    task_ids = [str(t) for _, t in evaluations if t]
    parts = Q(model="inspection.preparation", object_id=str(prep.pk))
    if evaluations:
        parts |= Q(model="inspection.itemevaluation", object_id__in=[str(pk) for pk, _ in evaluations])
    if task_ids:
        parts |= Q(model="assignments.task", object_id__in=task_ids)
        assignee_ids = [str(a) for a in Assignee.objects.filter(task_id__in=task_ids).values_list("pk", flat=True)]
        parts |= Q(model="assignments.assignee", object_id__in=assignee_ids)
    entries = list(ChangeLog.objects.filter(parts).order_by("-id")[:limit])
    for entry in entries:  # shown, never saved: readable names, no bookkeeping timestamps
        entry.object_type = OBJECT_NAMES.get(entry.model) or model_label(entry.model)
        # the preparation's own title is the page's heading: its items and tasks need only their part
        entry.object_short = ("" if entry.model == "inspection.preparation"
                              else entry.object_repr.rsplit("：", 1)[-1] if entry.model == "inspection.itemevaluation"
                              else entry.object_repr)
        for snap in ("before", "after"):
            if isinstance(getattr(entry, snap), dict):
                setattr(entry, snap, {k: v for k, v in getattr(entry, snap).items() if k not in QUIET_FIELDS})
    return entries
