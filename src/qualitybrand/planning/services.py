"""Every write of the planning app: rounds, self-evaluations, evidence, reviews, finalising,
notices and rectification. Each checks permission and validates before writing, and records
the change log."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import changelog, clock, filecheck
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import may_act_on_region
from qualitybrand.core.services import create_record, update_record
from qualitybrand.planning import selectors, visibility
from qualitybrand.planning.models import (
    Dispute,
    Evidence,
    ManualScore,
    Notice,
    RectificationTask,
    Round,
    Scheme,
    SelfEvaluation,
)
from qualitybrand.planning.subjects import Subject

EVIDENCE_TYPES = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".zip"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


# --- who may do what ---------------------------------------------------------------------

def is_office(user, round_obj: Round) -> bool:
    """A city-office user of the round's own region (or above), a superuser; for a towns round also
    the county of those towns (planning/visibility.py)."""
    return visibility.is_office(user, round_obj)


def ensure_office(user, round_obj: Round) -> None:
    if not is_office(user, round_obj):
        raise PermissionDenied("只有组织考核的管理员可以执行此操作。")


def is_reviewer(user, round_obj: Round) -> bool:
    """The office, or an expert (评审专家) of the round's region, may score manual items."""
    if is_office(user, round_obj):
        return True
    return may_act_on_region(user, round_obj.region, {Role.EXPERT})


def assessed_subject(round_obj: Round, who) -> Subject:
    """The assessed subject `who` names (a Subject, a Region or a key); anything else is refused."""
    found = visibility.round_subject(round_obj, who)
    if found is None:
        name = getattr(who, "name", None) or getattr(who, "key", None) or str(who)
        label = visibility.kind_label(round_obj).replace("县区", "区划")
        raise ValidationError(f"{name}不是本轮考核的被考核{label}。")
    return found


def ensure_subject_user(user, round_obj: Round, who) -> Subject:
    """The subject's own user acting for it (or the office acting for any assessed subject)."""
    subject = assessed_subject(round_obj, who)
    if user is None or user.is_superuser or is_office(user, round_obj):
        return subject
    if not visibility.speaks_for(user, round_obj, subject.key, subject.region):
        raise PermissionDenied("只能为本单位填报自评或提出异议，不能代其他被考核对象填报。")
    return subject


ensure_region_user = ensure_subject_user  # the former name


def _item(round_obj: Round, item_code: str, rule: str | None = None) -> dict:
    for item in round_obj.document["items"]:
        if item["code"] == item_code and (rule is None or item["rule"] == rule):
            return item
    kind = "人工评分项" if rule == "manual" else "评分项"
    raise ValidationError(f"{item_code} 不是本轮考核的{kind}。")


def _score(raw, item: dict) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(f"分数 “{raw}” 不是数字：请填写 0 到 {item['points']} 之间的分数。") from None
    if not value.is_finite() or value < 0 or value > Decimal(item["points"]):
        raise ValidationError(f"分数 {raw} 超出范围：{item['code']} 的分数应在 0 到 {item['points']} 分之间。")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError("分数最多保留两位小数。")
    return value


def _ensure_open(round_obj: Round) -> None:
    if round_obj.is_frozen:
        raise ValidationError("本轮考核已定稿，不能再修改。")


# --- rounds ------------------------------------------------------------------------------

@transaction.atomic
def create_round(user, scheme: Scheme, kind: str, *, deadline: dt.date, as_of: dt.date | None = None,
                 rectify_share: Decimal | str = "0.2") -> Round:
    if kind not in Round.Kind.values:
        raise ValidationError("轮次应为“年中督查”或“年终考核”。")
    if as_of is None:
        as_of = dt.date(scheme.year, 6, 30) if kind == Round.Kind.MID else dt.date(scheme.year, 12, 31)
    if as_of.year != scheme.year:
        raise ValidationError(f"统计截止日 {as_of} 应在方案年度 {scheme.year} 内。")
    if Round.objects.filter(scheme=scheme, kind=kind).exists():
        raise ValidationError(f"方案“{scheme.name}”已有{kind}轮次。")
    from qualitybrand.planning.documents import number

    share = number(rectify_share)
    if share is None or not Decimal(0) < share < Decimal(1):
        raise ValidationError("整改阈值应为 0 到 1 之间的失分比例，例如 0.2 表示失分超过 20%。")
    round_obj = Round(scheme=scheme, scheme_version=scheme.version, document=scheme.document, kind=kind,
                      as_of=as_of, deadline=deadline, region=scheme.region, rectify_share=share)
    if user is not None and not is_office(user, round_obj):
        raise PermissionDenied("只有组织考核的市级管理员可以发布考核轮次。")
    return create_record(user, round_obj, check=False)


