"""Reads of 迎检: which schemes of the level above assess the user's city, the preparations a user may
see, an item table joining the scheme's items with the stored self-evaluation, the evidence of an
item (the accepted reports' files of its task) and the current total and grade."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404

from qualitybrand.assignments.models import Assignee, Attachment, Task
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import own_region_code
from qualitybrand.inspection.models import ItemEvaluation, Preparation
from qualitybrand.planning import scoring, values
from qualitybrand.planning.models import Scheme

RULE_LABELS = {"ratio_to_target": "目标完成比例", "linear": "线性计分", "rank": "排名计分", "manual": "人工评分",
               "deduction": "扣分项", "bonus": "加分项"}
SOURCE = "迎检"


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


def evidence_by_task(task_ids) -> dict[int, list[Attachment]]:
    """The files of the accepted reports of these tasks (a returned or pending report's files are not
    evidence yet), in upload order."""
    out: dict[int, list[Attachment]] = {}
    qs = (Attachment.objects.filter(task_id__in=set(task_ids), report__isnull=False,
                                    report__assignee__state=Assignee.State.ACCEPTED)
          .select_related("report__assignee__department", "report__assignee__region").order_by("id"))
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
    evidence = evidence_by_task(task_ids)
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
