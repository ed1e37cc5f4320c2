"""Eligibility rules of a program (`Program.rules`, a JSON list) and their evaluation.

Schema — each rule is an object with a `type` and its parameters:

| type | parameters | passes when (on the evaluation date D) |
|---|---|---|
| `prerequisite` | `program` (code), `years` (default 0) | the object holds a recognition of that program valid on D (认定年度 ≤ year of D, 有效期至 empty or ≥ D), first recognised ≥ `years` years before D's year. The object is the same trademark when both programs are 商标 programs (the same product when both are 产品 programs) and the application names one, else the entity |
| `trademark_age` | `years` | the application's trademark (or, without one, any trademark of the entity not cancelled) was registered ≥ `years` years before D |
| `entity_age` | `years` | the entity was established ≥ `years` years before D |
| `no_failed_inspection` | `years` | no 不合格 inspection of the entity sampled in (D − years, D] |
| `no_serious_incident_or_transfer` | `years` | no case against the entity with 移送司法 opened or closed in (D − years, D], and no 较大/重大/特别重大 incident in that window naming the entity (an `entity` link when the incident ledger has one, else its 简要情况 naming the entity's name or credit code) |
| `not_blacklisted` | — | no blacklist entry of the entity with 列入日期 ≤ D and (移出日期 empty or > D) |
| `min_score` | `score`, optional `scheme` (default `gbt19580_2012`) | the panel score reaches `score`; not checked at submission (待评审), it gates 现场评审 |

Example: `[{"type": "prerequisite", "program": "prov_famous_tm", "years": 3},
{"type": "no_failed_inspection", "years": 3}, {"type": "not_blacklisted"}]`.

Each result is a dict: `type`, `label` (Chinese), `passed` (True, False, or None for 待评审),
`reason` (Chinese) and `records` (the records that satisfy or break the rule:
`{"kind", "id", "text"}`). Evaluation is set-based: `evaluate(program, candidates, on)` reads
each kind of record once for all candidates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

RULE_TYPES = {
    "prerequisite": ("program", "years"),
    "trademark_age": ("years",),
    "entity_age": ("years",),
    "no_failed_inspection": ("years",),
    "no_serious_incident_or_transfer": ("years",),
    "not_blacklisted": (),
    "min_score": ("score",),
}
# Each rule type in words (the rules editor's choices, the change log's tables).
KIND_LABELS = {
    "prerequisite": "持有前置项目满 N 年",
    "trademark_age": "商标注册满 N 年",
    "entity_age": "企业成立满 N 年",
    "no_failed_inspection": "近 N 年无监督抽查不合格",
    "no_serious_incident_or_transfer": "近 N 年无较大及以上事故、无移送司法案件",
    "not_blacklisted": "未列入严重违法失信名单",
    "min_score": "评审得分不低于最低分",
}
DEFAULT_SCHEME = "gbt19580_2012"
SERIOUS_GRADES = ("较大", "重大", "特别重大")


@dataclass(frozen=True)
class Candidate:
    entity_id: int
    trademark_id: int | None = None
    product_name: str = ""


def validate_rules(rules) -> list[str]:
    """Chinese messages for a malformed rule list (empty when it is fine)."""
    from qualitybrand.registry.models import Program

    if not isinstance(rules, list):
        return ["申报条件应为规则列表（JSON 数组）。"]
    errors = []
    for i, rule in enumerate(rules, 1):
        kind = rule.get("type") if isinstance(rule, dict) else None
        if kind not in RULE_TYPES:
            errors.append(f"第 {i} 条规则类型“{kind}”无效：应为 {'、'.join(RULE_TYPES)} 之一。")
            continue
        if kind == "prerequisite" and not Program.objects.filter(code=rule.get("program")).exists():
            errors.append(f"第 {i} 条规则的前置项目“{rule.get('program')}”不存在。")
        if "years" in RULE_TYPES[kind] and kind != "prerequisite" or rule.get("years") is not None:
            years = rule.get("years", 0)
            if not isinstance(years, int) or years < 0:
                errors.append(f"第 {i} 条规则的年限应为非负整数。")
        if kind == "min_score":
            try:
                Decimal(str(rule.get("score")))
            except Exception:
                errors.append(f"第 {i} 条规则的最低分应为数字。")
    return errors


def is_scored(program) -> bool:
    return program.min_score is not None or any(r.get("type") == "min_score" for r in program.rules or [])


def min_score_of(program) -> Decimal | None:
    for rule in program.rules or []:
        if rule.get("type") == "min_score" and rule.get("score") is not None:
            return Decimal(str(rule["score"]))
    return program.min_score


def scheme_of(program) -> str:
    for rule in program.rules or []:
        if rule.get("type") == "min_score" and rule.get("scheme"):
            return rule["scheme"]
    return DEFAULT_SCHEME


def cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def one_year_later(day: dt.date) -> dt.date:
    return years_before(day, -1)


def passes(results: list[dict]) -> bool:
    return all(r["passed"] is not False for r in results)


def failures(results: list[dict]) -> list[str]:
    return [r["reason"] for r in results if r["passed"] is False]


def _chunks(ids, size=900):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def _in(qs, field, ids):
    """Rows of `qs` with `field` in ids, a few grouped queries however many ids there are."""
    out = []
    for chunk in _chunks(ids):
        out.extend(qs.filter(**{f"{field}__in": chunk}))
    return out


def evaluate(program, candidates: list[Candidate], on: dt.date) -> list[list[dict]]:
    """The results of every rule of `program` for each candidate, on date `on`."""
    from qualitybrand.registry.models import Entity, Program, Recognition, Trademark
    from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection

    rules = [r for r in (program.rules or []) if isinstance(r, dict)]
    results: list[list[dict]] = [[] for _ in candidates]
    if not rules or not candidates:
        return results
    entity_ids = {c.entity_id for c in candidates}
    entities = {e.id: e for e in _in(Entity.objects.only("id", "name", "uscc", "established"), "id", entity_ids)}
    tm_ids = {c.trademark_id for c in candidates if c.trademark_id}
    kinds = {r["type"] for r in rules}
    cache: dict = {}

    def window(years):
        return years_before(on, years)

    for rule in rules:
        kind = rule["type"]
        years = int(rule.get("years") or 0)
        if kind == "prerequisite":
            required = Program.objects.filter(code=rule.get("program")).first()
            label = f"持有有效的{required.name if required else rule.get('program')}" + (
                f"满 {years} 年" if years else "")
            by_entity, by_tm, by_product = defaultdict(list), defaultdict(list), defaultdict(list)
            if required is not None:
                valid_now = Recognition.objects.filter(program=required, year__lte=on.year).filter(
                    Q(valid_until__isnull=True) | Q(valid_until__gte=on))
                rows = _in(valid_now.only("id", "entity_id", "trademark_id", "year", "valid_until",
                                          "object_key", "product_name"), "entity_id", entity_ids)
                first_years = defaultdict(lambda: 9999)
                for rec in _in(Recognition.objects.filter(program=required, year__lte=on.year).only(
                        "entity_id", "object_key", "year"), "entity_id", entity_ids):
                    key = (rec.entity_id, rec.object_key)
                    first_years[key] = min(first_years[key], rec.year)
                for rec in rows:
                    rec.first_year = first_years[(rec.entity_id, rec.object_key)]
                    by_entity[rec.entity_id].append(rec)
                    if rec.trademark_id:
                        by_tm[rec.trademark_id].append(rec)
                    if rec.product_name:
                        by_product[(rec.entity_id, rec.product_name)].append(rec)
            same_tm = required is not None and required.object_kind == "商标" and program.object_kind == "商标"
            same_product = required is not None and required.object_kind == "产品" and program.object_kind == "产品"
            for i, c in enumerate(candidates):
                if same_tm and c.trademark_id:
                    held = by_tm.get(c.trademark_id, [])
                elif same_product and c.product_name:
                    held = by_product.get((c.entity_id, c.product_name.strip()), [])
                else:
                    held = by_entity.get(c.entity_id, [])
                ok = [r for r in held if on.year - r.first_year >= years]
                recs = [{"kind": "认定", "id": r.id, "text": f"{required.name} {r.first_year}年首次认定，"
                         f"{r.year}年认定，有效期至{r.valid_until or '长期'}"} for r in (ok or held)]
                if required is None:
                    reason = f"前置项目“{rule.get('program')}”未配置。"
                elif ok:
                    reason = f"已持有{required.name}满 {years} 年。" if years else f"已持有有效的{required.name}。"
                elif held:
                    reason = (f"持有{required.name}自{min(r.first_year for r in held)}年起，"
                              f"不满 {years} 年（应满 {years} 年）。")
                else:
                    reason = f"未持有有效的{required.name}（{cn(on)}）。"
                results[i].append(_r(rule, label, bool(ok), reason, recs))
        elif kind == "trademark_age":
            label = f"商标注册满 {years} 年"
            if "tms" not in cache:
                tms = _in(Trademark.objects.filter(registered__isnull=False).only(
                    "id", "number", "name", "registered", "holder_id", "cancelled"), "holder_id", entity_ids)
                extra = tm_ids - {t.id for t in tms}
                if extra:
                    tms += _in(Trademark.objects.only("id", "number", "name", "registered", "holder_id",
                                                      "cancelled"), "id", extra)
                cache["tms"] = tms
            by_id = {t.id: t for t in cache["tms"]}
            by_holder = defaultdict(list)
            for t in cache["tms"]:
                if t.registered and (t.cancelled is None or t.cancelled > on):
                    by_holder[t.holder_id].append(t)
            limit = window(years)
            for i, c in enumerate(candidates):
                marks = [by_id[c.trademark_id]] if c.trademark_id in by_id else by_holder.get(c.entity_id, [])
                ok = [t for t in marks if t.registered and t.registered <= limit]
                recs = [{"kind": "商标", "id": t.id, "text": f"{t.name}（{t.number}）{t.registered}注册"}
                        for t in (ok or marks)][:5]
                if ok:
                    reason = f"商标{ok[0].number}于{cn(ok[0].registered)}注册，已满 {years} 年。"
                elif marks:
                    t = marks[0]
                    reason = (f"商标{t.number}" + (f"于{cn(t.registered)}注册" if t.registered else
                              "尚未注册") + f"，不满 {years} 年（应在{cn(limit)}前注册）。")
                else:
                    reason = "没有有效的注册商标。"
                results[i].append(_r(rule, label, bool(ok), reason, recs))
        elif kind == "entity_age":
            label = f"企业成立满 {years} 年"
            limit = window(years)
            for i, c in enumerate(candidates):
                e = entities.get(c.entity_id)
                est = e.established if e else None
                ok = est is not None and est <= limit
                reason = (f"成立于{cn(est)}，" + ("已满" if ok else "不满") + f" {years} 年。") if est \
                    else "主体台账未登记成立日期，无法核验。"
                recs = [{"kind": "主体", "id": c.entity_id, "text": f"{e.name} 成立日期 {est or '—'}"}] if e else []
                results[i].append(_r(rule, label, ok, reason, recs))
        elif kind == "no_failed_inspection":
            label = f"近 {years} 年无监督抽查不合格"
            start = window(years)
            bad = defaultdict(list)
            for ins in _in(Inspection.objects.filter(conclusion="不合格", sampled__gt=start, sampled__lte=on).only(
                    "id", "number", "entity_id", "sampled", "product_category"), "entity_id", entity_ids):
                bad[ins.entity_id].append(ins)
            for i, c in enumerate(candidates):
                rows = bad.get(c.entity_id, [])
                recs = [{"kind": "抽检", "id": x.id, "text": f"{x.number} {x.product_category} "
                         f"{x.sampled} 不合格"} for x in rows]
                reason = (f"{cn(start)}以来有 {len(rows)} 批次抽检不合格（{rows[0].number}）。" if rows
                          else f"{cn(start)}以来无抽检不合格记录。")
                results[i].append(_r(rule, label, not rows, reason, recs))
        elif kind == "no_serious_incident_or_transfer":
            label = f"近 {years} 年无较大及以上事故、无移送司法案件"
            start = window(years)
            cases = defaultdict(list)
            case_qs = Case.objects.filter(transferred=True).filter(
                Q(opened__gt=start, opened__lte=on) | Q(closed__gt=start, closed__lte=on))
            for case in _in(case_qs.only("id", "number", "party_id", "opened"), "party_id", entity_ids):
                cases[case.party_id].append(case)
            incidents = list(Incident.objects.filter(grade__in=SERIOUS_GRADES, occurred__gt=start,
                                                     occurred__lte=on))
            has_link = any(f.name == "entity" for f in Incident._meta.get_fields())
            for i, c in enumerate(candidates):
                e = entities.get(c.entity_id)
                mine = [x for x in incidents if (getattr(x, "entity_id", None) == c.entity_id if has_link else
                        e is not None and ((e.name and e.name in x.summary) or e.uscc in x.summary))]
                rows = cases.get(c.entity_id, [])
                recs = [{"kind": "案件", "id": x.id, "text": f"{x.number} 移送司法"} for x in rows] + [
                    {"kind": "事故", "id": x.id, "text": f"{x.number} {x.grade}事故 {x.occurred}"} for x in mine]
                ok = not rows and not mine
                if ok:
                    reason = f"{cn(start)}以来无较大及以上质量安全事故，无移送司法的案件。"
                else:
                    parts = ([f"移送司法案件 {len(rows)} 件（{rows[0].number}）"] if rows else []) + (
                        [f"{mine[0].grade}质量安全事故（{mine[0].number}）"] if mine else [])
                    reason = f"{cn(start)}以来有" + "、".join(parts) + "。"
                results[i].append(_r(rule, label, ok, reason, recs))
        elif kind == "not_blacklisted":
            label = "未列入严重违法失信名单"
            listed = defaultdict(list)
            qs = BlacklistEntry.objects.filter(listed__lte=on).filter(Q(removed__isnull=True) | Q(removed__gt=on))
            for entry in _in(qs.only("id", "entity_id", "listed", "reason"), "entity_id", entity_ids):
                listed[entry.entity_id].append(entry)
            for i, c in enumerate(candidates):
                rows = listed.get(c.entity_id, [])
                recs = [{"kind": "失信名单", "id": x.id, "text": f"{x.listed} 列入：{x.reason}"} for x in rows]
                reason = (f"已于{cn(rows[0].listed)}列入严重违法失信名单（{rows[0].reason}），尚未移出。"
                          if rows else "不在严重违法失信名单内。")
                results[i].append(_r(rule, label, not rows, reason, recs))
        elif kind == "min_score":
            label = f"评审得分不低于 {rule.get('score')} 分"
            for i in range(len(candidates)):
                results[i].append(_r(rule, label, None, "待专家评审后核验（决定能否进入现场评审）。", []))
    del kinds
    return results


def _r(rule, label, passed, reason, records) -> dict:
    return {"type": rule["type"], "label": label, "passed": passed, "reason": reason, "records": records}


def evaluate_one(program, entity_id: int, trademark_id: int | None, product_name: str, on: dt.date) -> list[dict]:
    return evaluate(program, [Candidate(entity_id, trademark_id, product_name)], on)[0]