def live_assessment(round_obj: Round, overrides: dict | None = None):
    """The round computed now from current data and the reviewers' manual scores (not stored);
    manual scores and overrides are keyed by subject key."""
    manual: dict[str, dict[str, Decimal]] = {}
    for key, code, score in ManualScore.objects.filter(round=round_obj).values_list("subject", "item_code",
                                                                                      "score"):
        manual.setdefault(key, {})[code] = score
    return selectors.assess_document(round_obj.document, selectors.Period.as_of(round_obj.as_of), manual,
                                     overrides)


@transaction.atomic
def submit_self_evaluation(user, round_obj: Round, subject, item_code: str, score, explanation: str = "",
                           files=()) -> SelfEvaluation:
    """`subject`: the assessed subject (a Subject, its key, or a Region for a region subject)."""
    _ensure_open(round_obj)
    subject = ensure_subject_user(user, round_obj, subject)
    region = subject.region
    if clock.today() > round_obj.deadline and not (user is None or is_office(user, round_obj)):
        raise ValidationError(f"自评已于 {round_obj.deadline:%Y年%-m月%-d日} 截止，不能再提交。")
    item = _item(round_obj, item_code, "manual")
    value = _score(score, item)
    files = list(files or [])
    for f in files:
        check_evidence(f)
    has_evidence = files or Evidence.objects.filter(round=round_obj, subject=subject.key, item_code=item_code).exists()
    if item.get("evidence") == "required" and not has_evidence:
        raise ValidationError(f"{item_code}“{item['name']}”要求上传佐证材料：请至少附一个文件后再提交。")
    existing = SelfEvaluation.objects.filter(round=round_obj, subject=subject.key, item_code=item_code).first()
    when = clock.now()
    if existing:
        obj = update_record(user, existing, {"score": value, "explanation": explanation or "",
                                             "submitted_at": when}, check=False)
    else:
        obj = create_record(user, SelfEvaluation(round=round_obj, subject=subject.key, region=region,
                                                 item_code=item_code, score=value,
                                                 explanation=explanation or "", submitted_at=when,
                                                 submitted_by=user if getattr(user, "pk", None) else None),
                            check=False)
    for f in files:
        _save_evidence(user, round_obj, subject, item_code, f)
    return obj


def check_evidence(f) -> None:
    """By content, not by name (core/filecheck.py): a renamed program is refused."""
    filecheck.check_material(f, EVIDENCE_TYPES, EVIDENCE_MAX_BYTES, what="佐证材料")


def _save_evidence(user, round_obj, subject: Subject, item_code, f) -> Evidence:
    safe = Path(f.name).name.replace(" ", "_")[-120:]
    ev = Evidence(round=round_obj, subject=subject.key, region=subject.region, item_code=item_code, original_name=Path(f.name).name[:200],
                  size=f.size, uploaded_by=user if getattr(user, "pk", None) else None)
    ev.file.save(safe, f, save=False)
    ev.save()
    after = changelog.snapshot(ev, fields=["round", "subject", "region", "item_code", "original_name", "size"])
    after["file"] = ev.file.name
    changelog.record(user=user, action="create", obj=ev, after=after, reason="上传佐证材料")
    return ev


@transaction.atomic
def score_manual(user, round_obj: Round, subject, item_code: str, score, comment: str = "") -> ManualScore:
    _ensure_open(round_obj)
    if not is_reviewer(user, round_obj):
        raise PermissionDenied("只有组织考核的管理员或评审专家可以评分。")
    subject = assessed_subject(round_obj, subject)
    item = _item(round_obj, item_code, "manual")
    value = _score(score, item)
    existing = ManualScore.objects.filter(round=round_obj, subject=subject.key, item_code=item_code).first()
    fields = {"score": value, "comment": comment or "", "reviewed_at": clock.now(),
              "reviewer": user if getattr(user, "pk", None) else None}
    if existing:
        return update_record(user, existing, fields, check=False)
    return create_record(user, ManualScore(round=round_obj, subject=subject.key, region=subject.region,
                                           item_code=item_code, **fields), check=False)


