"""Early warnings computed from the registries (warnings.md): `compute` for a date and a region,
`for_user` for what a user owns. Nothing here is stored; the rules live in `alerts.rules`, the office's
thresholds and own rules in `RuleSetting` rows (`alerts.settings_store`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LEVELS = ("提示", "预警", "紧急")  # rising order
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


class UnknownRule(ValueError):
    """A rule code that is neither built in nor an office rule."""

    def __init__(self, code: str):
        super().__init__(f"未知的预警规则：{code}")
        self.code = code


@dataclass(frozen=True)
class Alert:
    rule: str
    key: str
    region_code: str
    level: str
    due: date
    message: str
    label: str = ""          # the object's name, for lists (e.g. 商标“XX”（10000123）)
    url: str = ""            # the object's page
    entity_id: int | None = None   # the holder entity (for enterprise users), None for region objects
    object_type: str = ""    # 商标, 荣誉认定, 认证证书, 质押, 主体, 黑名单, 目标任务, 培育项目, …

    def sort_key(self):
        return (self.due, self.rule, self.key)

    def as_json(self) -> dict:
        """The entry of warnings.md's JSON output (exactly these fields)."""
        return {"rule": self.rule, "key": self.key, "region": self.region_code, "level": self.level,
                "due": self.due.isoformat(), "message": self.message}


def compute(as_of: date, *, region=None, rules: list[str] | None = None) -> list[Alert]:
    """Every warning on `as_of` whose object belongs to `region` or below (all regions without it),
    of the given rules (all enabled rules without), sorted by due date, rule, key; one per (rule, key).
    Unknown rule codes raise `UnknownRule`."""
    return compute_within(as_of, region.path if region is not None else None, rules=rules)


def compute_within(as_of: date, path: str | None, *, rules: list[str] | None = None) -> list[Alert]:
    """`compute` for a region path prefix (None: every region), as `core.scoping.scope_path` gives it."""
    from qualitybrand.alerts import rules as rule_table  # the rules import Alert from here
    from qualitybrand.alerts.settings_store import active_settings
    from qualitybrand.core.models import Region

    if path == "/":
        path = None
    settings = active_settings(rules)
    regions = list(Region.objects.order_by().values_list("id", "code", "path"))
    found: dict[tuple[str, str], Alert] = {}
    for setting in settings:
        for alert in rule_table.run(setting, as_of, path, regions):
            found.setdefault((alert.rule, alert.key), alert)
    return sorted(found.values(), key=Alert.sort_key)


def for_user(user, as_of: date, *, rules: list[str] | None = None, region=None) -> list[Alert]:
    """The warnings this user owns (warnings.md “Who hears about it”), of `region` and below when given;
    see `alerts.owners`."""
    from qualitybrand.alerts import owners

    return owners.for_user(user, as_of, rules=rules, region=region)
