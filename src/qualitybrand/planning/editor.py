"""The form editors of target sets and schemes.

A POST becomes the very document a YAML file holds (assessment.md), checked field by field so each
message stands under its field; a clean document is then saved through `loading.load_documents`,
exactly like an imported file (same validation, versions and change-log entries). The other way, a
stored document becomes form rows (to open it in the editor) and YAML (the 导出YAML download).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from qualitybrand.planning import documents as docs
from qualitybrand.planning import values
from qualitybrand.planning.scoring import RULES

MAX_ROWS = 500
WEIGHT_TOTAL = Decimal(100)
SCORED_RULES = ("ratio_to_target", "linear", "rank", "manual")
RULE_LABELS = {"ratio_to_target": "目标完成率", "linear": "线性插值", "rank": "排名", "manual": "人工评分",
               "deduction": "扣分", "bonus": "加分"}
CODE_RE = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]+")


# --- the indicator picker ------------------------------------------------------------------

def is_additive(spec) -> bool:
    """Whether the values of the regions below add up to the region's own value (counts and sums;
    reported figures summed over the children): only then is "allocated − target" meaningful."""
    if spec is None:
        return False
    if getattr(spec, "aggregation", "none") == "sum":
        return True
    return getattr(spec, "source", "derived") != "reported" and getattr(spec, "measure", "") in ("count", "sum")


def indicator_choices() -> list[dict]:
    """Every indicator of the catalog for the picker: code, name, unit, additive."""
    try:
        from qualitybrand.indicators import catalog
    except ImportError:
        return []
    return [{"code": s.code, "name": s.name, "unit": s.unit, "additive": is_additive(s)} for s in catalog.all_specs()]


def indicator_label(code: str) -> dict:
    spec = values.indicator_spec(code) if code else None
    return {"code": code, "name": getattr(spec, "name", "") or code, "unit": getattr(spec, "unit", "") or "",
            "known": spec is not None, "additive": is_additive(spec)}


# --- shared checks -------------------------------------------------------------------------

@dataclass
class Form:
    doc: dict
    errors: dict[str, str] = field(default_factory=dict)
    context: dict = field(default_factory=dict)  # rows for re-rendering what was posted

    @property
    def ok(self) -> bool:
        return not self.errors


def _rows(post, prefix: str, fields: tuple[str, ...]) -> list[dict]:
    """Rows named `<prefix>-<n>-<field>` in the order they were posted (the order on the page)."""
    pattern = re.compile(rf"^{prefix}-(\d{{1,6}})-({'|'.join(fields)})$")
    rows: dict[str, dict] = {}
    for key in post.keys():
        m = pattern.match(key)
        if m:
            row = rows.setdefault(m.group(1), {"n": m.group(1)})
            row[m.group(2)] = (post.get(key) or "").strip()
    return list(rows.values())


def _basic(post, errors: dict, *, existing_code: str | None, model) -> tuple[str, str, object]:
    if existing_code is not None:
        code = existing_code
    else:
        code = (post.get("code") or "").strip()
        if not code:
            errors["code"] = "请填写代码，例如 2014-brand。"
        elif len(code) > 50 or not CODE_RE.fullmatch(code):
            errors["code"] = "代码只能使用字母、数字、点、横线和下划线，最长 50 个字符。"
        elif model.objects.filter(code=code).exists():
            errors["code"] = f"代码 {code} 已被使用：请换一个代码，或打开已有的{model._meta.verbose_name}编辑。"
    name = (post.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写名称。"
    elif len(name) > 200:
        errors["name"] = "名称过长：最多 200 个字符。"
    raw_year = (post.get("year") or "").strip()
    year: object = raw_year
    if raw_year.isdecimal() and 1900 <= int(raw_year) <= 2100:
        year = int(raw_year)
    else:
        errors["year"] = "请填写四位年份，例如 2014。"
    return code, name, year


def _indicator(code: str, key: str, errors: dict, what: str = "指标") -> str:
    if not code:
        errors[key] = f"请选择{what}。"
    elif values.indicator_spec(code) is None:
        errors[key] = f"指标代码“{code}”不存在：请从列表中选择指标目录中的指标。"
    return code


def _number(raw: str, key: str, errors: dict, what: str, *, positive=False, required=True) -> Decimal | None:
    if raw == "":
        if required:
            errors[key] = f"请填写{what}。"
        return None
    value = docs.number(raw)
    if value is None:
        errors[key] = f"{what}“{raw}”不是数字。"
    elif positive and value <= 0:
        errors[key] = f"{what}必须大于 0。"
    elif not positive and value < 0:
        errors[key] = f"{what}不能为负数。"
    else:
        return value
    return None


# --- target sets ---------------------------------------------------------------------------

TARGET_FIELDS = ("indicator", "target", "lib", r"alloc-[^-\s]{1,20}")


def target_rows(doc: dict, columns) -> list[dict]:
    """Form rows of a stored (or posted) target-set document; `columns` are every kind's allocation
    columns (editor_subjects.Column), the page shows the chosen kind's."""
    rows = []
    for n, item in enumerate(doc.get("items") or []):
        allocations = item.get("allocations") or {}
        rows.append(_target_row(str(n), item.get("indicator", ""), str(item.get("target", "")),
                                bool(item.get("lower_is_better")), {k: str(v) for k, v in allocations.items()},
                                columns))
    return rows


