"""Writes of the indicators app: office-defined indicators, reported values, their review and evidence."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qualitybrand.core import filecheck
from qualitybrand.core import services as core_services
from qualitybrand.indicators.models import IndicatorDefinition, IndicatorEvidence, IndicatorValue

CUSTOM_CODE = re.compile(r"^custom\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
REVIEWER_ROLES = {"city_admin"}


def is_reviewer(user) -> bool:
    return user is None or user.is_superuser or getattr(user, "role", "") in REVIEWER_ROLES


# --- office-defined indicators (YAML `kind: indicator`) ----------------------------------

def _number(value, what: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what}“{value}”不是数字。") from None


def _clean_document(doc) -> dict:
    from qualitybrand.indicators.formula import FormulaError, components, parse

    if not isinstance(doc, dict):
        raise ValidationError("指标定义应为键值对（YAML 映射），如 code: custom.xxx、name: …。")
    if doc.get("kind", "indicator") != "indicator":
        raise ValidationError(f"文档类型“{doc.get('kind')}”不是 indicator。")
    known = {"kind", "code", "name", "unit", "type", "owner", "aggregation", "range", "formula", "direction",
             "definition"}
    extra = sorted(set(doc) - known)
    if extra:
        raise ValidationError(f"指标定义含有不认识的字段：{'、'.join(map(str, extra))}。可用字段：{'、'.join(sorted(known))}。")
    code = str(doc.get("code") or "").strip()
    if not code:
        raise ValidationError("指标定义缺少 code：请填写以 custom. 开头的指标代码，如 custom.hitech_share。")
    if not CUSTOM_CODE.match(code):
        raise ValidationError(f"指标代码“{code}”无效：自定义指标代码须以 custom. 开头，"
                              f"只含小写字母、数字、下划线和点，如 custom.hitech_share。")
    name = str(doc.get("name") or "").strip()
    if not name:
        raise ValidationError(f"指标 {code} 缺少名称 name。")
    kind = str(doc.get("type") or "").strip()
    if kind not in ("reported", "formula"):
        raise ValidationError(f"指标 {code} 的类型 type“{kind}”无效：应为 reported（填报）或 formula（公式）。")
    direction = str(doc.get("direction") or "higher").strip()
    if direction not in ("higher", "lower"):
        raise ValidationError(f"指标 {code} 的方向 direction“{direction}”无效：应为 higher 或 lower。")
    clean = {"code": code, "name": name[:200], "unit": str(doc.get("unit") or "").strip()[:20], "type": kind,
             "owner": str(doc.get("owner") or "").strip()[:50], "direction": direction,
             "definition": str(doc.get("definition") or "").strip(), "aggregation": "none",
             "range_min": None, "range_max": None, "formula": ""}
    if kind == "reported":
        aggregation = str(doc.get("aggregation") or "none").strip()
        if aggregation not in ("none", "sum"):
            raise ValidationError(f"指标 {code} 的汇总方式 aggregation“{aggregation}”无效：应为 none 或 sum。")
        clean["aggregation"] = aggregation
        rng = doc.get("range")
        if rng is not None:
            if not isinstance(rng, list | tuple) or len(rng) != 2:
                raise ValidationError(f"指标 {code} 的取值范围 range 应为两个数 [下限, 上限]，如 [0, 100]。")
            lo = None if rng[0] is None else _number(rng[0], f"指标 {code} 的取值下限")
            hi = None if rng[1] is None else _number(rng[1], f"指标 {code} 的取值上限")
            if lo is not None and hi is not None and lo > hi:
                raise ValidationError(f"指标 {code} 的取值范围下限 {lo} 大于上限 {hi}。")
            clean["range_min"], clean["range_max"] = lo, hi
        if doc.get("formula"):
            raise ValidationError(f"指标 {code} 是填报指标，不能带公式 formula。")
    else:
        formula = str(doc.get("formula") or "").strip()
        if not formula:
            raise ValidationError(f"公式指标 {code} 缺少公式 formula，如 std.published.national + std.published.industry。")
        try:
            parse(formula)
        except FormulaError as exc:
            raise ValidationError(f"指标 {code} 的公式有误：{exc}") from None
        comps = components(formula)
        if code in comps:
            raise ValidationError(f"公式指标 {code} 不能引用自身。")
        _check_components(code, comps)
        clean["formula"] = formula[:1000]
    return clean


def _check_components(code: str, comps: list[str]) -> None:
    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.formula import components

    specs = catalog.specs_by_code()
    unknown = [c for c in comps if c not in specs or (c == code)]
    if unknown:
        raise ValidationError(f"指标 {code} 的公式引用了未知的指标代码：{'、'.join(unknown)}。")
    # Cycle check through other formulas (as they would be after this load).
    graph = {s.code: list(s.components) for s in specs.values() if s.source == "formula"}
    graph[code] = comps
    stack, seen = list(comps), set()
    while stack:
        current = stack.pop()
        if current == code:
            raise ValidationError(f"公式指标 {code} 通过其他公式间接引用了自身（循环引用），不能保存。")
        if current in seen:
            continue
        seen.add(current)
        if current in graph:
            stack.extend(graph[current])
        elif current.startswith("custom."):
            definition = IndicatorDefinition.objects.filter(code=current, type="formula").first()
            if definition:
                stack.extend(components(definition.formula))


def _hash(clean: dict) -> str:
    return hashlib.sha256(json.dumps(clean, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


@transaction.atomic
def load_indicator_document(doc: dict, *, user=None) -> tuple[str, str]:
    """Create or update an office-defined indicator from a YAML document; (code, created|updated|unchanged)."""
    clean = _clean_document(doc)
    digest = _hash(clean)
    existing = IndicatorDefinition.objects.select_for_update().filter(code=clean["code"]).first()
    if existing is not None and existing.source_hash == digest:
        return clean["code"], "unchanged"
    if existing is None:
        obj = IndicatorDefinition(**clean, source_hash=digest, version=1)
        core_services.create_record(user, obj, reason="加载指标定义")
        return clean["code"], "created"
    changes = dict(clean, source_hash=digest, version=existing.version + 1)
    core_services.update_record(user, existing, changes, reason="加载指标定义（新版本）")
    return clean["code"], "updated"


# --- reported values ---------------------------------------------------------------------

def _department_name(user) -> str:
    department = getattr(user, "department", None)
    return department.name if department is not None else ""


def check_reported_value(code: str, value, year) -> tuple:
    """(definition, Decimal value, int year) or a ValidationError with a Chinese message."""
    from qualitybrand.indicators.reported import reported_indicator

    code = str(code or "").strip()
    definition = reported_indicator(code) if code else None
    if definition is None:
        raise ValidationError({"code": f"指标代码“{code}”不是填报指标：请填写指标目录中由部门填报的指标代码。"})
    try:
        year = int(str(year).strip())
        if not 1949 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        raise ValidationError({"year": f"年度“{year}”无效：请填写四位数字的年份，如 2013。"}) from None
    if value is None or str(value).strip() == "":
        raise ValidationError({"value": f"{definition.name}的数值不能为空。"})
    try:
        number = Decimal(str(value).strip())
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError({"value": f"数值“{value}”不是数字。"}) from None
    unit = definition.unit
    if definition.minimum is not None and number < definition.minimum:
        raise ValidationError({"value": f"{definition.name}的数值 {number} 小于下限 {definition.minimum.normalize():f}"
                                        f"{unit}。"})
    if definition.maximum is not None and number > definition.maximum:
        raise ValidationError({"value": f"{definition.name}的数值 {number} 超出上限 "
                                        f"{definition.maximum.normalize():f}{unit}：应在 "
                                        f"{(definition.minimum if definition.minimum is not None else Decimal(0)).normalize():f}–{definition.maximum.normalize():f}"
                                        f"{unit} 之间。"})
    if definition.integer and number != number.to_integral_value():
        raise ValidationError({"value": f"{definition.name}应为整数，收到 {number}。"})
    return definition, number, year


@transaction.atomic
def save_indicator_value(user, *, code, region, year, value, note: str = "", department: str = "",
                         instance: IndicatorValue | None = None) -> IndicatorValue:
    """Enter (or correct) a reported value. Reviewers' and system entries are approved at once;
    others' wait for review (填报). Department users report only their own department's indicators."""
    from qualitybrand.core.scoping import user_may_access_region

    definition, number, year = check_reported_value(code, value, year)
    if user is not None and not user.is_superuser:
        role = getattr(user, "role", "")
        if role not in ("city_admin", "county", "department"):
            raise PermissionDenied("您的角色不能填报指标。")
        if not user_may_access_region(user, region):
            raise PermissionDenied(f"区划 {region.name} 不在您的管辖范围内，不能填报。")
        if role == "department" and _department_name(user) and definition.owner != _department_name(user):
            raise PermissionDenied(f"指标“{definition.name}”由{definition.owner}部门填报，您所在部门不能填报。")
    status = IndicatorValue.Status.APPROVED if is_reviewer(user) else IndicatorValue.Status.DRAFT
    if instance is None:
        instance = IndicatorValue.objects.select_for_update().filter(code=definition.code, region=region,
                                                                     year=year).first()
    fields = {"code": definition.code, "region": region, "year": year, "value": number, "note": str(note or "")[:500],
              "department": str(department or "")[:50] or definition.owner, "status": status,
              "entered_by": user if getattr(user, "pk", None) else None, "reviewed_by": None,
              "review_comment": ""}
    if status == IndicatorValue.Status.APPROVED and getattr(user, "pk", None):
        fields["reviewed_by"] = user
    if instance is None:
        return core_services.create_record(user, IndicatorValue(**fields), reason="填报指标", check=False)
    if instance.pk and (instance.code, instance.region_id, instance.year) != (definition.code, region.pk, year):
        clash = IndicatorValue.objects.filter(code=definition.code, region=region, year=year).exclude(pk=instance.pk)
        if clash.exists():
            raise ValidationError({"detail": f"{region.name} {year} 年已有{definition.name}的填报值，请直接修改该条。"})
    return core_services.update_record(user, instance, fields, reason="修改填报值", check=False)


@transaction.atomic
def review_indicator_value(user, value: IndicatorValue, *, approve: bool, comment: str = "") -> IndicatorValue:
    """A city reviewer approves (审核通过) or returns (退回, with a comment) a reported value."""
    from qualitybrand.core.scoping import user_may_access_region

    if not (user is not None and (user.is_superuser or getattr(user, "role", "") in REVIEWER_ROLES)):
        raise PermissionDenied("只有市级审核人员可以审核填报值。")
    if not user_may_access_region(user, value.region):
        raise PermissionDenied("该填报值不在您的管辖范围内。")
    comment = str(comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": "退回时请填写审核意见，说明需要如何修改。"})
    status = IndicatorValue.Status.APPROVED if approve else IndicatorValue.Status.RETURNED
    return core_services.update_record(user, value, {"status": status, "reviewed_by": user,
                                                     "review_comment": comment[:500]},
                                       reason="审核通过" if approve else "退回", check=False)


EVIDENCE_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".ofd", ".doc", ".xls"}
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024


@transaction.atomic
def add_evidence(user, value: IndicatorValue, uploaded) -> IndicatorEvidence:
    """Attach a 佐证材料 file: type by content (and a matching extension), size at most 20 MB."""
    from qualitybrand.core import changelog
    from qualitybrand.core.scoping import user_may_access_region

    if user is not None and not user.is_superuser and not user_may_access_region(user, value.region):
        raise PermissionDenied("该填报值不在您的管辖范围内。")
    name = (getattr(uploaded, "name", "") or "").rsplit("/", 1)[-1]
    try:  # by content, not by name: a renamed program is refused
        filecheck.check_material(uploaded, EVIDENCE_TYPES, EVIDENCE_MAX_BYTES, what="佐证材料")
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    size = uploaded.size
    evidence = IndicatorEvidence(value=value, name=name[:200], size=size,
                                 uploaded_by=user if getattr(user, "pk", None) else None)
    evidence.file.save(name, uploaded, save=False)
    evidence.save()
    after = {"value": value.pk, "file": evidence.file.name, "name": evidence.name, "size": evidence.size}
    changelog.record(user=user, action="create", obj=evidence, after=after,
                     reason="上传佐证材料")
    return evidence
