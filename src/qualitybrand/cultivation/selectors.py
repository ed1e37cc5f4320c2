"""Reads shared by the pages, the API and the documents (all scoped through `for_user`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from qualitybrand.core import clock
from qualitybrand.core.filtering import find_region
from qualitybrand.core.models import Region
from qualitybrand.core.roles import Role
from qualitybrand.registry.models import (
    Certification,
    Entity,
    Patent,
    Program,
    Recognition,
    Service,
    Standard,
    Trademark,
)
from qualitybrand.supervision.models import Inspection

from . import rules, scoring
from .models import Application, Assignment, Call, Notification, PipelineTarget, RewardPayment, State


def calls_for(user):
    return Call.objects.for_user(user).select_related("region").prefetch_related("programs")


def open_calls_for(user, today: dt.date | None = None):
    today = today or clock.today()
    return calls_for(user).filter(opening__lte=today, closing__gte=today)


def applications_for(user, params=None):
    qs = Application.objects.for_user(user).select_related("program", "entity", "trademark", "call", "region")
    params = params or {}
    if params.get("state"):
        qs = qs.filter(state=params["state"])
    if params.get("program"):
        qs = qs.filter(program__code=params["program"])
    if params.get("call"):
        qs = qs.filter(call_id=params["call"]) if str(params["call"]).isdecimal() else qs.none()
    if params.get("year"):
        qs = qs.filter(year=params["year"]) if str(params["year"]).isdecimal() else qs.none()
    if params.get("region"):
        root = find_region(params["region"])
        qs = qs.filter(region__path__startswith=root.path) if root else qs.none()
    if params.get("entity"):
        qs = qs.filter(entity__uscc=params["entity"])
    if params.get("q"):
        qs = qs.filter(Q(entity__name__icontains=params["q"]) | Q(entity__uscc=params["q"]))
    return qs.order_by("-id")


def state_counts(qs) -> dict[str, int]:
    return dict(qs.order_by().values_list("state").annotate(n=Count("id")))


def timeline(app: Application):
    return list(app.transitions.select_related("user").order_by("time", "id"))


def visible_assignments(user, app: Application) -> list[Assignment]:
    """Blind scoring: the city sees every expert's scores; an expert only its own until it has submitted."""
    qs = Assignment.objects.filter(application=app).select_related("expert")
    if getattr(user, "role", "") == Role.EXPERT and not user.is_superuser:
        mine = qs.filter(expert__user=user).first()
        if mine is None or mine.submitted_at is None:
            return [mine] if mine else []
        return list(qs.filter(submitted_at__isnull=False))
    if user.is_superuser or getattr(user, "role", "") in (Role.CITY_ADMIN, Role.LEADER):
        return list(qs)
    return []


def scheme_rows(scheme_code: str, scores: dict | None = None) -> list[dict]:
    scheme = scoring.load_scheme(scheme_code)
    scores = scores or {}
    return [item | {"pct": scores.get(item["code"]),
                    "score": (Decimal(item["points"]) * Decimal(scores[item["code"]]) / 100)
                    if scores.get(item["code"]) is not None else None}
            for item in scheme["items"]]


def unread_count(user) -> int:
    return Notification.objects.for_user(user).filter(read_at__isnull=True).count()


def overview(user, year: int, fallback: bool = False) -> dict:
    """培育概览: the user's applications by program (rows) and state (columns, in workflow order) for
    one 认定年度, in two grouped queries. Only states that occur are columns. `fallback`: a year without
    applications gives way to the latest year that has some."""
    qs = Application.objects.for_user(user)
    years = sorted({y for y in qs.order_by().values_list("year", flat=True).distinct()}, reverse=True)
    if fallback and year not in years:
        year = years[0] if years else year
    grouped = (qs.filter(year=year).order_by().values_list("program__code", "program__name", "state")
               .annotate(n=Count("id")))
    cells: dict[tuple[str, str], int] = {}
    names: dict[str, str] = {}
    for code, name, state, n in grouped:
        cells[(code, state)] = n
        names[code] = name
    states = [value for value, _ in State.choices if any(s == value for _, s in cells)]
    rows = [{"code": code, "name": names[code], "counts": [(s, cells.get((code, s), 0)) for s in states],
             "total": sum(n for (c, _), n in cells.items() if c == code)} for code in sorted(names)]
    totals = [(s, sum(cells.get((code, s), 0) for code in names)) for s in states]
    return {"year": year, "years": years, "states": states, "rows": rows, "totals": totals,
            "total": sum(n for _, n in totals)}


def to_score_count(user) -> int:
    """Applications in 资料评审 assigned to this expert and not yet submitted (its 待办)."""
    if getattr(user, "role", "") != Role.EXPERT:
        return 0
    return Assignment.objects.for_user(user).filter(expert__user=user, submitted_at__isnull=True,
                                                    application__state=State.DOC_REVIEW).count()