def _target_row(n, indicator, target, lib, allocations, columns) -> dict:
    label = indicator_label(indicator)
    total = None
    amounts = [docs.number(v) for v in allocations.values()]
    if allocations and all(a is not None for a in amounts):
        total = sum(amounts, Decimal(0))
    target_value = docs.number(target)
    diff = total - target_value if (total is not None and target_value is not None and label["additive"]) else None
    return {"n": n, "indicator": indicator, "target": target, "lib": lib, "label": label,
            "cells": [(c.code, allocations.get(c.code, ""), getattr(c, "kind", "regions")) for c in columns],
            "allocated": total if label["additive"] else None, "difference": diff}


def parse_targets(post, *, region, columns, index, existing_code: str | None, model, kind: str = "regions",
                  sindex=None) -> Form:
    """The document of a posted target-set form; `region` is the set's region (never taken from the
    POST when editing), `columns` the columns shown for allocations, `kind` the subjects allocated to
    (every posted allocation is read as a subject of that kind: the page disables the other kinds')."""
    from qualitybrand.planning import editor_subjects

    errors: dict[str, str] = {}
    code, name, year = _basic(post, errors, existing_code=existing_code, model=model)
    if kind == "enterprises":
        errors["subjects"] = editor_subjects.ENTERPRISE_TARGETS_NOTE
    if sindex is None and kind != "regions":
        from qualitybrand.planning.subjects import SubjectIndex

        sindex = SubjectIndex(index)
    raw_rows = _rows(post, "item", TARGET_FIELDS)
    if len(raw_rows) > MAX_ROWS:
        errors["items"] = f"目标项过多：一个目标集最多 {MAX_ROWS} 项。"
        raw_rows = raw_rows[:MAX_ROWS]
    items, rows, seen = [], [], {}
    for pos, row in enumerate(raw_rows, 1):
        n = row["n"]
        allocations = {k[len("alloc-"):]: v for k, v in row.items() if k.startswith("alloc-") and v}
        indicator, target = row.get("indicator", ""), row.get("target", "")
        if not indicator and not target and not allocations:
            continue  # an empty row is not an item
        rows.append(_target_row(n, indicator, target, bool(row.get("lib")), allocations, columns))
        _indicator(indicator, f"item-{n}-indicator", errors)
        if indicator and f"item-{n}-indicator" not in errors:
            if indicator in seen:
                errors[f"item-{n}-indicator"] = f"该指标已在第 {seen[indicator]} 行设定：每个指标只能出现一次。"
            seen.setdefault(indicator, pos)
        _number(target, f"item-{n}-target", errors, "目标值", positive=True)
        clean = {}
        for key, amount in allocations.items():
            stored, problem = editor_subjects.check_allocation(kind, key, region, index, sindex)
            if problem:
                errors[f"item-{n}-allocations"] = problem
                continue
            if _number(amount, f"item-{n}-alloc-{key}", errors, "分解目标", positive=True) is not None:
                if stored in clean:
                    errors[f"item-{n}-allocations"] = f"重复分解给 {stored}。"
                clean[stored] = amount
        items.append({"indicator": indicator, "target": target, "lower_is_better": bool(row.get("lib")),
                      "allocations": clean})
    if not items and "items" not in errors:
        errors["items"] = "请至少填写一个目标项（指标和目标值）。"
    doc = {"kind": "targets", "code": code, "name": name, "year": year, "region": region.code}
    if kind != "regions":
        doc["subjects"] = kind
    doc["items"] = items
    return Form(doc, errors, {"rows": rows})


