"""API representations of inspections, incidents, cases and the blacklist."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qualitybrand.core.resources import RecordSerializer, RegionField
from qualitybrand.registry.serializers import check_order, entity_ref, region_code, value
from qualitybrand.supervision.models import BlacklistEntry, Case, Incident, Inspection


class InspectionSerializer(RecordSerializer):
    entity = entity_ref("被抽查单位统一社会信用代码")
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = region_code()

    class Meta:
        model = Inspection
        fields = ["id", "number", "level", "product_category", "entity", "entity_name", "sampled", "conclusion",
                  "failed_items", "key_product", "region"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if value(attrs, self.instance, "conclusion") == "不合格" and not (
                value(attrs, self.instance, "failed_items") or "").strip():
            raise ValidationError({"failed_items": ["结论为不合格时，不合格项目必填。"]})
        return attrs


class IncidentSerializer(RecordSerializer):
    region = RegionField(help_text="区划代码")

    class Meta:
        model = Incident
        fields = ["id", "number", "region", "occurred", "domain", "grade", "summary"]
        read_only_fields = ["id"]


class CaseSerializer(RecordSerializer):
    region = RegionField(help_text="区划代码")
    party = entity_ref("当事人统一社会信用代码", required=False, allow_null=True)
    party_name = serializers.CharField(source="party.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Case
        fields = ["id", "number", "case_type", "region", "party", "party_name", "source", "opened", "closed",
                  "goods_value", "fines", "transferred"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        check_order(attrs, self.instance, "opened", "closed", "结案日期不能早于立案日期。")
        for name, label in (("goods_value", "涉案货值"), ("fines", "罚没金额")):
            amount = attrs.get(name)
            if amount is not None and amount < 0:
                raise ValidationError({name: [f"{label}不能为负数（单位：万元）。"]})
        return attrs


class BlacklistSerializer(RecordSerializer):
    entity = entity_ref()
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = region_code()

    class Meta:
        model = BlacklistEntry
        fields = ["id", "entity", "entity_name", "listed", "reason", "authority", "removed", "removal_method",
                  "region"]
        read_only_fields = ["id"]
        validators = []  # the natural key is checked in validate() with a Chinese message

    def validate(self, attrs):
        check_order(attrs, self.instance, "listed", "removed", "移出日期不能早于列入日期。")
        if value(attrs, self.instance, "removed") and not value(attrs, self.instance, "removal_method"):
            raise ValidationError({"removal_method": ["填写移出日期时，移出方式必填：期满移出、信用修复或撤销。"]})
        entity, listed = value(attrs, self.instance, "entity"), value(attrs, self.instance, "listed")
        clash = BlacklistEntry.objects.filter(entity=entity, listed=listed)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError({"detail": f"该主体 {listed} 列入的记录已存在。"})
        return attrs
