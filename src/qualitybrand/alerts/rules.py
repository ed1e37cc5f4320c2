"""The rule table of warnings.md: each built-in rule is a small set-based function (one or two grouped
queries for every region at once), registered here with its Chinese name, object, level and due
semantics and its default thresholds. Other apps register theirs with `register(...)` in their
`AppConfig.ready()` (supervision: insp.followup_overdue, complaint.overdue).

Office rules and changed thresholds are `RuleSetting` rows (`alerts.settings_store`); a rule function
receives the effective thresholds in `ctx.params`, never reads settings itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from qualitybrand.alerts.engine import Alert


@dataclass(frozen=True)
class Context:
    """What a rule function gets: the as-of date D, the effective thresholds, the region path to keep
    (None: every region) and the code its warnings carry (an office rule's own code)."""

    as_of: date
    params: dict
    path: str | None
    code: str

    def within(self, qs, path_field: str = "region__path"):
        """Keep the records of the region and below (warnings.md `--region`)."""
        return qs if self.path is None else qs.filter(**{f"{path_field}__startswith": self.path})


@dataclass(frozen=True)
class RuleDef:
    code: str
    name: str
    object_type: str
    meaning: str          # when it fires, in Chinese (the rule list page)
    level_text: str
    due_text: str
    fn: Callable[[Context], Iterable[Alert]]
    defaults: dict = field(default_factory=dict)
    owner: str = "entity"  # "entity": the holder's enterprise users hear of it too; "region": offices only
    pending: str = ""      # why it yields nothing yet (a rule waiting for its data), shown on the list page


RULES: dict[str, RuleDef] = {}


def register(code: str, fn: Callable[[Context], Iterable[Alert]], *, name: str, object_type: str,
             meaning: str, level_text: str, due_text: str, defaults: dict | None = None,
             owner: str = "entity", pending: str = "") -> RuleDef:
    """Add or replace a built-in rule (the later registration wins: supervision replaces a placeholder)."""
    rule = RuleDef(code, name, object_type, meaning, level_text, due_text, fn, dict(defaults or {}), owner, pending)
    RULES[code] = rule
    return rule


def _nothing(ctx: Context) -> Iterable[Alert]:
    return ()


# --- trademarks -----------------------------------------------------------------------------------

def _classes_text(classes) -> str:
    nums = sorted({int(c) for c in (classes or []) if str(c).isdecimal()})
    return "、".join(str(n) for n in nums)


def _mark_label(name: str, number: str, classes) -> str:
    cls = _classes_text(classes)
    return f"商标“{name}”（第 {number} 号{f'，第 {cls} 类' if cls else ''}）"


def _live_marks(ctx: Context):
    from django.db.models import Q

    from qualitybrand.registry.models import Trademark

    d = ctx.as_of
    qs = Trademark.objects.filter(registered__lte=d).filter(Q(cancelled__isnull=True) | Q(cancelled__gt=d))
    return ctx.within(qs)


def _mark_rows(qs):
    return qs.values_list("number", "name", "classes", "expires", "holder_id", "region__code")


def tm_renewal(ctx: Context) -> Iterable[Alert]:
    d, p = ctx.as_of, ctx.params
    qs = _live_marks(ctx).filter(expires__gte=d, expires__lte=d + timedelta(days=p["window_days"]))
    urgent_until = d + timedelta(days=p["urgent_days"])
    for number, name, classes, expires, holder_id, region_code in _mark_rows(qs):
        level = p["urgent_level"] if expires <= urgent_until else p["level"]
        label = _mark_label(name, number, classes)
        yield Alert(ctx.code, number, region_code, level, expires,
                    f"{label}专用权期限至 {expires:%Y-%m-%d}，已进入续展期，请于期限届满前提出续展申请",
                    label, f"/registry/trademarks/{number}/", holder_id, "商标")


register("tm.renewal", tm_renewal, name="商标续展提醒", object_type="商标",
         meaning="已注册、未注销，专用权期限至在 D 至 D + 窗口天数之内（商标法第四十条的十二个月续展期）",
         level_text="期限至 ≤ D + 紧急天数 为“紧急”，否则为“提示”", due_text="专用权期限至",
         defaults={"window_days": 365, "urgent_days": 90, "level": "提示", "urgent_level": "紧急"})


# --- running ---------------------------------------------------------------------------------------

def active_settings(codes: list[str] | None):
    from qualitybrand.alerts.settings_store import active_settings as _active

    return _active(codes)


def run(setting, as_of: date, path: str | None) -> Iterable[Alert]:
    rule = RULES[setting.builtin]
    return rule.fn(Context(as_of, setting.params, path, setting.rule))