def _num(value):
    """A stored decimal string as the plainest YAML number that reads back to the same decimal."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return int(d)
    f = float(d)
    return f if docs.number(f) == d else docs.dec_str(d)


def public_targets(doc: dict) -> dict:
    out = {k: doc[k] for k in ("kind", "code", "name", "year", "region")}
    if doc.get("subjects", "regions") != "regions":
        out["subjects"] = doc["subjects"]
    out["items"] = []
    for i in doc["items"]:
        item = {"indicator": i["indicator"], "target": _num(i["target"])}
        if i.get("lower_is_better"):
            item["lower_is_better"] = True
        if i.get("allocations"):
            item["allocations"] = {rc: _num(v) for rc, v in i["allocations"].items()}
        out["items"].append(item)
    return out


def public_scheme(doc: dict) -> dict:
    """The stored scheme written back as YAML the office can edit (numbers as numbers)."""
    out = {k: doc[k] for k in ("kind", "code", "name", "year", "region") if doc.get(k) is not None}
    if doc.get("subjects", "regions") != "regions":
        out["subjects"] = doc["subjects"]
    out["assessed"] = doc["assessed"]
    if doc.get("targets"):
        out["targets"] = doc["targets"]
    out["grades"] = [{"grade": g["grade"], "min": _num(g["min"])} for g in doc["grades"]]
    out["items"] = []
    for i in doc["items"]:
        item = {}
        for k, v in i.items():
            if v is None or (k == "evidence" and v == "optional"):
                continue
            item[k] = _num(v) if k in ("points", "zero_at", "full_at", "per_unit", "cap") else v
        out["items"].append(item)
    if doc.get("vetoes"):
        out["vetoes"] = [{k: (_num(v) if k == "above" else v) for k, v in veto.items() if v is not None}
                         for veto in doc["vetoes"]]
    return out


def to_yaml(doc: dict) -> str:
    public = public_targets(doc) if doc["kind"] == "targets" else public_scheme(doc)
    return yaml.safe_dump(public, allow_unicode=True, sort_keys=False, width=120)


# --- schemes -------------------------------------------------------------------------------

ITEM_FIELDS = ("sec", "code", "name", "rule", "points", "indicator", "zero_at", "full_at", "order", "per_unit",
               "cap", "evidence")


def scheme_form(doc: dict) -> dict:
    """Form context of a stored (or posted) scheme: grades, sections with their items, vetoes."""
    sections: list[dict] = []
    for n, item in enumerate(doc.get("items") or []):
        name = item.get("section") or ""
        if not sections or sections[-1]["name"] != name:
            sections.append({"n": str(len(sections)), "name": name, "items": []})
        row = {k: ("" if item.get(k) is None else str(item.get(k))) for k in ITEM_FIELDS}
        row.update(n=str(n), sec=sections[-1]["n"], rule=item.get("rule") or "",
                   evidence=item.get("evidence") == "required", label=indicator_label(item.get("indicator") or ""),
                   applies_to=[str(k) for k in item.get("applies_to") or []])
        sections[-1]["items"].append(row)
    if not sections:
        sections.append({"n": "0", "name": "", "items": []})
    grades = [{"n": str(n), "name": str(g.get("grade", "")), "min": str(g.get("min", ""))}
              for n, g in enumerate(doc.get("grades") or [])]
    vetoes = [{"n": str(n), **{k: ("" if v.get(k) is None else str(v.get(k)))
                               for k in ("code", "name", "indicator", "above", "grade")},
               "label": indicator_label(v.get("indicator") or "")} for n, v in enumerate(doc.get("vetoes") or [])]
    assessed = doc.get("assessed", "children")
    kind = doc.get("subjects") or "regions"
    codes = [] if assessed == "children" else [str(a) for a in assessed or []]
    return {"sections": sections, "grades": grades, "vetoes": vetoes, "kind": kind,
            "assessed_mode": "children" if assessed == "children" else "list",
            "assessed_codes": codes if kind == "regions" else [],
            "assessed_keys": codes if kind in ("departments", "towns") else [],
            "assessed_enterprises": "\n".join(codes) if kind == "enterprises" else ""}


def parse_scheme(post, *, region, children, index, target_sets: dict[str, dict], existing_code: str | None,
                 model, kind: str = "regions", columns: dict | None = None, sindex=None) -> Form:
    """`children`: the regions that may be assessed (those directly below `region`, and any other the
    stored scheme already assesses); `target_sets`: the target sets the user may use, code → stored
    document; `kind`: the subjects assessed (editor_subjects: the other kinds' choices are ignored)."""
    from qualitybrand.planning import editor_subjects

    errors: dict[str, str] = {}
    code, name, year = _basic(post, errors, existing_code=existing_code, model=model)
    # assessed regions
    child_codes = [c.code for c in children]
    names = {c.code: c.name for c in children}
    if kind != "regions":
        if sindex is None:
            from qualitybrand.planning.subjects import SubjectIndex

            sindex = SubjectIndex(index)
        columns = columns or editor_subjects.columns_by_kind(region, index, sindex)
        assessed, problem = editor_subjects.parse_assessed(post, kind, region, columns, index, sindex)
        if problem:
            errors["assessed"] = problem
        names = {c.code: c.name for c in columns.get(kind, [])}
    elif post.get("assessed_mode") == "list":
        picked = [c.strip() for c in post.getlist("assessed") if c.strip()]
        outside = [c for c in picked if c not in child_codes]
        assessed: object = [c for c in child_codes if c in picked]
        if outside:
            errors["assessed"] = (f"区划 {'、'.join(outside)} 不是 {region.name} 的直接下级区划，"
                                  "不能作为被考核区划。")
        elif not picked:
            errors["assessed"] = "请至少选择一个被考核区划，或选择“全部直接下级区划”。"
    else:
        assessed = "children"
        if not index.children(region):
            errors["assessed"] = f"{region.name}没有下级区划，无法组织考核。"
    assessed_keys = ([r.code for r in index.children(region)] if assessed == "children"
                     else [k for k in assessed if kind != "regions" or k in child_codes])
    names.update({r.code: r.name for r in index.children(region)})
    targets_code = (post.get("targets") or "").strip() or None
    target_doc = target_sets.get(targets_code) if targets_code else None
    if targets_code and target_doc is None:
        errors["targets"] = f"目标集“{targets_code}”不存在或无权使用：请从列表中选择。"
    # grades, from best to worst
    grades, grade_names, previous = [], set(), None
    grade_rows = _rows(post, "grade", ("name", "min"))
    for g in grade_rows:
        n, gname, gmin = g["n"], g.get("name", ""), g.get("min", "")
        if not gname and not gmin:
            continue
        if not gname:
            errors[f"grade-{n}-name"] = "请填写等次名称，例如 优秀。"
        elif gname in grade_names:
            errors[f"grade-{n}-name"] = f"等次“{gname}”重复。"
        value = _number(gmin, f"grade-{n}-min", errors, "最低分")
        if value is not None and previous is not None and value >= previous:
            errors[f"grade-{n}-min"] = f"最低分应低于上一等次的 {docs.dec_str(previous)} 分（等次须从高到低排列）。"
        previous = value if value is not None else previous
        grade_names.add(gname)
        grades.append({"grade": gname, "min": gmin})
    if not grades:
        errors["grades"] = "请至少填写一个等次（例如 优秀 90 分以上）。"
    # sections and items
    section_names = {}
    for s in _rows(post, "sec", ("name",)):
        section_names[s["n"]] = s.get("name", "")
    first_section = next(iter(section_names), None)
    for s, sname in section_names.items():
        if not sname and s != first_section:
            errors[f"sec-{s}-name"] = "请填写分组名称，例如 一、目标任务完成情况。"
        elif len(sname) > 100:
            errors[f"sec-{s}-name"] = "分组名称过长：最多 100 个字符。"
    item_rows = _rows(post, "item", ITEM_FIELDS)[:MAX_ROWS]
    items, seen, total = [], {}, Decimal(0)
    tmap = docs.targets_map(target_doc) if target_doc else {}
    form_sections: dict[str, dict] = {s: {"n": s, "name": sname, "items": []} for s, sname in section_names.items()}
    for row in item_rows:
        n = row["n"]
        if not any(row.get(k) for k in ("code", "name", "points", "indicator")):
            continue
        key = f"item-{n}-".__add__  # key("code") → item-3-code
        icode, iname, rule = row.get("code", ""), row.get("name", ""), row.get("rule", "")
        sec = row.get("sec", "")
        form_sections.setdefault(sec, {"n": sec, "name": section_names.get(sec, ""), "items": []})["items"].append(
            {**row, "evidence": row.get("evidence") == "required", "label": indicator_label(row.get("indicator", ""))})
        if not icode:
            errors[key("code")] = "请填写评分项代码，例如 A1。"
        elif len(icode) > 50 or not CODE_RE.fullmatch(icode):
            errors[key("code")] = "代码只能使用字母、数字、点、横线和下划线。"
        elif icode in seen:
            errors[key("code")] = f"评分项代码 {icode} 重复（第 {seen[icode]} 项已使用）：每个代码必须唯一。"
        seen.setdefault(icode, len(items) + 1)
        if not iname:
            errors[key("name")] = "请填写评分项名称。"
        if rule not in RULES:
            errors[key("rule")] = "请选择计分规则。"
            continue
        if kind == "enterprises" and rule != "manual":
            errors[key("rule")] = (f"企业责任书的评分项只能使用“人工评分”（承诺事项），不能使用“{RULE_LABELS[rule]}”："
                                   "企业没有指标值。")
        item = {"code": icode, "name": iname, "rule": rule}
        sname = section_names.get(sec, "")
        if sname:
            item["section"] = sname
        if rule in SCORED_RULES:
            points = _number(row.get("points", ""), key("points"), errors, "分值")
            if points is not None:
                total += points
            item["points"] = row.get("points", "")
        if rule != "manual":
            item["indicator"] = _indicator(row.get("indicator", ""), key("indicator"), errors)
        if rule == "linear":
            za = _number(row.get("zero_at", ""), key("zero_at"), errors, "0 分值")
            fa = _number(row.get("full_at", ""), key("full_at"), errors, "满分值")
            if za is not None and fa is not None and za == fa:
                errors[key("full_at")] = "满分值与 0 分值不能相同。"
            item["zero_at"], item["full_at"] = row.get("zero_at", ""), row.get("full_at", "")
        elif rule == "rank":
            item["order"] = row.get("order") if row.get("order") in ("desc", "asc") else "desc"
        elif rule in ("deduction", "bonus"):
            _number(row.get("per_unit", ""), key("per_unit"), errors, "每单位分值")
            item["per_unit"] = row.get("per_unit", "")
            if row.get("cap"):
                _number(row["cap"], key("cap"), errors, "上限")
                item["cap"] = row["cap"]
        elif rule == "manual" and row.get("evidence") == "required":
            item["evidence"] = "required"
        if rule == "ratio_to_target" and item.get("indicator") and key("indicator") not in errors:
            if not targets_code:
                errors.setdefault("targets", "有评分项使用“目标完成率”规则：请选择目标集。")
            elif target_doc is not None:
                lacking = [names.get(k, k) for k in assessed_keys if (item["indicator"], k) not in tmap]
                if lacking:
                    errors[key("indicator")] = (f"目标集 {targets_code} 没有为 {'、'.join(lacking)} 设定该指标的目标："
                                                "请先在目标集中分解。")
        applies = [k.strip() for k in post.getlist(key("applies_to")) if k.strip()] if kind == "departments" else []
        if applies:
            stray = [k for k in applies if k not in assessed_keys]
            if stray:
                errors[key("applies_to")] = f"适用部门 {'、'.join(stray)} 不在被考核部门中：请先勾选为被考核部门。"
            item["applies_to"] = [k for k in assessed_keys if k in applies] + stray
            form_sections[sec]["items"][-1]["applies_to"] = applies
        items.append(item)
    if not items:
        errors["items"] = "请至少填写一个评分项。"
    elif total != WEIGHT_TOTAL and not any(k.endswith("-points") for k in errors):
        errors["points_total"] = (f"各评分项（加分、扣分项除外）分值合计 {docs.dec_str(total)} 分，应为 100 分："
                                  "请调整分值。")
    # vetoes
    vetoes = []
    veto_rows = []
    for v in _rows(post, "veto", ("code", "name", "indicator", "above", "grade"))[:MAX_ROWS]:
        n = v["n"]
        if not any(v.get(k) for k in ("code", "name", "indicator")):
            continue
        veto_rows.append({**v, "label": indicator_label(v.get("indicator", ""))})
        if kind == "enterprises":
            errors.setdefault("vetoes", "企业责任书没有一票否决项（企业没有指标值）：请删除否决项。")
        vcode = v.get("code", "")
        if not vcode:
            errors[f"veto-{n}-code"] = "请填写否决项代码，例如 V1。"
        elif vcode in seen:
            errors[f"veto-{n}-code"] = f"代码 {vcode} 重复：否决项与评分项的代码必须各不相同。"
        seen.setdefault(vcode, len(items) + len(vetoes) + 1)
        if not v.get("name"):
            errors[f"veto-{n}-name"] = "请填写否决项名称。"
        _indicator(v.get("indicator", ""), f"veto-{n}-indicator", errors)
        _number(v.get("above", "") or "0", f"veto-{n}-above", errors, "否决阈值")
        grade = v.get("grade") or None
        if grade is not None and grade not in grade_names:
            errors[f"veto-{n}-grade"] = f"等次“{grade}”不在上面的等次中。"
        vetoes.append({"code": vcode, "name": v.get("name", ""), "indicator": v.get("indicator", ""),
                       "above": v.get("above", "") or "0", **({"grade": grade} if grade else {})})
    doc = {"kind": "scheme", "code": code, "name": name, "year": year, "region": region.code}
    if kind != "regions":
        doc["subjects"] = kind
    doc.update({"assessed": assessed, "grades": grades, "items": items})
    if targets_code:
        doc["targets"] = targets_code
    if vetoes:
        doc["vetoes"] = vetoes
    sections = list(form_sections.values()) or [{"n": "0", "name": "", "items": []}]
    context = {"sections": sections, "grades": [{"n": g["n"], "name": g.get("name", ""), "min": g.get("min", "")}
                                                for g in grade_rows],
               "vetoes": veto_rows, "assessed_mode": "children" if assessed == "children" else "list",
               "assessed_codes": [c.strip() for c in post.getlist("assessed")], "total": total, "kind": kind,
               "assessed_keys": list(assessed) if kind in ("departments", "towns") else [],
               "assessed_enterprises": post.get("assessed_enterprises", "")}
    return Form(doc, errors, context)
