"""The one door to the indicator engine (indicators app). Tests monkeypatch these two functions.

`indicator_values(codes, period, regions)` → {(code, region_code): value | None}
`indicator_spec(code)` → an object with `.kind` ("flow"|"stock") and `.measure`
("count"|"sum"|"ratio"|"value"), or None for an unknown code.
"""

from __future__ import annotations

from dataclasses import dataclass


class UnknownIndicator(Exception):
    """An indicator code the engine does not know."""


@dataclass(frozen=True)
class _Spec:
    code: str
    kind: str
    measure: str
    name: str = ""
    unit: str = ""


def indicator_values(codes, period, regions) -> dict[tuple[str, str], object]:
    codes = sorted(set(codes))
    if not codes or not regions:
        return {}
    try:
        from qualitybrand.indicators import engine
    except ImportError:  # the engine has not landed yet: every value is "no value"
        return {(c, r.code): None for c in codes for r in regions}
    try:
        return engine.compute(codes, period, list(regions))
    except Exception as exc:
        if type(exc).__name__ == "UnknownIndicator":
            raise UnknownIndicator(str(exc)) from exc
        raise


def indicator_spec(code: str):
    try:
        from qualitybrand.indicators import catalog
    except ImportError:
        return _fallback_spec(code)
    return catalog.get(code)


def indicator_name(code: str) -> str:
    spec = indicator_spec(code)
    return getattr(spec, "name", "") or code


def indicator_unit(code: str) -> str:
    spec = indicator_spec(code)
    return getattr(spec, "unit", "") or ""


# --- fallback while the catalog is not on main: the contract's table (indicators.md) -----------
_FLOW_COUNT = (
    "entity.new tm.applications tm.registrations tm.gi.new tm.madrid.new patent.applications "
    "patent.invention_applications patent.grants std.published std.adopted_intl insp.batches insp.passed "
    "insp.failed_entities incident.count incident.serious incident.major case.opened case.closed "
    "case.transferred case.tm_infringement pledge.count "
    "service.entities publicity.count"
).split()
_FLOW_SUM = "case.goods_value case.fines pledge.amount service.person_times service.problems".split()
_FLOW_RATIO = "insp.pass_rate patent.invention_share patent.service_share".split()
_STOCK_COUNT = ("entity.count entity.enterprises tm.valid tm.gi tm.madrid patent.invention_valid "
                "cert.valid").split()
_STOCK_RATIO = "tm.per100 tm.per10k tm.owner_rate patent.invention_per10k_pop".split()
_REPORTED = ("pop.resident env.air_good_days env.water_source_rate env.surface_water_rate eng.acceptance_rate "
             "eng.first_pass_rate eng.supervision_coverage eng.energy_standard_rate svc.satisfaction").split()


def _fallback_spec(code: str):
    code = (code or "").strip()
    table = {**{c: ("flow", "count") for c in _FLOW_COUNT}, **{c: ("flow", "sum") for c in _FLOW_SUM},
             **{c: ("flow", "ratio") for c in _FLOW_RATIO}, **{c: ("stock", "count") for c in _STOCK_COUNT},
             **{c: ("stock", "ratio") for c in _STOCK_RATIO}, **{c: ("stock", "value") for c in _REPORTED},
             "pledge.outstanding": ("stock", "sum")}
    if code in table:
        return _Spec(code, *table[code])
    for prefix, kind, measure in (("rec.valid.", "stock", "count"), ("rec.new.", "flow", "count"),
                                  ("rec.share.", "stock", "ratio"), ("prov.total.", "stock", "value"),
                                  ("cert.valid.", "stock", "count"), ("std.published.", "flow", "count")):
        if code.startswith(prefix) and len(code) > len(prefix):
            return _Spec(code, kind, measure)
    if code.startswith("insp.") and (code.endswith(".batches") or code.endswith(".pass_rate")):
        return _Spec(code, "flow", "count" if code.endswith(".batches") else "ratio")
    if code.startswith("custom."):
        from qualitybrand.indicators.models import IndicatorDefinition

        if IndicatorDefinition.objects.filter(code=code).exists():
            return _Spec(code, "stock", "value")
    return None
