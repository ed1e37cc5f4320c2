"""The effective rule settings: the built-in defaults of `alerts.rules` overlaid by the office's
`RuleSetting` rows, plus the office's own rules (a row whose `base` names a built-in rule)."""

from __future__ import annotations

from dataclasses import dataclass

from qualitybrand.alerts.engine import UnknownRule


@dataclass(frozen=True)
class Setting:
    rule: str
    name: str
    base: str          # the built-in rule it runs ("" for a built-in rule itself)
    params: dict
    enabled: bool
    version: int = 0   # 0: the built-in default, never changed

    @property
    def builtin(self) -> str:
        return self.base or self.rule


def effective_settings() -> list[Setting]:
    from qualitybrand.alerts.models import RuleSetting
    from qualitybrand.alerts.rules import RULES

    rows = {row.rule: row for row in RuleSetting.objects.all()}
    out = []
    for code, rule in RULES.items():
        row = rows.pop(code, None)
        params = {**rule.defaults, **(row.params if row else {})}
        out.append(Setting(code, row.name if row else rule.name, "", params,
                           row.enabled if row else True, row.version if row else 0))
    for row in rows.values():
        base = RULES.get(row.base)
        if base is None:
            continue  # an office rule whose built-in rule is not registered (yet): nothing to run
        out.append(Setting(row.rule, row.name, row.base, {**base.defaults, **row.params}, row.enabled, row.version))
    return out


def active_settings(codes: list[str] | None) -> list[Setting]:
    """The enabled settings of these rule codes (all without); an unknown code raises UnknownRule."""
    settings = effective_settings()
    if codes is None:
        return [s for s in settings if s.enabled]
    by_code = {s.rule: s for s in settings}
    for code in codes:
        if code not in by_code:
            raise UnknownRule(code)
    return [by_code[c] for c in dict.fromkeys(codes) if by_code[c].enabled]