def reward_payments_for(user, params=None):
    qs = RewardPayment.objects.for_user(user).select_related("entity", "program", "region", "trademark",
                                                                         "recognition__trademark")
    params = params or {}
    if params.get("year") and str(params["year"]).isdecimal():
        qs = qs.filter(year=params["year"])
    if params.get("status"):
        qs = qs.filter(status=params["status"])
    if params.get("region"):
        root = find_region(params["region"])
        qs = qs.filter(region__path__startswith=root.path) if root else qs.none()
    return qs.order_by("-year", "region__code", "id")


def restriction_notes(app, on: dt.date) -> list[str]:
    """The joint-restriction reasons that bear on this application's next steps (shown on its page)."""
    from qualitybrand.credit import restrictions

    if app.state in (State.RECOGNISED, State.REJECTED, State.NOT_RECOGNISED):
        return []
    places = ["application.submit", "application.recommend", "recognition.grant"]
    found = restrictions.restricted(places, on, [app.entity_id]).get(app.entity_id, [])
    return [r.reason for r in found if r.effect == restrictions.REFUSE]


def reward_holds(payments) -> dict[int, str]:
    """Payment id -> the reason a `reward.pay` rule would hold it if paid today, for the unpaid payments
    shown (one set-based restriction check, credit.restrictions.restricted)."""
    from qualitybrand.credit import restrictions

    unpaid = [p for p in payments if p.status != RewardPayment.Status.PAID]
    if not unpaid:
        return {}
    found = restrictions.restricted("reward.pay", clock.today(), {p.entity_id for p in unpaid})
    reasons = {i: "；".join(r.reason for r in rs if r.effect in (restrictions.HOLD, restrictions.REFUSE))
               for i, rs in found.items()}
    return {p.pk: reasons[p.entity_id] for p in unpaid if reasons.get(p.entity_id)}


def reward_totals(user, params=None) -> list[dict]:
    """Totals by year and region (万元, count), for the page, the API and the reports."""
    rows = (reward_payments_for(user, params).order_by().values("year", "region__code", "region__name")
            .annotate(total=Sum("amount"), n=Count("id"),
                      paid=Sum("amount", filter=Q(status=RewardPayment.Status.PAID))))
    return [{"year": r["year"], "region_code": r["region__code"], "region_name": r["region__name"],
             "amount": r["total"] or Decimal(0), "count": r["n"], "paid": r["paid"] or Decimal(0)}
            for r in sorted(rows, key=lambda r: (-r["year"], r["region__code"]))]


def reward_totals_by_program(user, params=None) -> list[dict]:
    rows = (reward_payments_for(user, params).order_by().values("year", "program__name", "event")
            .annotate(total=Sum("amount"), n=Count("id")))
    return sorted(({"year": r["year"], "item": r["program__name"] or r["event"], "amount": r["total"],
                    "count": r["n"]} for r in rows), key=lambda r: (-r["year"], -r["amount"]))


# --- the pipeline ------------------------------------------------------------------------------

def _child_of(root: Region, path: str, children: list[Region]) -> Region | None:
    for child in children:
        if path.startswith(child.path):
            return child
    return root if path.startswith(root.path) else None


def _universe(program: Program, root: Region, dates: list[dt.date]) -> list[tuple[rules.Candidate, str]]:
    """Candidates for a program in a region, with their region path: holders of its prerequisite
    (a valid recognition on any of the dates), else every registered mark (商标 programs) or every
    entity holding some valid recognition (企业/产品 programs)."""
    prereq = [r.get("program") for r in program.rules or [] if r.get("type") == "prerequisite"]
    first, last = min(dates), max(dates)
    if prereq:
        recs = (Recognition.objects.filter(program__code__in=prereq, region__path__startswith=root.path,
                                           year__lte=last.year)
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
                .values_list("entity_id", "trademark_id", "product_name", "region__path", "program__object_kind")
                .distinct())
        out = {}
        for entity_id, tm_id, product, path, kind in recs:
            use_tm = program.object_kind == "商标" and kind == "商标" and tm_id
            use_product = program.object_kind == "产品" and kind == "产品" and product
            out[(entity_id, tm_id if use_tm else None, product if use_product else "")] = path
        return [(rules.Candidate(e, t, pr), p) for (e, t, pr), p in out.items()]
    if program.object_kind == "商标":
        tms = (Trademark.objects.filter(region__path__startswith=root.path, registered__isnull=False)
               .filter(Q(cancelled__isnull=True) | Q(cancelled__gt=first)).filter(
                   Q(expires__isnull=True) | Q(expires__gte=first))
               .values_list("holder_id", "id", "region__path"))
        return [(rules.Candidate(h, t), p) for h, t, p in tms]
    ents = (Recognition.objects.filter(region__path__startswith=root.path, year__lte=last.year)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
            .values_list("entity_id", "region__path").distinct())
    return [(rules.Candidate(e), p) for e, p in dict(ents).items()]


