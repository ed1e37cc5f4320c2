"""Where the indicators app names codes by text (`core.references`): formulas of custom indicators,
reported values, the owners of reported indicators, and the indicator codes built from a program's code."""

from __future__ import annotations

from django.db.models import Count

from qualitybrand.core import references

# The indicator codes that embed a program's code (indicators.md): they live as long as the program does.
PROGRAM_PREFIXES = ("rec.valid.", "rec.new.", "rec.share.", "prov.total.")


def program_indicator_codes(program_codes: list[str]) -> list[str]:
    return [prefix + code for code in program_codes for prefix in PROGRAM_PREFIXES]


def program_places(codes: list[str]) -> list[str]:
    """A program is used wherever one of its indicator codes is (target sets, schemes, formulas, values)."""
    return references.places("indicator", program_indicator_codes(codes))


def indicator_places(codes: list[str]) -> list[str]:
    from qualitybrand.indicators.formula import FormulaError, components
    from qualitybrand.indicators.models import IndicatorDefinition, IndicatorValue

    wanted = set(codes)
    out = []
    for d in IndicatorDefinition.objects.filter(type="formula").exclude(code__in=codes).order_by("code"):
        try:
            used = [c for c in components(d.formula) if c in wanted]
        except FormulaError:  # a stored formula was validated when loaded; never fail a check over it
            continue
        if used:
            out.append(f"自定义指标“{d.name}”（{d.code}）的公式（指标 {'、'.join(used)}）")
    for row in (IndicatorValue.objects.filter(code__in=codes).values("code").annotate(n=Count("id"))
                .order_by("code")):
        out.append(f"部门填报值 {row['n']} 条（指标 {row['code']}）")
    return out


def department_places(names: list[str]) -> list[str]:
    """Reported indicators name their department by its name; so do reported values."""
    from qualitybrand.indicators.models import IndicatorDefinition, IndicatorValue
    from qualitybrand.indicators.reported import STATIC

    out = [f"内置指标“{d.name}”（{d.code}）的填报部门" for d in STATIC.values() if d.owner in names]
    for d in IndicatorDefinition.objects.filter(owner__in=names).order_by("code"):
        out.append(f"自定义指标“{d.name}”（{d.code}）的责任部门")
    n = IndicatorValue.objects.filter(department__in=names).count()
    if n:
        out.append(f"部门填报值 {n} 条的填报部门")
    return out


def register() -> None:
    references.register("program", program_places)
    references.register("indicator", indicator_places)
    references.register("department", department_places)
