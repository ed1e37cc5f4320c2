"""API representations of the registries: English snake_case fields, Chinese choice labels,
`region` as its code, references by their codes (`holder` = the holder's USCC)."""

from __future__ import annotations

import datetime as dt
import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from qualitybrand.core.codes import industry_code, patent_problem, uscc_problem
from qualitybrand.core.resources import RecordSerializer, RegionField, ScopedSlugField
from qualitybrand.registry.models import (
    Certification,
    Entity,
    Patent,
    Pledge,
    Program,
    Publicity,
    Recognition,
    Service,
    Standard,
    Trademark,
)

REGION_RO = {"read_only": True, "help_text": "区划代码（随主体）"}


def region_code() -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(slug_field="code", read_only=True, help_text="区划代码（随所属主体）")


def entity_ref(help_text: str = "统一社会信用代码", **kwargs) -> ScopedSlugField:
    return ScopedSlugField(Entity, "uscc", "市场主体", help_text=help_text, **kwargs)


def value(attrs: dict, instance, name: str):
    if name in attrs:
        return attrs[name]
    return getattr(instance, name, None) if instance is not None else None


def check_order(attrs, instance, earlier: str, later: str, message: str, strict: bool = False) -> None:
    a, b = value(attrs, instance, earlier), value(attrs, instance, later)
    if a and b and (b <= a if strict else b < a):
        raise ValidationError({later: [message]})


def tenth_anniversary_eve(registered: dt.date) -> dt.date:
    try:
        anniversary = registered.replace(year=registered.year + 10)
    except ValueError:  # 29 February
        anniversary = dt.date(registered.year + 10, 3, 1)
    return anniversary - dt.timedelta(days=1)


class EntitySerializer(RecordSerializer):
    region = RegionField(help_text="区划代码")

    class Meta:
        model = Entity
        fields = ["id", "uscc", "name", "kind", "region", "industry_code", "established", "deregistered", "scale"]
        read_only_fields = ["id"]

    def validate_uscc(self, raw: str) -> str:
        code = raw.strip().upper()
        problem = uscc_problem(code)
        if problem:
            raise ValidationError(f"统一社会信用代码 {problem}")
        return code

    def validate_industry_code(self, raw: str) -> str:
        if not (raw or "").strip():
            return ""
        try:
            return industry_code(raw)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def validate(self, attrs):
        check_order(attrs, self.instance, "established", "deregistered", "注销日期不能早于成立日期。")
        return attrs


class ProgramSerializer(RecordSerializer):
    class Meta:
        model = Program
        fields = ["id", "code", "name", "object_kind", "level", "validity_years", "is_open", "reward",
                  "granting_body"]
        read_only_fields = ["id"]

    def validate_code(self, raw: str) -> str:
        code = raw.strip().lower()
        if not re.fullmatch(r"[a-z0-9_]+", code):
            raise ValidationError("项目代码只能由小写字母、数字和下划线组成，如 prov_famous_tm。")
        return code

    def validate_validity_years(self, years):
        if years is not None and years < 1:
            raise ValidationError("有效期(年)应不小于 1；无有效期时留空。")
        return years

    def validate_reward(self, amount):
        if amount is not None and amount < 0:
            raise ValidationError("奖励金额不能为负数。")
        return amount


class TrademarkSerializer(RecordSerializer):
    holder = entity_ref("注册人统一社会信用代码")
    holder_name = serializers.CharField(source="holder.name", read_only=True)
    region = region_code()
    classes = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=45, error_messages={
            "min_value": "国际分类应在 1–45 之间。", "max_value": "国际分类应在 1–45 之间。",
            "invalid": "国际分类应为 1–45 的整数。"}),
        allow_empty=False, help_text="尼斯分类，1–45",
        error_messages={"empty": "国际分类不能为空：至少填写一个 1–45 的类别。",
                        "not_a_list": "国际分类应为整数列表，如 [7, 9]。"})
    madrid_countries = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = Trademark
        fields = ["id", "number", "name", "classes", "holder", "holder_name", "region", "applied", "registered",
                  "expires", "mark_type", "is_gi", "madrid_number", "madrid_date", "madrid_countries", "cancelled"]
        read_only_fields = ["id"]

    def validate_number(self, raw: str) -> str:
        number = raw.strip()
        if not re.fullmatch(r"\d{1,10}", number):
            raise ValidationError("注册号应为 1–10 位数字。")
        return number

    def validate_classes(self, classes):
        return sorted(set(classes))

    def validate(self, attrs):
        check_order(attrs, self.instance, "applied", "registered", "注册日期不能早于申请日期。")
        registered = value(attrs, self.instance, "registered")
        if registered and value(attrs, self.instance, "expires") is None:
            attrs["expires"] = tenth_anniversary_eve(registered)  # an empty cell re-applies the default
        check_order(attrs, self.instance, "registered", "expires", "专用权期限至应晚于注册日期。", strict=True)
        if value(attrs, self.instance, "is_gi") and value(attrs, self.instance, "mark_type") not in {"集体商标",
                                                                                                      "证明商标"}:
            raise ValidationError({"is_gi": ["只有集体商标或证明商标可以是地理标志。"]})
        if value(attrs, self.instance, "madrid_number") and not value(attrs, self.instance, "madrid_date"):
            raise ValidationError({"madrid_date": ["填写马德里国际注册号时，国际注册日期必填。"]})
        return attrs