def _holding(program: Program, on: dt.date, root: Region):
    return (Recognition.objects.filter(program=program, region__path__startswith=root.path, year__lte=on.year)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on)))


def object_of(program, entity_id, trademark_id, product_name) -> tuple:
    """What a recognition of `program` is held for: the mark, the entity's product, or the entity."""
    if program.object_kind == "商标":
        return ("t", trademark_id)
    if program.object_kind == "产品":
        return ("p", entity_id, (product_name or "").strip())
    return ("e", entity_id)


def held_objects(program, on: dt.date, root: Region) -> set[tuple]:
    return {object_of(program, e, t, p) for e, t, p in _holding(program, on, root).values_list(
        "entity_id", "trademark_id", "product_name")}


def _eligible(program, universe, on, held_keys) -> list[int]:
    """Indexes of universe members eligible on `on` and not already holding the program."""
    cands = [c for c, _ in universe]
    results = rules.evaluate(program, cands, on)
    out = []
    for i, (cand, res) in enumerate(zip(cands, results)):
        if object_of(program, cand.entity_id, cand.trademark_id, cand.product_name) in held_keys:
            continue
        if rules.passes(res):
            out.append(i)
    return out


def _planning_targets(programs, year: int) -> dict[tuple[int, str], int]:
    """Targets of `rec.new.{program}` allocated to regions in the planning app's target sets of that
    year (the latest set wins), when the planning app provides them."""
    from django.apps import apps
    from django.core.exceptions import FieldError

    try:
        allocation = apps.get_model("planning", "TargetAllocation")
    except LookupError:
        return {}
    by_indicator = {f"rec.new.{p.code}": p.id for p in programs}
    try:
        rows = list(allocation.objects.filter(item__indicator__in=list(by_indicator), item__target_set__year=year)
                    .order_by("item__target_set_id").values_list("item__indicator", "region__code", "target"))
    except (FieldError, ValueError):
        return {}
    return {(by_indicator[ind], code): int(target) for ind, code, target in rows}


def targets_for(programs, year: int) -> dict[tuple[int, str], int]:
    """Next year's targets by (program, region code): the planning app's allocations where there are
    any, else the office's own PipelineTarget rows."""
    programs = list(programs)
    own = {(pid, code): target for pid, code, target in PipelineTarget.objects.filter(
        program_id__in=[p.id for p in programs], year=year).values_list("program_id", "region__code", "target")}
    return own | _planning_targets(programs, year)


def pipeline(user, root: Region | None = None, today: dt.date | None = None, programs=None) -> list[dict]:
    """Per program and region: holders now, eligible now, eligible next year, next year's target,
    and `后备不足` where the pool eligible next year is smaller than the target."""
    today = today or clock.today()
    next_day = rules.one_year_later(today)
    if root is None:
        root = user.region if getattr(user, "region_id", None) else Region.objects.order_by("depth").first()
    if root is None:
        return []
    children = list(Region.objects.filter(parent=root).order_by("code")) or [root]
    programs = list(programs if programs is not None else Program.objects.filter(is_open=True).order_by("id"))
    targets = targets_for(programs, next_day.year)
    names = dict(Program.objects.values_list("code", "name"))
    rows = []
    for program in programs:
        universe = _universe(program, root, [today, next_day])
        held_now = _holding(program, today, root)
        held_keys_now = held_objects(program, today, root)
        held_keys_next = held_objects(program, next_day, root)
        holders = Counter()
        for path in held_now.values_list("region__path", flat=True):
            child = _child_of(root, path, children)
            if child:
                holders[child.code] += 1
        now_ok = Counter()
        for i in _eligible(program, universe, today, held_keys_now):
            child = _child_of(root, universe[i][1], children)
            if child:
                now_ok[child.code] += 1
        next_ok = Counter()
        for i in _eligible(program, universe, next_day, held_keys_next):
            child = _child_of(root, universe[i][1], children)
            if child:
                next_ok[child.code] += 1
        prereq = [names.get(r.get("program"), r.get("program")) for r in program.rules or []
                  if r.get("type") == "prerequisite"]
        for child in children:
            target = targets.get((program.id, child.code))
            rows.append({
                "program": program, "region": child, "prerequisite": prereq,
                "holders": holders[child.code], "eligible_now": now_ok[child.code],
                "eligible_next": next_ok[child.code], "target": target,
                "short": target is not None and next_ok[child.code] < target,
            })
    return rows


