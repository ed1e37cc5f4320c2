"""API representation of trace events (also the entry form's fields, core/record_forms.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qualitybrand.core.resources import RecordSerializer, ScopedSlugField
from qualitybrand.core.roles import Role
from qualitybrand.registry.models import Entity
from qualitybrand.registry.serializers import region_code
from qualitybrand.tracing.models import TraceEvent

OWN_ONLY = "企业用户只能录入本企业的追溯事件：主体应为本企业的统一社会信用代码。"


def _user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class OwnEntityField(ScopedSlugField):
    """主体: an office's entity in its scope; for an enterprise, only itself (any other code, registered
    or not, gets the same refusal)."""

    def to_internal_value(self, data):
        user = _user(self)
        if getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser:
            own = user.entity
            if own is not None and isinstance(data, str | int) and str(data).strip().upper() == own.uscc:
                return own
            raise ValidationError(OWN_ONLY)
        return super().to_internal_value(data)


class CounterpartyField(ScopedSlugField):
    """对方: for an office, an entity of its scope (another county's answers like an unknown code);
    for an enterprise, any registered entity — its buyers and suppliers are anywhere, and that a
    credit code is registered is public (国家企业信用信息公示系统)."""

    def get_queryset(self):
        if getattr(_user(self), "role", "") == Role.ENTERPRISE:
            return Entity.objects.all()
        return super().get_queryset()


@extend_schema_field(OpenApiTypes.NUMBER)
class QuantityField(serializers.Field):
    """数量 (≥ 0) in the event's own 计量单位: a JSON number, or text such as "1200.5"."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            raise ValidationError("数量应为不小于 0 的数。")
        try:
            value = Decimal(str(data).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            raise ValidationError("数量应为不小于 0 的数，如 1200 或 35.5。") from None
        if not value.is_finite() or value < 0:
            raise ValidationError("数量应为不小于 0 的数，如 1200 或 35.5。")
        if abs(value) >= Decimal(10) ** 15 or value != value.quantize(Decimal("0.0001")):
            raise ValidationError("数量过大或小数位过多（最多 4 位小数）。")
        return value

    def to_representation(self, value):
        return None if value is None else float(value)


class TraceEventSerializer(RecordSerializer):
    number = serializers.CharField(max_length=100, required=False, allow_blank=True,
                                   help_text="事件编号（留空则自动编号）")
    entity = OwnEntityField(Entity, "uscc", "市场主体", help_text="主体统一社会信用代码（企业用户可留空：本企业）",
                            required=False)
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    counterparty = CounterpartyField(Entity, "uscc", "市场主体", help_text="对方统一社会信用代码",
                                     required=False, allow_null=True)
    counterparty_label = serializers.SerializerMethodField(help_text="对方名称（登记主体的名称或填写的名称）")
    quantity = QuantityField(required=False, allow_null=True, label="数量")
    region = region_code()

    class Meta:
        model = TraceEvent
        fields = ["id", "number", "kind", "entity", "entity_name", "product", "batch", "trace_code",
                  "counterparty", "counterparty_name", "counterparty_label", "source_code", "occurred",
                  "quantity", "unit", "region"]
        read_only_fields = ["id"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_counterparty_label(self, obj) -> str:
        return obj.counterparty_label

    def validate(self, attrs):
        if self.instance is None and attrs.get("entity") is None:
            user = _user(self)
            if getattr(user, "role", "") == Role.ENTERPRISE and user.entity_id:
                attrs["entity"] = user.entity
            else:
                raise ValidationError({"entity": ["主体统一社会信用代码必填。"]})
        for name in ("trace_code", "source_code"):
            if name in attrs:
                attrs[name] = "".join(attrs[name].split())
        if attrs.get("trace_code") == "" or (self.instance is None and not attrs.get("trace_code")):
            raise ValidationError({"trace_code": ["追溯码必填。"]})
        return attrs