class RecognitionSerializer(RecordSerializer):
    program = ScopedSlugField(Program, "code", "认定项目", help_text="项目代码")
    program_name = serializers.CharField(source="program.name", read_only=True)
    level = serializers.CharField(source="program.level", read_only=True)
    entity = entity_ref()
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    trademark = ScopedSlugField(Trademark, "number", "商标", required=False, allow_null=True,
                                help_text="商标注册号（商标类项目必填）")
    region = region_code()

    class Meta:
        model = Recognition
        fields = ["id", "program", "program_name", "level", "entity", "entity_name", "trademark", "product_name",
                  "year", "valid_until", "method", "region"]
        read_only_fields = ["id"]
        validators = []  # the natural key is checked in validate() with a Chinese message

    def validate_year(self, year: int) -> int:
        if not 1980 <= year <= 2100:
            raise ValidationError("认定年度应在 1980–2100 之间。")
        return year

    def validate(self, attrs):
        program = value(attrs, self.instance, "program")
        entity = value(attrs, self.instance, "entity")
        trademark = value(attrs, self.instance, "trademark")
        product = (value(attrs, self.instance, "product_name") or "").strip()
        if program.object_kind == "商标":
            if trademark is None:
                raise ValidationError({"trademark": ["商标类项目必须填写商标注册号。"]})
            if trademark.holder_id != entity.pk:
                raise ValidationError({"trademark": [f"商标 {trademark.number} 不属于该主体。"]})
            key = trademark.number
        elif program.object_kind == "产品":
            if not product:
                raise ValidationError({"product_name": ["产品类项目必须填写产品名称。"]})
            key = f"{entity.uscc}|{product}"
        else:
            key = entity.uscc
        attrs["object_key"] = key
        year = value(attrs, self.instance, "year")
        if attrs.get("valid_until") is None and (self.instance is None or {"year", "program", "valid_until"} & set(attrs)):
            attrs["valid_until"] = (dt.date(year + program.validity_years - 1, 12, 31)
                                    if program.validity_years else None)
        clash = Recognition.objects.filter(program=program, object_key=key, year=year)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError({"detail": f"该对象的{program.name}（{year} 年度）认定记录已存在。"})
        return attrs


class PatentSerializer(RecordSerializer):
    applicant = entity_ref("申请人统一社会信用代码")
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    region = region_code()

    class Meta:
        model = Patent
        fields = ["id", "number", "title", "patent_type", "applicant", "applicant_name", "filed", "granted",
                  "legal_status", "is_service", "region"]
        read_only_fields = ["id"]

    def validate_number(self, raw: str) -> str:
        problem, canonical, _ = patent_problem(raw)
        if problem:
            raise ValidationError(f"申请号{problem}")
        return canonical

    def validate(self, attrs):
        number = value(attrs, self.instance, "number")
        ptype = value(attrs, self.instance, "patent_type")
        _, _, implied = patent_problem(number or "")
        if implied and ptype and implied != ptype:
            raise ValidationError({"patent_type": [f"专利类型与申请号不符：申请号表示“{implied}”。"]})
        check_order(attrs, self.instance, "filed", "granted", "授权公告日不能早于申请日。")
        return attrs


class CertificationSerializer(RecordSerializer):
    entity = entity_ref()
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = region_code()

    class Meta:
        model = Certification
        fields = ["id", "number", "cert_type", "entity", "entity_name", "issued", "expires", "scope_text", "region"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        check_order(attrs, self.instance, "issued", "expires", "有效期至应晚于发证日期。", strict=True)
        return attrs


class StandardSerializer(RecordSerializer):
    entity = entity_ref("主要起草单位统一社会信用代码")
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = region_code()

    class Meta:
        model = Standard
        fields = ["id", "number", "name", "level", "work_type", "entity", "entity_name", "published", "region"]
        read_only_fields = ["id"]


class PledgeSerializer(RecordSerializer):
    pledgor = entity_ref("出质人统一社会信用代码")
    pledgor_name = serializers.CharField(source="pledgor.name", read_only=True)
    trademarks = ScopedSlugField(Trademark, "number", "商标", many=True, help_text="商标注册号列表")
    region = region_code()

    class Meta:
        model = Pledge
        fields = ["id", "number", "pledgor", "pledgor_name", "pledgee", "trademarks", "amount", "registered",
                  "expires", "region"]
        read_only_fields = ["id"]

    def validate_amount(self, amount):
        if amount is None or amount <= 0:
            raise ValidationError("质押金额应大于 0（单位：万元）。")
        return amount

    def validate(self, attrs):
        check_order(attrs, self.instance, "registered", "expires", "到期日期应晚于登记日期。", strict=True)
        pledgor = value(attrs, self.instance, "pledgor")
        marks = attrs.get("trademarks")
        if marks is None and self.instance is not None and "pledgor" in attrs:
            marks = list(self.instance.trademarks.all())
        if marks is not None:
            if not marks:
                raise ValidationError({"trademarks": ["至少填写一个出质商标的注册号。"]})
            foreign = [m.number for m in marks if m.holder_id != pledgor.pk]
            if foreign:
                raise ValidationError({"trademarks": [f"商标 {'、'.join(foreign)} 不属于出质人。"]})
        return attrs


class ServiceSerializer(RecordSerializer):
    entity = entity_ref()
    entity_name = serializers.CharField(source="entity.name", read_only=True)
    region = region_code()

    class Meta:
        model = Service
        fields = ["id", "number", "date", "entity", "entity_name", "service_type", "person_times", "problems",
                  "region"]
        read_only_fields = ["id"]

    def validate_person_times(self, n):
        if n < 1:
            raise ValidationError("服务人次应不小于 1。")
        return n


class PublicitySerializer(RecordSerializer):
    region = RegionField(help_text="区划代码")

    class Meta:
        model = Publicity
        fields = ["id", "number", "date", "title", "media", "region"]
        read_only_fields = ["id"]
