"""The decomposition of a target set as documents: the 分解下达 notice (.docx, GB/T 9704 through
core/gbdocx.py) and the 分解表 (.xlsx through core/xlsxbook.py), one row per subject (分解对象: a
region, a department by its full name, a town) and one column per indicator, then the allocated
total and the target of the set's region."""

from __future__ import annotations

from decimal import Decimal

from qualitybrand.core import gbdocx, xlsxbook
from qualitybrand.planning import values
from qualitybrand.planning.editor import is_additive
from qualitybrand.planning.exports import fmt, office_of
from qualitybrand.planning.subjects import DEPARTMENTS, TOWNS

ADDRESSEES = {DEPARTMENTS: "市直有关部门：", TOWNS: "各乡镇（街道）："}
SUBJECT_WORDS = {DEPARTMENTS: "部门", TOWNS: "乡镇街道"}


def subject_names(doc: dict) -> dict[str, str]:
    """Allocation key → the subject's name: a department's full name (its short name when it has
    none or is gone), a region's or town's name; an unknown key stays as it is."""
    from qualitybrand.core.models import Department, Region

    keys = {k for i in doc["items"] for k in i.get("allocations") or {}}
    if (doc.get("subjects") or "regions") == DEPARTMENTS:
        return {d.name: d.full_name or d.name for d in Department.objects.filter(name__in=keys)}
    return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))


def subject_keys(doc: dict) -> list[str]:
    """The allocated subjects in a stable order: departments as the reference data lists them,
    regions and towns by code."""
    keys = {k for i in doc["items"] for k in i.get("allocations") or {}}
    if (doc.get("subjects") or "regions") == DEPARTMENTS:
        from qualitybrand.core.models import Department

        order = list(Department.objects.values_list("name", flat=True))
        return sorted(keys, key=lambda k: (order.index(k) if k in order else len(order), k))
    return sorted(keys)


def table(target_set) -> dict:
    """Header, one row per subject, the allocated total and the target (values as Decimal or None)."""
    doc = target_set.document
    names = subject_names(doc)
    keys = subject_keys(doc)
    items = doc["items"]
    indicators = []
    for i in items:
        unit = values.indicator_unit(i["indicator"])
        name = values.indicator_name(i["indicator"])
        direction = "，不超过" if i.get("lower_is_better") else ""
        indicators.append(f"{name}（{unit}{direction}）" if unit else f"{name}{direction}")
    rows = [{"key": k, "name": names.get(k, k),
             "values": [Decimal(i["allocations"][k]) if k in (i.get("allocations") or {}) else None for i in items]}
            for k in keys]
    # a rate or an average does not add up over the subjects: no total there
    allocated = [sum((Decimal(v) for v in (i.get("allocations") or {}).values()), Decimal(0))
                 if is_additive(values.indicator_spec(i["indicator"])) else None for i in items]
    targets = [Decimal(i["target"]) for i in items]
    return {"indicators": indicators, "rows": rows, "allocated": allocated, "targets": targets,
            "kind": doc.get("subjects") or "regions"}


def docx(target_set, today) -> bytes:
    t = table(target_set)
    region = target_set.region
    office = office_of(region)
    document = gbdocx.document(office=office)
    gbdocx.title(document, f"关于分解下达{target_set.name}的通知")
    gbdocx.para(document, ADDRESSEES.get(t["kind"], "各县区："), indent=False)
    gbdocx.para(document, f"为确保完成{target_set.year}年度目标任务，现将{target_set.name}分解下达给你们，"
                          "请结合实际，细化措施，明确责任，确保按时完成。完成情况将纳入年度考核。")
    if t["kind"] == DEPARTMENTS:
        gbdocx.para(document, f"各部门的完成情况按{region.name}全域的指标值计算。")
    gbdocx.heading(document, "一、目标任务")
    for n, item in enumerate(target_set.document["items"], 1):
        unit = values.indicator_unit(item["indicator"])
        direction = "（不超过）" if item.get("lower_is_better") else ""
        gbdocx.para(document, f"{n}. {values.indicator_name(item['indicator'])}：{region.name}目标 "
                              f"{fmt(Decimal(item['target']))}{unit}{direction}。")
    gbdocx.heading(document, "二、分解情况")
    header = ["分解对象"] + t["indicators"]
    body = [[r["name"]] + [fmt(v) for v in r["values"]] for r in t["rows"]]
    body.append(["分解合计"] + [fmt(v) for v in t["allocated"]])
    body.append([f"{region.name}目标"] + [fmt(v) for v in t["targets"]])
    gbdocx.table(document, header, body, widths=[3] + [2] * len(t["indicators"]))
    gbdocx.signature(document, office, today)
    gbdocx.para(document, "", indent=False)
    gbdocx.para(document, f"数据来源：质量强市与品牌战略综合管理平台，目标集 {target_set.code} 第 {target_set.version} 版。",
                indent=False, size=12)
    return gbdocx.to_bytes(document)


def xlsx(target_set) -> bytes:
    t = table(target_set)
    key_label = "部门简称" if t["kind"] == DEPARTMENTS else "区划代码"
    header = ["分解对象", key_label] + t["indicators"]
    body = [[r["name"], r["key"]] + r["values"] for r in t["rows"]]
    body.append(["分解合计", ""] + t["allocated"])
    body.append([f"{target_set.region.name}目标", target_set.region.code] + t["targets"])
    body.append(["差额（分解合计 − 目标）", ""] + [a - b if a is not None else None
                                                  for a, b in zip(t["allocated"], t["targets"])])
    book = xlsxbook.Book()
    book.sheet("目标分解", title=f"{target_set.name}分解表", columns=header, rows=body,
               unit_name=office_of(target_set.region), period=f"{target_set.year}年",
               widths=[24, 12] + [16] * len(t["indicators"]), freeze_columns=1,
               notes=[f"数据来源：质量强市与品牌战略综合管理平台，目标集 {target_set.code} 第 {target_set.version} 版。"])
    return book.to_bytes()
