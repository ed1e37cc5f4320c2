"""Reading and validating target-set and scheme documents (YAML, assessment.md).

Validation is complete before anything is saved: every problem of every document is reported
with a Chinese message that says what is wrong and what is expected. Numbers are normalised to
decimal strings so the stored document is exact.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

import yaml

from qualitybrand.planning import values
from qualitybrand.planning.scoring import RULES

KINDS = ("targets", "scheme", "indicator")


class DocumentError(Exception):
    """The file cannot be read as YAML documents at all (exit 2)."""


def read_documents(text: str) -> list:
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else "文件中"
        problem = getattr(exc, "problem", None) or "格式错误"
        raise DocumentError(f"YAML 格式错误（{where}：{problem}）：请检查缩进、冒号和引号。") from exc
    if not docs:
        raise DocumentError("文件中没有任何文档：应包含一个或多个以 --- 分隔的 YAML 文档。")
    return docs


def dec_str(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def number(value) -> Decimal | None:
    """A finite number from YAML (int, float, numeric string), or None when it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            return None
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            return None
    else:
        return None
    if not d.is_finite() or not in_range(d):
        return None
    return d


def in_range(d: Decimal) -> bool:
    """A magnitude a target, score or what-if value can have (below 10^15, no finer than 10^-12):
    1e999999999 is finite, but exact scoring would build a billion-digit integer from it."""
    return d == 0 or -12 <= d.adjusted() < 15