@transaction.atomic
def raise_dispute(user, round_obj: Round, subject, item_code: str, records: str, reason: str) -> Dispute:
    _ensure_open(round_obj)
    subject = ensure_subject_user(user, round_obj, subject)
    _item(round_obj, item_code)
    if not (records or "").strip():
        raise ValidationError("请写明需要更正的记录（如商标注册号、案件编号），以便通过台账更正。")
    if not (reason or "").strip():
        raise ValidationError("请写明异议理由。")
    return create_record(user, Dispute(round=round_obj, subject=subject.key, region=subject.region,
                                       item_code=item_code, records=records.strip(),
                                       reason=reason.strip(),
                                       raised_by=user if getattr(user, "pk", None) else None), check=False)


@transaction.atomic
def answer_dispute(user, dispute: Dispute, state: str, reply: str) -> Dispute:
    ensure_office(user, dispute.round)
    if state not in (Dispute.State.ACCEPTED, Dispute.State.REJECTED):
        raise ValidationError("处理结果应为“已采纳”或“不予采纳”。")
    if not (reply or "").strip():
        raise ValidationError("请填写答复意见。")
    return update_record(user, dispute, {"state": state, "reply": reply.strip()}, check=False)


def freeze(assessment, round_obj: Round, names: dict[str, str] | None = None) -> dict:
    """The snapshot of a round: per subject its key ("subject"), name, kind, the code of the region it
    answers for ("region"), scores, grade, rank and the indicator values used."""
    items = round_obj.document["items"]
    subjects = {s.key: s for s in visibility.round_subjects(round_obj)}
    kind = visibility.kind_of_round(round_obj)
    results = []
    for r in assessment.results:
        key = r.region  # the engine's result row holds the subject key there
        subject = subjects.get(key)
        vals = {}
        for item in items:
            if item.get("indicator"):
                vals[item["indicator"]] = selectors.json_number(assessment.value(item["indicator"], key))
        for veto in round_obj.document.get("vetoes") or []:
            vals[veto["indicator"]] = selectors.json_number(assessment.value(veto["indicator"], key))
        name = (names or {}).get(key) or (subject.name if subject else key)
        results.append({"subject": key, "name": name, "kind": kind,
                        "region": subject.region.code if subject else key, "total": str(r.total),
                        "grade": r.grade, "own_grade": r.own_grade, "rank": r.rank, "vetoed": r.vetoed,
                        "items": {k: str(v) for k, v in r.items.items()}, "missing": r.missing, "values": vals})
    return {"scheme": round_obj.document["code"], "scheme_version": round_obj.scheme_version,
            "as_of": round_obj.as_of.isoformat(),
            "targets": {f"{k[0]}|{k[1]}": v for k, v in assessment.targets.items()}, "results": results}


def subject_key(result: dict) -> str:
    """A snapshot row's subject key (snapshots frozen before subjects keyed it by region code)."""
    return result.get("subject") or result["region"]


@transaction.atomic
def finalise_round(user, round_obj: Round, *, when: dt.datetime | None = None) -> Round:
    round_obj = Round.objects.select_for_update().get(pk=round_obj.pk)
    ensure_office(user, round_obj)
    _ensure_open(round_obj)
    try:
        assessment = live_assessment(round_obj)
    except selectors.AssessmentError as exc:
        raise ValidationError(f"无法定稿：{exc}") from exc
    names = {s.key: s.name for s in visibility.round_subjects(round_obj)}
    missing = [f"{names.get(r.region, r.region)} {code}" for r in assessment.results for code in r.missing]
    if missing:
        raise ValidationError(f"还有 {len(missing)} 项人工评分未完成（{'、'.join(missing[:10])}"
                              f"{' 等' if len(missing) > 10 else ''}）：全部评分后才能定稿。")
    snap = freeze(assessment, round_obj, names)
    return update_record(user, round_obj, {"snapshot": snap, "frozen_at": when or clock.now(),
                                           "state": Round.State.FINAL}, check=False, reason="考核定稿")


def losses(round_obj: Round) -> list[dict]:
    """Per subject ("subject" key, "region" it answers for) and item: points lost (items with points only), from the frozen snapshot."""
    out = []
    items = {i["code"]: i for i in round_obj.document["items"]}
    for res in (round_obj.snapshot or {}).get("results", []):
        for code, score in res["items"].items():
            item = items[code]
            if item["rule"] == "deduction":
                # a deduction's "points" are its cap (what it can take at most), 0 without one
                if Decimal(score) < 0:
                    out.append({"subject": subject_key(res), "region": res["region"], "name": res["name"], "item": code, "item_name": item["name"],
                                "points": Decimal(item.get("cap") or 0), "score": Decimal(score),
                                "lost": -Decimal(score)})
                continue
            if "points" not in item or item["rule"] == "bonus":
                continue
            lost = Decimal(item["points"]) - Decimal(score)
            if lost > 0:
                out.append({"subject": subject_key(res), "region": res["region"], "name": res["name"], "item": code, "item_name": item["name"],
                            "points": Decimal(item["points"]), "score": Decimal(score), "lost": lost})
    return out


