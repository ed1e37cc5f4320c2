"""Reported indicators (indicators.md): entered by departments, not computed from ledgers.

The static table below is the contract's catalog; `prov.total.{program}` exists for every
configured program; office-defined `custom.*` reported indicators come from IndicatorDefinition.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ReportedDef:
    code: str
    name: str
    unit: str
    owner: str
    aggregation: str  # "sum" | "none"
    minimum: Decimal | None
    maximum: Decimal | None
    integer: bool = False


def _d(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


STATIC = {
    d.code: d
    for d in [
        ReportedDef("pop.resident", "常住人口", "万人", "统计", "sum", _d(0), None),
        ReportedDef("env.air_good_days", "空气质量优良天数", "天", "环保", "none", _d(0), _d(366)),
        ReportedDef("env.water_source_rate", "集中式饮用水源地水质达标率", "%", "环保", "none", _d(0), _d(100)),
        ReportedDef("env.surface_water_rate", "主要河流地表水水质达标率", "%", "环保", "none", _d(0), _d(100)),
        ReportedDef("eng.acceptance_rate", "建筑工程竣工验收合格率", "%", "住建", "none", _d(0), _d(100)),
        ReportedDef("eng.first_pass_rate", "建设工程一次验收合格率", "%", "住建", "none", _d(0), _d(100)),
        ReportedDef("eng.supervision_coverage", "新开工工程质量监督覆盖率", "%", "住建", "none", _d(0), _d(100)),
        ReportedDef("eng.energy_standard_rate", "新开工程节能标准执行率", "%", "住建", "none", _d(0), _d(100)),
        ReportedDef("svc.satisfaction", "服务业顾客满意度指数", "分", "发改", "none", _d(0), _d(100)),
    ]
}
PROV_TOTAL_PREFIX = "prov.total."


def reported_indicator(code: str) -> ReportedDef | None:
    """The definition of a reported indicator code, or None when the code is not one."""
    code = code.strip()
    if code in STATIC:
        return STATIC[code]
    if code.startswith(PROV_TOTAL_PREFIX):
        from qualitybrand.registry.models import Program

        program = Program.objects.filter(code=code[len(PROV_TOTAL_PREFIX):]).first()
        if program is None:
            return None
        return ReportedDef(code, f"全省{program.name}总数", "件", "市场监管", "none", Decimal(0), None, integer=True)
    if code.startswith("custom."):
        from qualitybrand.indicators.models import IndicatorDefinition

        definition = IndicatorDefinition.objects.filter(code=code, type="reported").first()
        if definition is None:
            return None
        return ReportedDef(code, definition.name, definition.unit, definition.owner, definition.aggregation,
                           definition.range_min, definition.range_max)
    return None


def all_reported(program_codes: list[str] | None = None, *, programs=None, definitions=None) -> list[ReportedDef]:
    """Every reported indicator: static, one prov.total per program, custom reported ones. `programs`
    (by id) and `definitions` (every IndicatorDefinition) when the caller has read them already."""
    from qualitybrand.indicators.models import IndicatorDefinition
    from qualitybrand.registry.models import Program

    defs = list(STATIC.values())
    for program in Program.objects.order_by("id") if programs is None else programs:
        if program_codes is None or program.code in program_codes:
            defs.append(ReportedDef(PROV_TOTAL_PREFIX + program.code, f"全省{program.name}总数", "件", "市场监管",
                                    "none", Decimal(0), None, integer=True))
    if definitions is None:
        definitions = IndicatorDefinition.objects.filter(type="reported")
    for definition in (d for d in definitions if d.type == "reported"):
        defs.append(ReportedDef(definition.code, definition.name, definition.unit, definition.owner,
                                definition.aggregation, definition.range_min, definition.range_max))
    return defs