def code_str(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


class RegionIndex:
    """Every region by code (and former code), loaded once per validation."""

    def __init__(self):
        from qualitybrand.core.models import Region, RegionAlias

        self.by_code = {r.code: r for r in Region.objects.only("id", "code", "name", "path", "parent_id", "kind")}
        self.by_id = {r.id: r for r in self.by_code.values()}
        self.alias = {a.code: self.by_code_id(a.region_id) for a in RegionAlias.objects.all()}

    def by_code_id(self, region_id):
        return self.by_id.get(region_id)

    def get(self, code):
        if code is None:
            return None
        return self.by_code.get(code) or self.alias.get(code)

    def children(self, region) -> list:
        return sorted((r for r in self.by_code.values() if r.parent_id == region.id), key=lambda r: r.code)


def resolve_assessed(assessed, region, index: RegionIndex) -> tuple[list, list[str]]:
    """The assessed regions of a scheme (objects, ordered by code) and problems found."""
    if assessed == "children":
        kids = index.children(region)
        if not kids:
            return [], [f"assessed: children 表示 {region.code} 的直接下级区划，但 {region.code} 没有下级区划。"]
        return kids, []
    found, problems = [], []
    for raw in assessed:
        code = code_str(raw)
        r = index.get(code)
        if r is None:
            problems.append(f"assessed 中的区划代码 {raw} 不存在：请先导入该区划。")
        elif r not in found:
            found.append(r)
    return sorted(found, key=lambda r: r.code), problems


class Checker:
    def __init__(self, label: str):
        self.label = label
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(f"{self.label}：{msg}")

    def warn(self, msg: str) -> None:
        self.warnings.append(f"{self.label}：{msg}")


def label_of(doc, position: int) -> str:
    kind = doc.get("kind") if isinstance(doc, dict) else None
    code = doc.get("code") if isinstance(doc, dict) else None
    parts = [f"第 {position} 个文档"]
    if kind or code:
        parts.append(f"（{kind or '?'} {code or ''}）".replace(" ）", "）"))
    return "".join(parts)


def _common(doc: dict, c: Checker, index: RegionIndex):
    code = code_str(doc.get("code"))
    if code is None:
        c.err("缺少 code（代码），例如 code: 2014-brand。")
    elif len(code) > 50 or not re.fullmatch(r"[A-Za-z0-9_.\-\u4e00-\u9fff]+", code):
        c.err(f"code “{code}” 无效：只能使用字母、数字、点、横线和下划线，最长 50 个字符。")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        c.err("缺少 name（名称）。")
        name = ""
    elif len(name) > 200:
        c.err("name（名称）过长：最多 200 个字符。")
    year = doc.get("year")
    if isinstance(year, str) and year.strip().isdecimal():
        year = int(year.strip())
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        c.err(f"year（年度）应为四位年份，例如 2014，而不是 “{year}”。")
        year = None
    region_code = code_str(doc.get("region"))
    region = index.get(region_code)
    if region_code is None:
        c.err("缺少 region（制定目标或组织考核的区划代码），例如 region: \"620500\"。")
    elif region is None:
        c.err(f"区划代码 {region_code} 不存在：请先导入该区划。")
    return code, (name or "").strip(), year, region


def _known_indicator(code, c: Checker, where: str, extra_codes: set[str]) -> str | None:
    ind = code_str(code)
    if ind is None:
        c.err(f"{where}缺少 indicator（指标代码）。")
        return None
    if ind not in extra_codes and values.indicator_spec(ind) is None:
        c.err(f"{where}的指标 “{ind}” 不存在：应为指标目录中的代码（如 tm.applications）或已定义的 custom.* 指标。")
        return None
    return ind


def _subjects_kind(doc: dict, c: Checker, allowed: tuple[str, ...]) -> str:
    """`subjects:` of a document (responsibility.md), regions when absent."""
    from qualitybrand.planning import subjects

    kind = doc.get("subjects", subjects.REGIONS)
    if kind is None:
        return subjects.REGIONS
    if kind not in subjects.KINDS:
        c.err(f"subjects “{kind}” 无法识别：应为 regions（区划，默认）、departments（部门）、towns（乡镇街道）"
              "或 enterprises（企业）之一。")
        return subjects.REGIONS
    if kind not in allowed:
        c.err("目标集不能以企业为分解对象：企业的质量承诺请写进责任书考核方案（subjects: enterprises）的 manual 评分项。")
        return subjects.REGIONS
    return kind


def _subject_index(index: RegionIndex):
    from qualitybrand.planning import subjects

    return subjects.SubjectIndex(index)


def validate_targets(doc: dict, position: int, index: RegionIndex, extra_codes: set[str]):
    from qualitybrand.planning import subjects

    c = Checker(label_of(doc, position))
    code, name, year, region = _common(doc, c, index)
    kind = _subjects_kind(doc, c, (subjects.REGIONS, subjects.DEPARTMENTS, subjects.TOWNS))
    sindex = _subject_index(index)
    items_raw = doc.get("items")
    items = []
    if not isinstance(items_raw, list) or not items_raw:
        c.err("缺少 items（目标项）：应为一个列表，每项包含 indicator 和 target。")
        items_raw = []
    seen = set()
    for n, raw in enumerate(items_raw, 1):
        where = f"第 {n} 个目标项"
        if not isinstance(raw, dict):
            c.err(f"{where}应为包含 indicator、target 的映射。")
            continue
        unknown = set(raw) - {"indicator", "target", "allocations", "lower_is_better", "name", "unit"}
        if unknown:
            c.warn(f"{where}含有无法识别的字段（已忽略）：{'、'.join(sorted(map(str, unknown)))}。")
        ind = _known_indicator(raw.get("indicator"), c, where, extra_codes)
        if ind is not None:
            if ind in seen:
                c.err(f"{where}的指标 {ind} 重复：每个指标在一个目标集中只能出现一次。")
            seen.add(ind)
        target = number(raw.get("target"))
        if target is None:
            c.err(f"{where}（{ind or '?'}）缺少 target 或 target 不是数字。")
        elif target <= 0:
            c.err(f"{where}（{ind or '?'}）的目标值 {raw.get('target')} 无效：目标值必须大于 0。")
        lib = raw.get("lower_is_better", False)
        if not isinstance(lib, bool):
            c.err(f"{where}的 lower_is_better 应为 true 或 false。")
            lib = False
        allocations = {}
        alloc_raw = raw.get("allocations") or {}
        if not isinstance(alloc_raw, dict):
            what = {"departments": "部门简称", "towns": "乡镇街道代码"}.get(kind, "区划代码")
            c.err(f"{where}的 allocations 应为“{what}: 目标值”的映射。")
            alloc_raw = {}
        for rc_raw, amount_raw in alloc_raw.items():
            rc = code_str(rc_raw)
            subject, problem = subjects.allocation_subject(kind, rc, region, sindex)
            if problem:
                c.err(f"{where}：{problem}")
                continue
            amount = number(amount_raw)
            if amount is None:
                c.err(f"{where}分解给 {rc} 的目标值 “{amount_raw}” 不是数字。")
            elif amount <= 0:
                c.err(f"{where}分解给 {rc} 的目标值 {amount_raw} 无效：目标值必须大于 0。")
            elif subject.key in allocations:
                c.err(f"{where}重复分解给 {subject.key}。")
            else:
                allocations[subject.key] = dec_str(amount)
        if ind is not None and target is not None and target > 0:
            items.append({"indicator": ind, "target": dec_str(target), "lower_is_better": lib,
                          "allocations": allocations})
    unknown = set(doc) - {"kind", "code", "name", "year", "region", "items", "subjects"}
    if unknown:
        c.warn(f"含有无法识别的字段（已忽略）：{'、'.join(sorted(map(str, unknown)))}。")
    norm = {"kind": "targets", "code": code, "name": name, "year": year,
            "region": region.code if region else None, "items": items}
    if kind != subjects.REGIONS:  # absent for regions: every existing document keeps its hash
        norm["subjects"] = kind
    return norm, c


def targets_map(target_doc: dict) -> dict[tuple[str, str], str]:
    """(indicator, region) → target of a normalised target-set document."""
    out = {}
    for item in target_doc["items"]:
        out[(item["indicator"], target_doc["region"])] = item["target"]
        for rc, amount in item["allocations"].items():
            out[(item["indicator"], rc)] = amount
    return out


_RULE_FIELDS = {
    "ratio_to_target": {"points", "indicator"},
    "linear": {"points", "indicator", "zero_at", "full_at"},
    "rank": {"points", "indicator", "order"},
    "manual": {"points", "evidence"},
    "deduction": {"indicator", "per_unit", "cap", "points"},
    "bonus": {"indicator", "per_unit", "cap", "points"},
}


def expected_total(name: str) -> Decimal | None:
    m = re.search(r"(\d+(?:\.\d+)?)\s*分", name or "")
    if m:
        return Decimal(m.group(1))
    if "百分" in (name or ""):
        return Decimal(100)
    return None


def validate_scheme(doc: dict, position: int, index: RegionIndex, extra_codes: set[str],
                    target_sets: dict[str, dict]):
    """`target_sets`: code → normalised target document (the file's own first, then stored ones)."""
    from qualitybrand.planning import subjects

    c = Checker(label_of(doc, position))
    code, name, year, region = _common(doc, c, index)
    kind = _subjects_kind(doc, c, subjects.KINDS)
    # assessed subjects (responsibility.md): regions, departments, towns or enterprises
    assessed = doc.get("assessed", "children")
    assessed_subjects = []
    if assessed == "children" or (isinstance(assessed, list) and assessed):
        if region is not None:
            assessed_subjects, problems = subjects.resolve(kind, assessed, region, _subject_index(index))
            for p in problems:
                c.err(p)
        if isinstance(assessed, list):
            if kind == subjects.REGIONS:
                assessed = [code_str(a) for a in assessed]
            else:  # stored by key (a department's short name, an upper-case USCC)
                assessed = [s.key for s in assessed_subjects]
    else:
        c.err("assessed 应为 children（直接下级区划）或被考核对象的列表（区划代码、部门简称、乡镇街道代码或统一社会信用代码）。")
    assessed_keys = [s.key for s in assessed_subjects]
    # grades
    grades = []
    grades_raw = doc.get("grades")
    if not isinstance(grades_raw, list) or not grades_raw:
        c.err("缺少 grades（等次）：应为从高到低的列表，例如 - {grade: A, min: 90}。")
        grades_raw = []
    previous = None
    for n, g in enumerate(grades_raw, 1):
        if not isinstance(g, dict) or code_str(g.get("grade")) is None or number(g.get("min")) is None:
            c.err(f"第 {n} 个等次应写成 {{grade: 等次名, min: 最低分}}。")
            continue
        gname, gmin = code_str(g["grade"]), number(g["min"])
        if any(x["grade"] == gname for x in grades):
            c.err(f"等次 {gname} 重复。")
        if previous is not None and gmin >= previous:
            c.err(f"等次顺序错误：等次 {gname} 的最低分 {g['min']} 应低于上一等次的最低分 {dec_str(previous)}"
                  "（grades 须从高到低排列）。")
        previous = gmin
        grades.append({"grade": gname, "min": dec_str(gmin)})
    grade_names = {g["grade"] for g in grades}
    # items
    items_raw = doc.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        c.err("缺少 items（评分项）：应为一个列表。")
        items_raw = []
    items, seen = [], set()
    target_doc = None
    targets_code = code_str(doc.get("targets"))
    if targets_code is not None:
        target_doc = target_sets.get(targets_code)
    tmap = targets_map(target_doc) if target_doc else {}
    for n, raw in enumerate(items_raw, 1):
        if not isinstance(raw, dict):
            c.err(f"第 {n} 个评分项应为映射（code、name、rule …）。")
            continue
        icode = code_str(raw.get("code"))
        where = f"评分项 {icode}" if icode else f"第 {n} 个评分项"
        if icode is None:
            c.err(f"第 {n} 个评分项缺少 code（评分项代码）。")
        elif icode in seen:
            c.err(f"评分项代码 {icode} 重复：每个评分项的代码必须唯一。")
        seen.add(icode)
        rule = raw.get("rule")
        if rule not in RULES:
            c.err(f"{where}的规则 “{rule}” 无法识别：应为 {'、'.join(RULES)} 之一。")
            continue
        if kind == subjects.ENTERPRISES and rule != "manual":
            c.err(f"{where}使用 {rule} 规则：企业考核（subjects: enterprises）只能使用 manual 评分项"
                  "（质量目标责任书的承诺，附佐证材料）。")
            continue
        item = {"code": icode, "name": str(raw.get("name") or icode or "").strip(), "rule": rule}
        applies_raw = raw.get("applies_to")
        if applies_raw is not None:
            applies = _applies_to(applies_raw, assessed_keys, kind, c, where)
            if applies:
                item["applies_to"] = applies
        section = raw.get("section")
        if section is not None and (not isinstance(section, str) or len(section.strip()) > 100):
            c.err(f"{where}的 section（分组名称）应为不超过 100 个字符的文字。")
        elif section is not None and section.strip():
            item["section"] = section.strip()  # optional: the editor's grouping, not used in scoring
        unknown = set(raw) - _RULE_FIELDS[rule] - {"code", "name", "rule", "section", "applies_to"}
        if unknown:
            c.warn(f"{where}含有 {rule} 规则不使用的字段（已忽略）：{'、'.join(sorted(map(str, unknown)))}。")
        if rule in ("ratio_to_target", "linear", "rank", "manual"):
            points = number(raw.get("points"))
            if points is None:
                c.err(f"{where}缺少 points（分值）或分值不是数字。")
            elif points < 0:
                c.err(f"{where}的分值 {raw.get('points')} 为负数：分值必须大于或等于 0（扣分请用 deduction 规则）。")
            else:
                item["points"] = dec_str(points)
        elif raw.get("points") is not None:
            points = number(raw.get("points"))
            if points is None or points < 0:
                c.err(f"{where}的分值 {raw.get('points')} 无效：分值必须是大于或等于 0 的数字。")
        if rule != "manual":
            item["indicator"] = _known_indicator(raw.get("indicator"), c, where, extra_codes)
        if rule == "linear":
            za, fa = number(raw.get("zero_at")), number(raw.get("full_at"))
            if za is None or fa is None:
                c.err(f"{where}（linear）需要数字 zero_at（得 0 分的值）和 full_at（得满分的值）。")
            elif za == fa:
                c.err(f"{where}（linear）的 zero_at 与 full_at 相同（均为 {dec_str(za)}）：两者必须不同，否则无法计算得分。")
            else:
                item["zero_at"], item["full_at"] = dec_str(za), dec_str(fa)
        elif rule == "rank":
            order = raw.get("order", "desc")
            if order not in ("desc", "asc"):
                c.err(f"{where}（rank）的 order 应为 desc（越大越好）或 asc（越小越好）。")
            item["order"] = order
        elif rule in ("deduction", "bonus"):
            per = number(raw.get("per_unit"))
            if per is None:
                c.err(f"{where}（{rule}）缺少 per_unit（每单位分值）或它不是数字。")
            elif per < 0:
                c.err(f"{where}（{rule}）的 per_unit 为负数：应大于或等于 0。")
            else:
                item["per_unit"] = dec_str(per)
            if raw.get("cap") is not None:
                cap = number(raw.get("cap"))
                if cap is None or cap < 0:
                    c.err(f"{where}（{rule}）的 cap（上限）应为大于或等于 0 的数字。")
                else:
                    item["cap"] = dec_str(cap)
        elif rule == "manual":
            ev = raw.get("evidence")
            if ev not in (None, "required", "optional"):
                c.err(f"{where}的 evidence 应为 required（必须上传佐证材料）或 optional。")
            item["evidence"] = ev or "optional"
        if rule == "ratio_to_target" and item.get("indicator"):
            ind = item["indicator"]
            if targets_code is None:
                c.err(f"{where}使用 ratio_to_target 规则，但方案没有指定 targets（目标集代码）。")
            elif target_doc is None:
                c.err(f"{where}所需的目标集 {targets_code} 不存在：请先导入该目标集，或放在同一文件中。")
            else:
                lacking = [k for k in item.get("applies_to") or assessed_keys if (ind, k) not in tmap]
                if lacking:
                    c.err(f"{where}：目标集 {targets_code} 没有为被考核对象 {'、'.join(lacking)} 设定 {ind} 的目标值"
                          "（请在目标集的 allocations 中补充）。")
        items.append(item)
    # vetoes
    vetoes, vseen = [], set()
    vetoes_raw = doc.get("vetoes") or []
    if kind == subjects.ENTERPRISES and vetoes_raw:
        c.err("企业考核（subjects: enterprises）不能设一票否决项：否决依据指标，企业没有指标值。")
        vetoes_raw = []
    if not isinstance(vetoes_raw, list):
        c.err("vetoes（一票否决）应为列表。")
        vetoes_raw = []
    for n, raw in enumerate(vetoes_raw, 1):
        if not isinstance(raw, dict):
            c.err(f"第 {n} 个否决项应为映射（code、name、indicator、above、grade）。")
            continue
        vcode = code_str(raw.get("code"))
        where = f"否决项 {vcode}" if vcode else f"第 {n} 个否决项"
        if vcode is None:
            c.err(f"第 {n} 个否决项缺少 code。")
        elif vcode in vseen or vcode in seen:
            c.err(f"否决项代码 {vcode} 重复：代码必须唯一。")
        vseen.add(vcode)
        veto = {"code": vcode, "name": str(raw.get("name") or vcode or "").strip()}
        veto["indicator"] = _known_indicator(raw.get("indicator"), c, where, extra_codes)
        above = number(raw.get("above", 0))
        if above is None:
            c.err(f"{where}的 above（超过即否决的值）应为数字。")
        else:
            veto["above"] = dec_str(above)
        vgrade = code_str(raw.get("grade"))
        if vgrade is not None and grades and vgrade not in grade_names:
            c.err(f"{where}的等次 {vgrade} 不在 grades 中：应为 {'、'.join(g['grade'] for g in grades)} 之一。")
        veto["grade"] = vgrade
        vetoes.append(veto)
    unknown = set(doc) - {"kind", "code", "name", "year", "region", "assessed", "targets", "grades", "items",
                          "vetoes", "subjects"}
    if unknown:
        c.warn(f"含有无法识别的字段（已忽略）：{'、'.join(sorted(map(str, unknown)))}。")
    # total points against the name
    full = sum((Decimal(i["points"]) for i in items if i["rule"] in ("ratio_to_target", "linear", "rank", "manual")
                and "points" in i), Decimal(0))
    expected = expected_total(name)
    if expected is not None and full != expected:
        c.warn(f"各评分项分值合计 {dec_str(full)} 分，与方案名称所示的 {dec_str(expected)} 分不一致（仅提示）。")
    norm = {"kind": "scheme", "code": code, "name": name, "year": year, "region": region.code if region else None,
            "assessed": assessed, "targets": targets_code, "grades": grades, "items": items, "vetoes": vetoes}
    if kind != subjects.REGIONS:  # absent for regions: every existing document keeps its hash
        norm["subjects"] = kind
    return norm, c


def _applies_to(raw, assessed_keys: list[str], kind: str, c: Checker, where: str) -> list[str]:
    """`applies_to:` (an extension of responsibility.md): the subjects an item is scored for, e.g. 住建
    on construction indicators and 环保 on environment ones in one department scheme."""
    if isinstance(raw, str | int):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        c.err(f"{where}的 applies_to 应为被考核对象的列表，例如 [住建]。")
        return []
    keys = []
    for k in raw:
        key = code_str(k)
        key = key.upper() if key and kind == "enterprises" else key
        if key not in assessed_keys:
            c.err(f"{where}的 applies_to 中 {k} 不是本方案的被考核对象（应为 {'、'.join(assessed_keys) or '无'} 之一）。")
        elif key not in keys:
            keys.append(key)
    return sorted(keys, key=assessed_keys.index)


def parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return None
