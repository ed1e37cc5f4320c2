"""Column spec of the indicator_values ledger (reported indicators)."""

from __future__ import annotations

from decimal import Decimal

from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import Ledger


@register
class IndicatorValues(Ledger):
    name, title, model = "indicator_values", "部门填报指标", IndicatorValue
    columns = [
        C("指标代码", "code", True),
        C("区划代码", "code", True),
        C("年度", "int", True, field="year", minimum=1900, maximum=2100),
        C("数值", "number", True, field="value"),
        C("填报部门", "text", field="department"),
        C("说明", "text", field="note"),
    ]
    key, key_fields = ("指标代码", "区划代码", "年度"), ("code", "region_id", "year")
    region_column = "区划代码"

    def definition(self, ctx, code: str):
        from qualitybrand.indicators.reported import reported_indicator

        defs = ctx.cache.setdefault("reported", {})
        if code not in defs:
            d = reported_indicator(code.lower()) or reported_indicator(code)
            defs[code] = d
        return defs[code]

    def build(self, ctx, row):
        out = super().build(ctx, row)
        code = row.values.get("指标代码")
        if code:
            d = self.definition(ctx, code)
            if d is None:
                row.error("指标代码", f"指标代码“{code}”不是部门填报指标：应为 indicators.md 中填报类指标的代码。")
            else:
                out["code"] = d.code
                value = row.values.get("数值")
                if isinstance(value, Decimal):
                    if d.minimum is not None and value < d.minimum or d.maximum is not None and value > d.maximum:
                        lo = "" if d.minimum is None else format(d.minimum.normalize(), "f")
                        hi = "" if d.maximum is None else format(d.maximum.normalize(), "f")
                        row.error("数值", f"数值 {value} 超出指标“{d.name}”的取值范围 {lo}–{hi}{d.unit}。")
                    elif d.integer and value != value.to_integral():
                        row.error("数值", f"指标“{d.name}”的数值应为整数。")
        return out

    def complete(self, ctx, row, fields, merged, new):
        user = ctx.user
        approved = user is None or getattr(user, "is_superuser", False) or getattr(user, "role", "") == "city_admin"
        status = IndicatorValue.Status.APPROVED if approved else IndicatorValue.Status.DRAFT
        old = row.existing
        if new or any(old.get(k) != merged.get(k) for k in ("value", "department", "note")):
            fields["status"] = merged["status"] = str(status)
            fields["entered_by_id"] = merged["entered_by_id"] = getattr(user, "pk", None)

    def object_repr(self, merged):
        return f"{merged.get('code')} {merged.get('year')}"
