"""`load_scheme`: load target sets, schemes and indicator documents, all or nothing, versioned."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from qualitybrand.core import changelog
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, is_own_region, may_act_on_region, own_region_code
from qualitybrand.planning import documents as docs
from qualitybrand.planning import subjects
from qualitybrand.planning.models import DocumentVersion, Scheme, TargetAllocation, TargetItem, TargetSet


@dataclass
class LoadResult:
    outcomes: list[tuple[str, str, str, int]] = field(default_factory=list)  # kind, code, status, version
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    pass


STATUS_LABELS = {"created": "已新建", "updated": "已更新为新版本", "unchanged": "未变化"}


def doc_hash(doc: dict) -> str:
    return hashlib.sha256(json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def stored_target_docs() -> dict[str, dict]:
    return {code: document for code, document in TargetSet.objects.values_list("code", "document")}


def load_text(text: str, *, user=None, dry_run: bool = False) -> LoadResult:
    """Load every document of a file; raises documents.DocumentError when it is not YAML at all."""
    raw_docs = docs.read_documents(text)
    return load_documents(raw_docs, user=user, dry_run=dry_run)


def load_documents(raw_docs: list, *, user=None, dry_run: bool = False) -> LoadResult:
    """All documents or none; `dry_run` validates (and reports what would change) without saving."""
    result = LoadResult()
    try:
        with transaction.atomic():
            _load(raw_docs, user, result)
            if result.errors or dry_run:
                raise _Refused
    except _Refused:
        if result.errors:
            result.outcomes = []
    return result


def _check_user(d: dict, pos: int, user, index, result: LoadResult) -> None:
    """A city office (or a superuser) loads documents for its own region and below; a county office
    sets and assesses its own towns (responsibility.md); a city office enters the scheme of the level
    above that assesses the city alone (迎检)."""
    if user is None or user.is_superuser:
        return
    if not _may_load(d, user, index):
        result.errors.append(f"{docs.label_of(d, pos)}：您没有为该区划制定目标或考核方案的权限。")
        return
    model = {"targets": TargetSet, "scheme": Scheme}.get(d.get("kind"))
    existing = model.objects.filter(code=docs.code_str(d.get("code")) or "").first() if model else None
    if existing is not None and not _may_load(existing.document, user, index):
        # the code belongs to another office's document, which loading would replace
        result.errors.append(f"{docs.label_of(d, pos)}：代码 {existing.code} 已被其他单位使用，请换一个代码。")


def _may_load(d: dict, user, index) -> bool:
    region = index.get(docs.code_str(d.get("region"))) if d.get("kind") != "indicator" else None
    # an indicator document (or an unknown region, refused later with its own message) names no
    # region to check: being a city office is enough
    allowed = (may_act_on_region(user, region, {Role.CITY_ADMIN}) if region is not None
               else has_scoped_role(user, {Role.CITY_ADMIN}))
    if not allowed and region is not None and d.get("subjects") == "towns":
        allowed = is_own_region(user, region, Role.COUNTY)
    if not allowed and region is not None and is_scheme_of_level_above(d, user, index):
        allowed = True
    return allowed


def is_scheme_of_level_above(d: dict, user, index) -> bool:
    """A scheme of a region above the user's city that assesses exactly that city (迎检: the province's
    scheme for the city, entered by the city office as data)."""
    own = own_region_code(user, {Role.CITY_ADMIN})
    region = index.get(docs.code_str(d.get("region")))
    assessed = d.get("assessed")
    if own is None or region is None or d.get("kind") != "scheme" or d.get("subjects", "regions") != "regions":
        return False
    if not isinstance(assessed, list) or len(assessed) != 1:
        return False
    target = index.get(docs.code_str(assessed[0]))
    return target is not None and target.code == own and target.path.startswith(region.path) and target != region


def _load(raw_docs: list, user, result: LoadResult) -> None:
    kinds_seen: dict[tuple[str, str], int] = {}
    for pos, d in enumerate(raw_docs, 1):
        if not isinstance(d, dict):
            result.errors.append(f"第 {pos} 个文档不是映射：应以 kind: targets / scheme / indicator 开头。")
            continue
        kind = d.get("kind")
        if kind not in docs.KINDS:
            result.errors.append(f"{docs.label_of(d, pos)}：kind “{kind}” 无法识别，应为 targets、scheme 或 indicator。")
            continue
        key = (kind, str(d.get("code")))
        if key in kinds_seen and d.get("code") is not None:
            result.errors.append(f"{docs.label_of(d, pos)}：与第 {kinds_seen[key]} 个文档的代码重复。")
        kinds_seen.setdefault(key, pos)
    # 1. indicator documents first, so targets and schemes of the same file may use them
    extra_codes: set[str] = set()
    for pos, d in enumerate(raw_docs, 1):
        if isinstance(d, dict) and d.get("kind") == "indicator":
            extra_codes.add(str(d.get("code")))
            try:
                from qualitybrand.indicators.services import load_indicator_document
            except ImportError:
                result.errors.append(f"{docs.label_of(d, pos)}：本系统尚不能加载指标定义（指标模块未安装）。")
                continue
            try:
                code, status = load_indicator_document(d, user=user)
            except ValidationError as exc:
                for m in exc.messages:
                    result.errors.append(f"{docs.label_of(d, pos)}：{m}")
                continue
            result.outcomes.append(("indicator", code, status, 0))
    index = docs.RegionIndex()
    for pos, d in enumerate(raw_docs, 1):
        if isinstance(d, dict) and d.get("kind") in docs.KINDS:
            _check_user(d, pos, user, index, result)
    # 2. target sets
    file_targets: dict[str, dict] = {}
    validated: list[tuple[str, dict]] = []
    for pos, d in enumerate(raw_docs, 1):
        if isinstance(d, dict) and d.get("kind") == "targets":
            norm, checker = docs.validate_targets(d, pos, index, extra_codes)
            result.errors += checker.errors
            result.warnings += checker.warnings
            if not checker.errors:
                file_targets[norm["code"]] = norm
                validated.append(("targets", norm))
    # 3. schemes (targets of this file take precedence over stored ones)
    known_targets = {**stored_target_docs(), **file_targets}
    for pos, d in enumerate(raw_docs, 1):
        if isinstance(d, dict) and d.get("kind") == "scheme":
            norm, checker = docs.validate_scheme(d, pos, index, extra_codes, known_targets)
            result.errors += checker.errors
            result.warnings += checker.warnings
            if not checker.errors:
                validated.append(("scheme", norm))
    if result.errors:
        return
    for kind, norm in validated:
        if kind == "targets":
            status, version = save_target_set(norm, user=user, index=index)
        else:
            status, version = save_scheme(norm, user=user, index=index)
        result.outcomes.append((kind, norm["code"], status, version))


def _version_row(kind: str, norm: dict, version: int, digest: str, user) -> None:
    DocumentVersion.objects.create(kind=kind, code=norm["code"], version=version, document=norm,
                                   source_hash=digest, created_by=getattr(user, "username", "") or "")


def save_target_set(norm: dict, *, user=None, index=None) -> tuple[str, int]:
    index = index or docs.RegionIndex()
    digest = doc_hash(norm)
    ts = TargetSet.objects.filter(code=norm["code"]).first()
    if ts is not None and ts.source_hash == digest:
        return "unchanged", ts.version
    region = index.get(norm["region"])
    before = changelog.snapshot(ts) if ts else None
    if ts is None:
        ts = TargetSet(code=norm["code"], version=1)
        status = "created"
    else:
        ts.version += 1
        status = "updated"
    ts.name, ts.year, ts.region_id = norm["name"], norm["year"], region.id
    ts.document, ts.source_hash = norm, digest
    ts.subjects = norm.get("subjects") or "regions"
    ts.save()
    TargetItem.objects.filter(target_set=ts).delete()
    items = TargetItem.objects.bulk_create([
        TargetItem(target_set=ts, position=n, indicator=i["indicator"], target=Decimal(i["target"]),
                   lower_is_better=i["lower_is_better"]) for n, i in enumerate(norm["items"])
    ])
    # a department answers for the set's whole region; a region or town allocation for itself
    answers_for = (lambda key: region.id) if ts.subjects == "departments" else (lambda key: index.get(key).id)
    TargetAllocation.objects.bulk_create([
        TargetAllocation(item=item, subject=key, region_id=answers_for(key), target=Decimal(amount))
        for item, i in zip(items, norm["items"]) for key, amount in i["allocations"].items()
    ])
    _version_row("targets", norm, ts.version, digest, user)
    changelog.record(user=user, action="create" if before is None else "update", obj=ts, before=before,
                     after=changelog.snapshot(ts), reason=f"目标集第 {ts.version} 版")
    return status, ts.version


def save_scheme(norm: dict, *, user=None, index=None) -> tuple[str, int]:
    index = index or docs.RegionIndex()
    digest = doc_hash(norm)
    scheme = Scheme.objects.filter(code=norm["code"]).first()
    if scheme is not None and scheme.source_hash == digest:
        return "unchanged", scheme.version
    region = index.get(norm["region"])
    assessed, _ = subjects.resolve(subjects.kind_of(norm), norm["assessed"], region, subjects.SubjectIndex(index))
    before = changelog.snapshot(scheme) if scheme else None
    if scheme is None:
        scheme = Scheme(code=norm["code"], version=1)
        status = "created"
    else:
        scheme.version += 1
        status = "updated"
    scheme.name, scheme.year, scheme.region_id = norm["name"], norm["year"], region.id
    scheme.document, scheme.source_hash = norm, digest
    scheme.subjects = subjects.kind_of(norm)
    scheme.assessed_codes = [s.key for s in assessed]
    scheme.target_set_code = norm.get("targets") or ""
    scheme.save()
    _version_row("scheme", norm, scheme.version, digest, user)
    changelog.record(user=user, action="create" if before is None else "update", obj=scheme, before=before,
                     after=changelog.snapshot(scheme), reason=f"考核方案第 {scheme.version} 版")
    return status, scheme.version