@transaction.atomic
def publish_notice(user, round_obj: Round, *, title: str = "", doc_number: str = "", body: str = "",
                   published_at: dt.date | None = None) -> Notice:
    ensure_office(user, round_obj)
    if not round_obj.is_frozen:
        raise ValidationError("考核尚未定稿：请先定稿再发布通报。")
    if hasattr(round_obj, "notice"):
        raise ValidationError("本轮考核的通报已发布。")
    title = (title or "").strip() or f"关于{round_obj.document['name']}{round_obj.kind}结果的通报"
    notice = create_record(user, Notice(round=round_obj, region=round_obj.region, title=title[:200],
                                        doc_number=doc_number.strip(), body=body.strip(),
                                        published_at=published_at or clock.today()), check=False)
    update_record(user, round_obj, {"state": Round.State.PUBLISHED}, check=False, reason="发布通报")
    return notice


@transaction.atomic
def create_rectification_tasks(user, round_obj: Round, *, deadline: dt.date, owner: str = "",
                               share: Decimal | None = None) -> list[RectificationTask]:
    """Tasks for every (subject, item) where the subject lost more than `share` of the item's points."""
    ensure_office(user, round_obj)
    if not round_obj.is_frozen:
        raise ValidationError("考核尚未定稿：定稿后才能生成整改任务。")
    share = Decimal(str(share if share is not None else round_obj.rectify_share))
    existing = set(RectificationTask.objects.filter(round=round_obj).values_list("subject", "item_code"))
    subjects = {s.key: s for s in visibility.round_subjects(round_obj)}
    tasks = []
    for loss in losses(round_obj):
        points = loss["points"]
        if points > 0 and loss["lost"] <= points * share:
            continue
        if (loss["subject"], loss["item"]) in existing or loss["subject"] not in subjects:
            continue
        task = RectificationTask(round=round_obj, subject=loss["subject"], region=subjects[loss["subject"]].region,
                                 item_code=loss["item"],
                                 item_name=loss["item_name"][:200], points=points, lost=loss["lost"],
                                 owner=(owner or _default_owner(subjects[loss["subject"]]))[:100],
                                 deadline=deadline)
        tasks.append(create_record(user, task, check=False))
    return tasks


def _default_owner(subject: Subject) -> str:
    """A region's or town's quality office; a department or an enterprise answers itself."""
    return f"{subject.name}质量强市工作领导小组办公室" if subject.keeps_region else subject.name


@transaction.atomic
def submit_rectification(user, task: RectificationTask, report: str) -> RectificationTask:
    if user is not None and not user.is_superuser and not is_office(user, task.round):
        if not visibility.speaks_for(user, task.round, task.subject, task.region_id):
            raise PermissionDenied("只能提交本单位的整改报告。")
    if task.state == RectificationTask.State.DONE:
        raise ValidationError("该整改任务已完成。")
    if not (report or "").strip():
        raise ValidationError("请填写整改报告：写明整改措施和结果。")
    return update_record(user, task, {"closing_report": report.strip(), "state": RectificationTask.State.SUBMITTED},
                         check=False)


@transaction.atomic
def review_rectification(user, task: RectificationTask, approve: bool, comment: str = "") -> RectificationTask:
    ensure_office(user, task.round)
    if task.state != RectificationTask.State.SUBMITTED:
        raise ValidationError("只有“待审核”的整改任务可以审核。")
    if not approve and not (comment or "").strip():
        raise ValidationError("退回时请填写审核意见，说明需要补充的内容。")
    changes = {"review_comment": (comment or "").strip(),
               "state": RectificationTask.State.DONE if approve else RectificationTask.State.RETURNED,
               "closed_at": clock.today() if approve else None}
    return update_record(user, task, changes, check=False)


def what_if(round_obj: Round, subject_key: str, overrides: dict[str, object]):
    """The result a subject would get with hypothetical indicator values (never stored)."""
    subject_key = getattr(subject_key, "key", None) or getattr(subject_key, "code", None) or subject_key
    values = {(code, subject_key): v for code, v in overrides.items()}
    assessment = live_assessment(round_obj, values)
    return next(r for r in assessment.results if r.region == subject_key), assessment