def pipeline_shortfalls(user, root: Region | None = None, today: dt.date | None = None) -> list[dict]:
    """The (program, region) rows flagged 后备不足, for the dashboard."""
    return [r for r in pipeline(user, root, today) if r["short"]]


def pipeline_totals(rows: list[dict]) -> dict:
    targets = [r["target"] for r in rows if r["target"] is not None]
    return {"holders": sum(r["holders"] for r in rows), "eligible_now": sum(r["eligible_now"] for r in rows),
            "eligible_next": sum(r["eligible_next"] for r in rows), "target": sum(targets) if targets else None}


# --- candidate screening -----------------------------------------------------------------------

DEFAULT_WEIGHTS = {"inspection": 2, "certifications": 3, "patents": 1, "standards": 4, "services": 1}
CRITERIA_LABELS = {"inspection": "抽检合格批次（近3年）", "certifications": "有效认证证书", "patents": "有效专利",
                   "standards": "主导制修订标准", "services": "接受质量服务次数"}


def screen_candidates(user, program: Program, root: Region | None = None, today: dt.date | None = None,
                      weights: dict | None = None, limit: int = 50) -> list[dict]:
    """Entities eligible for `program` now, ranked by weighted criteria (set-based counts), with reasons."""
    today = today or clock.today()
    weights = {k: Decimal(str(v)) for k, v in (weights or DEFAULT_WEIGHTS).items() if k in CRITERIA_LABELS}
    root = root or (user.region if getattr(user, "region_id", None) else Region.objects.order_by("depth").first())
    universe = _universe(program, root, [today])
    idx = _eligible(program, universe, today, held_objects(program, today, root))
    eligible = [universe[i][0] for i in idx]
    entity_ids = {c.entity_id for c in eligible}
    if not entity_ids:
        return []
    start = rules.years_before(today, 3)

    def counts(qs, field):
        out = Counter()
        for chunk in rules._chunks(entity_ids):
            out.update(dict(qs.filter(**{f"{field}__in": chunk}).order_by().values_list(field).annotate(n=Count("id"))))
        return out

    passed = counts(Inspection.objects.filter(conclusion="合格", sampled__gt=start, sampled__lte=today), "entity_id")
    failed = counts(Inspection.objects.filter(conclusion="不合格", sampled__gt=start, sampled__lte=today), "entity_id")
    certs = counts(Certification.objects.filter(issued__lte=today, expires__gte=today), "entity_id")
    patents = counts(Patent.objects.filter(legal_status="有效"), "applicant_id")
    standards = counts(Standard.objects.filter(published__lte=today), "entity_id")
    services = counts(Service.objects.filter(date__gt=start, date__lte=today), "entity_id")
    names = {}
    for chunk in rules._chunks(entity_ids):
        names.update({e.id: e for e in Entity.objects.filter(id__in=chunk).select_related("region")})
    tms = {}
    tm_ids = [c.trademark_id for c in eligible if c.trademark_id]
    for chunk in rules._chunks(tm_ids):
        tms.update({t.id: t for t in Trademark.objects.filter(id__in=chunk)})
    rows = []
    for c in eligible:
        values = {"inspection": passed[c.entity_id] - failed[c.entity_id], "certifications": certs[c.entity_id],
                  "patents": patents[c.entity_id], "standards": standards[c.entity_id],
                  "services": services[c.entity_id]}
        score = sum(weights.get(k, 0) * v for k, v in values.items())
        reasons = [f"{CRITERIA_LABELS[k]} {v}（权重 {weights[k]}）" for k, v in values.items() if v and k in weights]
        if failed[c.entity_id]:
            reasons.append(f"近3年抽检不合格 {failed[c.entity_id]} 批次（扣分）")
        rows.append({"entity": names.get(c.entity_id), "trademark": tms.get(c.trademark_id), "score": score,
                     "values": values, "reasons": reasons or ["各项记录均为空"]})
    rows.sort(key=lambda r: (-r["score"], r["entity"].name if r["entity"] else ""))
    return rows[:limit]


def pending_for(user) -> dict[str, int]:
    """How many applications wait for this user's action, by state (for the inbox and dashboard)."""
    role = getattr(user, "role", "")
    states = {Role.COUNTY: [State.COUNTY], Role.CITY_ADMIN: [State.CITY, State.RECOMMENDED, State.DOC_REVIEW,
                                                               State.SITE_REVIEW, State.NOTICE],
              Role.ENTERPRISE: [State.DRAFT]}.get(role, [])
    return state_counts(Application.objects.for_user(user).filter(state__in=states)) if states else {}


def group_by(rows, key):
    out = defaultdict(list)
    for r in rows:
        out[key(r)].append(r)
    return out
