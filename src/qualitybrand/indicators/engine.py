"""The indicator engine (indicators.md): every indicator, any period, every region at once.

Each family is one or two grouped queries over the whole tree (GROUP BY region with conditional
aggregates). Counts and sums are pooled up the region tree in Python (a record belongs to
exactly one region, so sums of the leaves' numerators and denominators are exact; distinct
entities are additive because an entity has one region); ratios come from the pooled counts,
null when the denominator is 0. No query per region. Results are cached under the data version.
"""

from __future__ import annotations

import contextvars
import os
from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q, Sum

from qualitybrand.indicators import cache as shared_cache
from qualitybrand.indicators import catalog, families_followup
from qualitybrand.indicators.batch import current as _batch
from qualitybrand.indicators.batch import family_values
from qualitybrand.indicators.families_complaints import HIDDEN_METRICS as COMPLAINT_METRICS
from qualitybrand.indicators.families_complaints import RATIOS as COMPLAINT_RATIOS
from qualitybrand.indicators.families_complaints import fam_complaint
from qualitybrand.indicators.periods import Period
from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS

APPROVED = "审核通过"


class UnknownIndicator(KeyError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"未知的指标代码：{self.code}。"


# --- the region tree ---------------------------------------------------------------------

class Tree:
    """The regions (or one subtree of them) with parents, ordered deepest first for pooling."""

    def __init__(self, regions=None):
        from qualitybrand.core.models import Region

        rows = shared_cache.memoised("region_rows", lambda: list(
            Region.objects.values_list("id", "code", "parent_id", "depth", "path")))
        if regions is not None:
            paths = sorted({r.path for r in regions})
            roots = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
            rows = [row for row in rows if any(row[4].startswith(p) for p in roots)]
            self.restricted = True
            self.key = tuple(roots)  # two trees with the same roots hold the same regions
        else:
            self.restricted = False
            self.key = None
        self.ids = {row[0] for row in rows}
        self.code = {row[0]: row[1] for row in rows}
        self.parent = {row[0]: (row[2] if row[2] in self.ids else None) for row in rows}
        self.children: dict[int, list[int]] = defaultdict(list)
        for rid, parent in self.parent.items():
            if parent is not None:
                self.children[parent].append(rid)
        # Filtering the queries to the subtree is only an optimisation (pooling ignores other regions);
        # skip it for big subtrees so no query carries thousands of parameters.
        self.narrow = self.restricted and len(self.ids) <= 500
        self.bottom_up = [row[0] for row in sorted(rows, key=lambda r: (-r[3], r[4]))]

    def pool(self, own: dict) -> dict:
        """Each region's own value plus everything below it."""
        total = {rid: own.get(rid, 0) for rid in self.ids}
        for rid in self.bottom_up:
            parent = self.parent[rid]
            if parent is not None:
                total[parent] += total[rid]
        return total

    def sum_up(self, own: dict) -> dict:
        """Reported `sum` aggregation: own value, else the children's sum when all children have one."""
        out: dict[int, object] = {}
        for rid in self.bottom_up:
            if rid in own:
                out[rid] = own[rid]
                continue
            kids = self.children.get(rid)
            if kids and all(out.get(k) is not None for k in kids):
                out[rid] = sum((out[k] for k in kids), Decimal(0))
            else:
                out[rid] = None
        return out


# --- families: grouped queries -----------------------------------------------------------

def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _grouped(qs, tree: Tree, group: list[str], **aggregates) -> list[dict]:
    if tree.narrow:
        qs = qs.filter(region_id__in=tree.ids)
    batch = _batch.get()
    if batch is not None:  # one statement for several periods (`_batched`)
        return batch.grouped(qs, group, aggregates)
    return list(qs.order_by().values(*group).annotate(**aggregates))


def entity_exists_q(day, prefix: str = "") -> Q:
    return ((Q(**{f"{prefix}established__isnull": True}) | Q(**{f"{prefix}established__lte": day}))
            & (Q(**{f"{prefix}deregistered__isnull": True}) | Q(**{f"{prefix}deregistered__gt": day})))


def tm_valid_q(day) -> Q:
    return (Q(registered__lte=day) & (Q(expires__isnull=True) | Q(expires__gte=day))
            & (Q(cancelled__isnull=True) | Q(cancelled__gt=day)))


def _collect(rows, mapping: dict[str, str], key=lambda row: "") -> dict[str, dict]:
    out: dict[str, dict] = defaultdict(dict)
    for row in rows:
        suffix = key(row)
        for code, field in mapping.items():
            value = row[field]
            if value is None:
                value = 0
            target = out[code.format(suffix)]
            target[row["region_id"]] = target.get(row["region_id"], 0) + value
    return out


def fam_entity(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Entity

    d = period.end
    exists = entity_exists_q(d)
    rows = _grouped(Entity.objects.all(), tree, ["region_id"],
                    count=Count("id", filter=exists), enterprises=Count("id", filter=exists & Q(kind="企业")),
                    new=Count("id", filter=_in("established", period)))
    return _collect(rows, {"entity.count": "count", "entity.enterprises": "enterprises", "entity.new": "new"})


def fam_tm(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Trademark

    d = period.end
    valid = tm_valid_q(d)
    rows = _grouped(
        Trademark.objects.all(), tree, ["region_id"],
        applications=Count("id", filter=_in("applied", period)),
        registrations=Count("id", filter=_in("registered", period)),
        valid=Count("id", filter=valid),
        gi=Count("id", filter=valid & Q(is_gi=True)),
        gi_new=Count("id", filter=Q(is_gi=True) & _in("registered", period)),
        madrid=Count("id", filter=valid & ~Q(madrid_number="") & Q(madrid_number__isnull=False)
                     & Q(madrid_date__lte=d)),
        madrid_new=Count("id", filter=_in("madrid_date", period)),
    )
    return _collect(rows, {"tm.applications": "applications", "tm.registrations": "registrations",
                           "tm.valid": "valid", "tm.gi": "gi", "tm.gi.new": "gi_new", "tm.madrid": "madrid",
                           "tm.madrid.new": "madrid_new"})


def fam_tm_owner(period: Period, tree: Tree) -> dict[str, dict]:
    """Enterprises existing on D holding at least one trademark valid on D, by the enterprise's region.

    The distinct holders of valid trademarks first (one pass over trademarks), then their entities by
    primary key: much cheaper than a join with COUNT(DISTINCT) or an EXISTS probe per enterprise."""
    from django.db import connection

    from qualitybrand.registry.models import Entity, Trademark

    if not tree.ids:  # no regions at all (a fresh database): PostgreSQL refuses an empty IN ()
        return {"tm.owner_holders": {}}
    d = period.end.isoformat()
    tm, ent = Trademark._meta.db_table, Entity._meta.db_table
    sql = (f"SELECT h.region_id, COUNT(*) FROM (SELECT DISTINCT t.holder_id FROM {tm} t "
           f"WHERE t.registered <= %s AND (t.expires IS NULL OR t.expires >= %s) "
           f"AND (t.cancelled IS NULL OR t.cancelled > %s)) x JOIN {ent} h ON h.id = x.holder_id "
           f"WHERE h.kind = %s AND (h.established IS NULL OR h.established <= %s) "
           f"AND (h.deregistered IS NULL OR h.deregistered > %s)")
    params: list = [d, d, d, "企业", d, d]
    if tree.narrow:
        sql += f" AND h.region_id IN ({', '.join(['%s'] * len(tree.ids))})"
        params += sorted(tree.ids)
    sql += " GROUP BY h.region_id"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {"tm.owner_holders": {region_id: n for region_id, n in cursor.fetchall()}}


def fam_rec(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Recognition

    d = period.end
    codes = {p.id: p.code for p in catalog.programs_by_id()}
    rows = _grouped(Recognition.objects.filter(year__lte=d.year), tree, ["region_id", "program_id"],
                    valid=Count("id", filter=Q(valid_until__isnull=True) | Q(valid_until__gte=d)),
                    new=Count("id", filter=Q(year=period.end.year)))
    out = _collect(rows, {"rec.valid.{}": "valid", "rec.new.{}": "new"}, key=lambda r: codes[r["program_id"]])
    for code in codes.values():
        out.setdefault(f"rec.valid.{code}", {})
        out.setdefault(f"rec.new.{code}", {})
    return out


def fam_patent(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Patent

    d = period.end
    filed = _in("filed", period)
    rows = _grouped(
        Patent.objects.all(), tree, ["region_id"],
        applications=Count("id", filter=filed),
        inv_applications=Count("id", filter=filed & Q(patent_type="发明")),
        service=Count("id", filter=filed & Q(is_service=True)),
        grants=Count("id", filter=_in("granted", period)),
        inv_valid=Count("id", filter=Q(patent_type="发明", granted__lte=d, legal_status="有效")),
    )
    return _collect(rows, {"patent.applications": "applications",
                           "patent.invention_applications": "inv_applications",
                           "patent.service_applications": "service", "patent.grants": "grants",
                           "patent.invention_valid": "inv_valid"})


def fam_cert(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Certification

    d = period.end
    slugs = {label: slug for slug, label in CERT_TYPE_SLUGS.items()}
    rows = _grouped(Certification.objects.filter(issued__lte=d, expires__gte=d), tree, ["region_id", "cert_type"],
                    n=Count("id"))
    out = _collect(rows, {"cert.valid": "n"})
    out.update(_collect([r for r in rows if r["cert_type"] in slugs], {"cert.valid.{}": "n"},
                        key=lambda r: slugs[r["cert_type"]]))
    return out


def fam_std(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Standard

    slugs = {label: slug for slug, label in STANDARD_LEVEL_SLUGS.items()}
    rows = _grouped(Standard.objects.filter(_in("published", period)), tree, ["region_id", "level"],
                    n=Count("id"), adopted=Count("id", filter=Q(work_type="采用国际标准")))
    out = _collect(rows, {"std.published": "n", "std.adopted_intl": "adopted"})
    out.update(_collect([r for r in rows if r["level"] in slugs], {"std.published.{}": "n"},
                        key=lambda r: slugs[r["level"]]))
    return out


def fam_insp(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.supervision.models import Inspection

    slugs = {label: slug for slug, label in INSPECTION_LEVEL_SLUGS.items()}
    qs = Inspection.objects.filter(_in("sampled", period))
    rows = _grouped(qs, tree, ["region_id", "level"], n=Count("id"), passed=Count("id", filter=Q(conclusion="合格")))
    out = _collect(rows, {"insp.batches": "n", "insp.passed": "passed"})
    out.update(_collect([r for r in rows if r["level"] in slugs], {"insp.{}.batches": "n", "insp.{}.passed": "passed"},
                        key=lambda r: slugs[r["level"]]))
    failed = _grouped(qs.filter(conclusion="不合格"), tree, ["region_id"], n=Count("entity_id", distinct=True))
    out.update(_collect(failed, {"insp.failed_entities": "n"}))
    return out


def fam_incident(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.supervision.models import Incident

    rows = _grouped(Incident.objects.filter(_in("occurred", period)), tree, ["region_id"],
                    n=Count("id"), serious=Count("id", filter=Q(grade__in=["较大", "重大", "特别重大"])),
                    major=Count("id", filter=Q(grade__in=["重大", "特别重大"])))
    return _collect(rows, {"incident.count": "n", "incident.serious": "serious", "incident.major": "major"})


def fam_case(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.supervision.models import Case

    opened, closed = _in("opened", period), _in("closed", period)
    rows = _grouped(
        Case.objects.filter(opened | closed), tree, ["region_id"],
        n_opened=Count("id", filter=opened), n_closed=Count("id", filter=closed),
        goods=Sum("goods_value", filter=opened), n_fines=Sum("fines", filter=closed),
        transferred=Count("id", filter=opened & Q(transferred=True)),
        tm=Count("id", filter=opened & Q(case_type="商标侵权")),
    )
    return _collect(rows, {"case.opened": "n_opened", "case.closed": "n_closed", "case.goods_value": "goods",
                           "case.fines": "n_fines", "case.transferred": "transferred", "case.tm_infringement": "tm"})


def fam_pledge(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Pledge

    d = period.end
    new = _in("registered", period)
    outstanding = Q(registered__lte=d, expires__gt=d)
    rows = _grouped(Pledge.objects.filter(new | outstanding), tree, ["region_id"],
                    n=Count("id", filter=new), s_amount=Sum("amount", filter=new),
                    s_outstanding=Sum("amount", filter=outstanding))
    return _collect(rows, {"pledge.count": "n", "pledge.amount": "s_amount", "pledge.outstanding": "s_outstanding"})


def fam_service(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Service

    rows = _grouped(Service.objects.filter(_in("date", period)), tree, ["region_id"],
                    s_person_times=Sum("person_times"), s_problems=Sum("problems"),
                    entities=Count("entity_id", distinct=True))
    return _collect(rows, {"service.person_times": "s_person_times", "service.problems": "s_problems",
                           "service.entities": "entities"})


def fam_publicity(period: Period, tree: Tree) -> dict[str, dict]:
    from qualitybrand.registry.models import Publicity

    rows = _grouped(Publicity.objects.filter(_in("date", period)), tree, ["region_id"], n=Count("id"))
    return _collect(rows, {"publicity.count": "n"})


def fam_credit(period: Period, tree: Tree) -> dict[str, dict]:
    """credit.grade.{a,b,c,d}: entities existing on D by their built-in rating grade (credit.md), from
    the rating's aggregate path (a COUNT per region plus the entities whose records moved their score)."""
    from qualitybrand.credit.rating import grade_counts

    out: dict[str, dict] = {f"credit.grade.{g.lower()}": {} for g in "ABCD"}
    for region_id, counts in grade_counts(period.end).items():
        for grade, n in counts.items():
            if n:
                out[f"credit.grade.{grade.lower()}"][region_id] = n
    return out


FAMILIES = {
    "entity": fam_entity, "tm": fam_tm, "tm_owner": fam_tm_owner, "rec": fam_rec, "patent": fam_patent,
    "cert": fam_cert, "std": fam_std, "insp": fam_insp, "incident": fam_incident, "case": fam_case,
    "pledge": fam_pledge, "service": fam_service, "publicity": fam_publicity, "credit": fam_credit,
    "complaint": fam_complaint,
    "followup": families_followup.fam_followup,
}

# Ratio indicators: (numerator, denominator, factor) over pooled counts.
RATIOS = {
    "tm.per100": ("tm.valid", "entity.count", 100),
    "tm.per10k": ("tm.valid", "entity.count", 10000),
    "tm.owner_rate": ("tm.owner_holders", "entity.enterprises", 100),
    "patent.invention_share": ("patent.invention_applications", "patent.applications", 100),
    "patent.service_share": ("patent.service_applications", "patent.applications", 100),
    "insp.pass_rate": ("insp.passed", "insp.batches", 100),
    "patent.invention_per10k_pop": ("patent.invention_valid", "pop.resident", 1),
    **families_followup.RATIOS,
}
for _slug in INSPECTION_LEVEL_SLUGS:
    RATIOS[f"insp.{_slug}.pass_rate"] = (f"insp.{_slug}.passed", f"insp.{_slug}.batches", 100)
RATIOS.update(COMPLAINT_RATIOS)

# Which family computes which pooled metric.
FAMILY_OF_METRIC = {"tm.owner_holders": "tm_owner", "patent.service_applications": "patent",
                    **families_followup.METRICS}
FAMILY_OF_METRIC.update({metric: "complaint" for metric in COMPLAINT_METRICS})


def _metric_family(code: str, specs: dict) -> str | None:
    if code in FAMILY_OF_METRIC:
        return FAMILY_OF_METRIC[code]
    if code.startswith(("rec.valid.", "rec.new.")):
        return "rec"
    if code.startswith("insp.") and code.endswith(".passed"):
        return "insp"
    spec = specs.get(code)
    return spec.family if spec is not None and spec.family in FAMILIES else None


# --- compute -----------------------------------------------------------------------------

def _plain(value):
    """JSON-friendly numbers: integers stay integers, decimals become floats."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _ratio(num, den, factor):
    if num is None or den is None or den == 0:
        return None
    if isinstance(num, int) and isinstance(den, int):
        return num * factor / den
    return float(Decimal(num) * factor / Decimal(den))


class _Run:
    def __init__(self, period: Period, tree: Tree, specs: dict):
        self.period, self.tree, self.specs = period, tree, specs
        self.pooled: dict[str, dict] = {}
        self.done_families: set[str] = set()
        self.reported: dict[str, dict] = {}
        self.values: dict[str, dict] = {}

    def metric(self, code: str) -> dict:
        if code in self.pooled:
            return self.pooled[code]
        family = _metric_family(code, self.specs)
        if family is None:
            raise UnknownIndicator(code)
        if family not in self.done_families:
            self.done_families.add(family)
            for metric, own in family_values(family, self.period, self.tree).items():
                self.pooled[metric] = self.tree.pool(own)
        if code not in self.pooled:
            self.pooled[code] = self.tree.pool({})
        return self.pooled[code]

    def families_for(self, codes: list[str]) -> set[str]:
        """The ledger families the codes need (through ratios, shares and formulas)."""
        out: set[str] = set()
        seen: set[str] = set()
        stack = list(codes)
        while stack:
            code = stack.pop()
            if code in seen:
                continue
            seen.add(code)
            spec = self.specs.get(code)
            if spec is not None and spec.source == "reported":
                continue
            if spec is not None and spec.source == "formula":
                stack.extend(spec.components)
            elif code.startswith("rec.share."):
                out.add("rec")
            elif code in RATIOS:
                stack.extend(RATIOS[code][:2])
            else:
                family = _metric_family(code, self.specs)
                if family is not None:
                    out.add(family)
        return out

    def prefetch(self, codes: list[str], parallel: bool) -> None:
        """Run the needed families' queries, side by side on their own connections when allowed."""
        families = [f for f in FAMILIES if f in self.families_for(codes) and f not in self.done_families]
        if not parallel or len(families) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        def work(context, family):
            from django.db import connection as thread_connection

            try:  # in a copy of the caller's context: the request scope's memo is shared
                return family, context.run(family_values, family, self.period, self.tree)
            finally:
                thread_connection.close()

        # Heaviest first (the entity and trademark scans), the rest fill in behind.
        order = sorted(families, key=lambda f: HEAVY.get(f, 9))
        contexts = [contextvars.copy_context() for _ in order]
        workers = max(2, min(4, os.cpu_count() or 2))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for family, metrics in pool.map(work, contexts, order):
                self.done_families.add(family)
                for metric, own in metrics.items():
                    self.pooled[metric] = self.tree.pool(own)

    def load_reported(self, codes: list[str]) -> None:
        from qualitybrand.indicators.models import IndicatorValue

        wanted = [c for c in codes if c not in self.reported]
        if not wanted:
            return
        qs = IndicatorValue.objects.filter(status=APPROVED, year=self.period.end.year, code__in=wanted)
        if self.tree.narrow:
            qs = qs.filter(region_id__in=self.tree.ids)
        own: dict[str, dict] = {c: {} for c in wanted}
        for code, region_id, value in qs.values_list("code", "region_id", "value"):
            own[code][region_id] = value
        for code in wanted:
            if self.specs[code].aggregation == "sum":
                self.reported[code] = self.tree.sum_up(own[code])
            else:
                self.reported[code] = {rid: own[code].get(rid) for rid in self.tree.ids}

    def value(self, code: str, stack: tuple = ()) -> dict:
        if code in self.values:
            return self.values[code]
        spec = self.specs.get(code)
        if spec is None:
            raise UnknownIndicator(code)
        if spec is not None and spec.source == "reported":
            self.load_reported([code])
            result = {rid: _plain(v) for rid, v in self.reported[code].items()}
        elif spec is not None and spec.source == "formula":
            result = self._formula(spec, stack)
        elif code.startswith("rec.share."):
            program = code[len("rec.share."):]
            num = self.metric(f"rec.valid.{program}")
            den = self.value(f"prov.total.{program}")
            result = {rid: _ratio(num[rid], den[rid], 100) for rid in self.tree.ids}
        elif code in RATIOS:
            n, d, factor = RATIOS[code]
            num = self.value(n) if n in self.specs and self.specs[n].source == "reported" else self.metric(n)
            den_spec = self.specs.get(d)
            den = self.value(d) if den_spec is not None and den_spec.source == "reported" else self.metric(d)
            result = {rid: _ratio(num[rid], den[rid], factor) for rid in self.tree.ids}
        else:
            pooled = self.metric(code)
            result = {rid: _plain(v) for rid, v in pooled.items()}
        self.values[code] = result
        return result

    def _formula(self, spec, stack: tuple) -> dict:
        from qualitybrand.indicators.formula import evaluate, parse

        if spec.code in stack:
            return {rid: None for rid in self.tree.ids}  # refused at load; never loop here
        tree = parse(spec.formula)
        parts = {}
        for component in spec.components:
            try:
                parts[component] = self.value(component, stack + (spec.code,))
            except UnknownIndicator:  # a component that no longer exists (e.g. a removed program): null
                parts[component] = {}
        if any(not values for values in parts.values()):
            return {rid: None for rid in self.tree.ids}
        out = {}
        for rid in self.tree.ids:
            result = evaluate(tree, {c: parts[c].get(rid) for c in parts})
            out[rid] = _plain(result)
        return out


def compute(codes: list[str] | None, period: Period, regions=None) -> dict[tuple[str, str], object]:
    """{(code, region_code): value} for the codes (None = whole catalog) and regions (None = all)."""
    region_ids = None if regions is None else sorted(r.pk for r in regions)
    key = ("qb-ind", shared_cache.data_version(), tuple(codes) if codes is not None else None, period.start.isoformat(),
           period.end.isoformat(), tuple(region_ids) if region_ids is not None else None)
    cache_key = "qbind:" + _digest(key)
    # Inside a transaction the data version may still roll back: never cache (nor trust) there.
    use_cache = not connection.in_atomic_block
    cached = cache.get(cache_key) if use_cache else None
    if cached is not None:
        return dict(cached)
    specs = catalog.specs_by_code()
    wanted = list(specs) if codes is None else [c.strip() for c in codes]
    for code in wanted:
        if code not in specs:
            raise UnknownIndicator(code)
    tree = Tree(regions)
    run = _Run(period, tree, specs)
    run.load_reported(_reported_needed(wanted, specs))
    run.prefetch(wanted, parallel=use_cache and _parallel_allowed())
    targets = [tree.code[rid] for rid in tree.ids] if regions is None else [r.code for r in regions]
    by_code = {tree.code[rid]: rid for rid in tree.ids}
    result: dict[tuple[str, str], object] = {}
    for code in wanted:
        values = run.value(code)
        for region_code in targets:
            result[(code, region_code)] = values.get(by_code.get(region_code))
    if use_cache:
        cache.set(cache_key, result, 600)
    return result


def _reported_needed(codes: list[str], specs: dict) -> list[str]:
    """The reported codes the codes read, directly or as a ratio's or share's part: one query for all."""
    out = []
    for code in codes:
        parts = [code]
        if code.startswith("rec.share."):
            parts.append("prov.total." + code[len("rec.share."):])
        elif code in RATIOS:
            parts.extend(RATIOS[code][:2])
        out.extend(p for p in parts if p in specs and specs[p].source == "reported" and p not in out)
    return out


HEAVY = {"entity": 0, "credit": 0, "tm_owner": 1, "tm": 2, "patent": 3, "insp": 4, "cert": 5, "service": 6,
         "case": 7}


def _parallel_allowed() -> bool:
    """Family queries run on separate connections only outside transactions (they must see the same
    committed data) and never on an in-memory SQLite database (other connections would not see it)."""
    from django.conf import settings

    if getattr(settings, "QB_INDICATOR_THREADS", True) is False:
        return False
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and (not name or ":memory:" in name or "mode=memory" in name):
        return False
    return True


def _digest(key) -> str:
    import hashlib

    return hashlib.sha1(repr(key).encode()).hexdigest()
