"""Reasons of a rating: one line per record that moved the score, with its points, plus the blacklist
entry (credit.md). Fetched only for the entities asked for: a few queries for any number of them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q

from qualitybrand.credit.rating import Reason, listed_q, window_start
from qualitybrand.credit.schemes import Scheme

# Past this many entities an IN (...) list is longer than the whole window's records are worth:
# read the window's records and keep those of the entities asked for.
ID_FILTER_LIMIT = 500


def _by_entity(qs, field: str, ids: dict):
    if len(ids) <= ID_FILTER_LIMIT:
        qs = qs.filter(**{f"{field}__in": list(ids)})
    return qs


def _recognition_object(kind: str, trademark_number: str | None, uscc: str, product: str) -> str:
    """The object of ledgers.md / warnings.md: the mark's number, USCC/产品名称, or the USCC."""
    if kind == "商标" and trademark_number:
        return trademark_number
    if kind == "产品":
        return f"{uscc}/{product}"
    return uscc


def reasons_for(as_of: dt.date, scheme: Scheme, usccs: dict[int, str]) -> dict[int, list[Reason]]:
    """{entity_id: [Reason, ...]} for the entities of `usccs` ({entity_id: uscc})."""
    from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection

    if not usccs:
        return {}
    start = window_start(as_of, scheme.window_years)
    found: dict[int, list[tuple]] = defaultdict(list)  # (kind order, date, record, Reason)

    rows = _by_entity(Inspection.objects.filter(conclusion="不合格", sampled__gt=start, sampled__lte=as_of),
                      "entity_id", usccs).values_list("entity_id", "number", "level", "sampled")
    for eid, number, level, sampled in rows.order_by("sampled", "number"):
        if eid in usccs:
            points = scheme.inspection_penalty.get(level, 0)
            if points:
                found[eid].append((0, sampled, Reason(-points, f"inspections:{number}",
                                  f"{level}级监督抽查不合格（抽检编号 {number}，抽样日期 {sampled}），扣 {points} 分")))

    rows = _by_entity(Case.objects.filter(opened__gt=start, opened__lte=as_of, party__isnull=False),
                      "party_id", usccs).values_list("party_id", "number", "transferred", "opened")
    for eid, number, transferred, opened in rows.order_by("opened", "number"):
        if eid in usccs:
            points = scheme.case_transferred if transferred else scheme.case_other
            if points:
                kind = "移送司法的执法案件" if transferred else "执法案件"
                found[eid].append((1, opened, Reason(-points, f"cases:{number}",
                                  f"{kind} {number}（立案日期 {opened}），扣 {points} 分")))

    _bonuses(as_of, scheme, usccs, found)

    rows = _by_entity(BlacklistEntry.objects.filter(listed_q(as_of)), "entity_id", usccs).values_list(
        "entity_id", "listed", "reason")
    for eid, listed, reason in rows.order_by("listed"):
        if eid in usccs:
            found[eid].append((4, listed, Reason(
                None, f"blacklist:{usccs[eid]}|{listed.isoformat()}",
                f"列入严重违法失信名单（列入日期 {listed}，事由：{reason}），信用等级为 {scheme.listed_grade}")))
    return {eid: [item[2] for item in sorted(items, key=lambda i: (i[0], i[1], i[2].record))]
            for eid, items in found.items()}


def _bonuses(as_of, scheme: Scheme, usccs: dict[int, str], found) -> None:
    """Valid recognitions and certifications in a fixed order, each worth `each` until the cap is used up;
    the ones past the cap moved nothing and get no line."""
    from qualitybrand.registry.models import Certification, Recognition

    if scheme.recognition_each and scheme.recognition_cap:
        valid = Q(year__lte=as_of.year) & (Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))
        by_mark = Q(program__object_kind="商标", trademark__isnull=False)
        recs = []
        for owner_field, split in (("trademark__holder_id", by_mark), ("entity_id", ~by_mark)):
            qs = _by_entity(Recognition.objects.filter(valid, split), owner_field, usccs)
            recs += list(qs.values_list(owner_field, "year", "program__code", "program__name", "program__object_kind",
                                        "trademark__number", "entity__uscc", "product_name", "valid_until"))
        left: dict[int, int] = {}
        for eid, year, code, name, kind, number, uscc, product, until in sorted(
                recs, key=lambda r: (r[0], -r[1], r[2], r[5] or "", r[7])):
            if eid not in usccs:
                continue
            points = min(scheme.recognition_each, left.setdefault(eid, scheme.recognition_cap))
            if points <= 0:
                continue
            left[eid] -= points
            key = f"{code}|{_recognition_object(kind, number, uscc, product)}|{year}"
            subject = f"，{product}" if product else ""
            found[eid].append((2, dt.date(year, 1, 1), Reason(points, f"recognitions:{key}",
                              f"荣誉认定：{name}（{year} 年度{subject}，有效期至 {until or '长期'}），加 {points} 分")))

    if scheme.certification_each and scheme.certification_cap:
        rows = _by_entity(Certification.objects.filter(issued__lte=as_of, expires__gte=as_of), "entity_id", usccs)
        left = {}
        for eid, number, cert_type, issued, expires in rows.values_list(
                "entity_id", "number", "cert_type", "issued", "expires").order_by("-issued", "number"):
            if eid not in usccs:
                continue
            points = min(scheme.certification_each, left.setdefault(eid, scheme.certification_cap))
            if points <= 0:
                continue
            left[eid] -= points
            found[eid].append((3, issued, Reason(points, f"certifications:{number}",
                              f"有效认证证书 {number}（{cert_type}，有效期至 {expires}），加 {points} 分")))
