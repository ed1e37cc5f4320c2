"""Filters shared by the REST API and the list pages (one FilterSet per resource serves both).

Every resource's FilterSet subclasses `RecordFilterSet`, which brings:
- `region`: a region code (current or former) — records of that region and every region below;
- `year`: the record's main date falls in that year (`year_field` names the date; a plain
  integer field such as 认定年度 works too);
- `search`: a case-insensitive match on the name or the code (`search_fields`);
- `ordering`: sort by a column (`ordering_fields`), `-` for descending.
Bad values are refused with a Chinese message per parameter (400 in the API, shown on pages).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError as ApiValidationError

from qualitybrand.core.models import Region, RegionAlias


def find_region(code) -> Region | None:
    """The region of a code, current or former (a former code resolves to the region that took it over);
    None for anything else (any text, however odd: it is only ever compared, never parsed)."""
    code = str(code or "").strip()
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        alias = RegionAlias.objects.filter(code=code).select_related("region").first()
        region = alias.region if alias else None
    return region


def unknown_region_message(code) -> str:
    return f"区划代码“{str(code).strip()[:50]}”不存在：应为已登记的行政区划代码，如 620500。"


class RegionCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        region = find_region(value)
        if region is None:
            raise forms.ValidationError(unknown_region_message(value))
        return region


class YearField(forms.IntegerField):
    default_error_messages = {"invalid": "年度应为四位数字，如 2013。"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2100)
        super().__init__(*args, **kwargs)
        self.error_messages["min_value"] = "年度应在 1900–2100 之间。"
        self.error_messages["max_value"] = "年度应在 1900–2100 之间。"


class ChineseBooleanField(forms.NullBooleanField):
    """Accepts 是/否, true/false, 1/0, Y/N; anything else is refused (not silently ignored)."""

    # A plain text widget: NullBooleanSelect would turn “是” into None before to_python sees it.
    widget = forms.TextInput

    TRUE = {"是", "true", "1", "y", "yes", "√"}
    FALSE = {"否", "false", "0", "n", "no", "×"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(f"“{value}”不是有效的是否值：应为 是 或 否（true/false）。")

    def validate(self, value):
        pass


class ChineseDateField(forms.DateField):
    default_error_messages = {"invalid": "日期格式错误：应为 YYYY-MM-DD，如 2013-12-31。"}


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.Filter):
    field_class = RegionCodeField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.Filter):
    field_class = YearField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        field = qs.model._meta.get_field(self.field_name)
        if field.get_internal_type() in {"DateField", "DateTimeField"}:
            return qs.filter(**{f"{self.field_name}__gte": dt.date(value, 1, 1),
                                f"{self.field_name}__lte": dt.date(value, 12, 31)})
        return qs.filter(**{self.field_name: value})


@extend_schema_field(OpenApiTypes.BOOL)
class BoolFilter(django_filters.Filter):
    field_class = ChineseBooleanField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})


@extend_schema_field(OpenApiTypes.DATE)
class DateOnFilter(django_filters.Filter):
    """`?valid_on=DATE`: a callable builds the Q of records valid (or existing) on that date."""

    field_class = ChineseDateField

    def __init__(self, *args, condition=None, **kwargs):
        self.condition = condition
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(self.condition(value))


class LenientMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """Empty values (`?kind=` from a form left at 全部) mean no condition, not a wrong choice."""

    def to_python(self, value):
        return [v for v in super().to_python(value) if v not in ("", None)]


class ChineseChoiceFilter(django_filters.MultipleChoiceFilter):
    """A choice filter whose refusal names the accepted values. Repeat it for any of several
    values: `?grade=较大&grade=重大&grade=特别重大`."""

    field_class = LenientMultipleChoiceField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = "、".join(str(c[0]) for c in kwargs.get("choices", []))
        self.extra["error_messages"] = {"invalid_choice": f"“%(value)s”不是有效的选项：应为 {labels}。"}


class SlugFilter(django_filters.CharFilter):
    """A reference given by its code (an entity's USCC, a program's code)."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(**{self.field_name: value.strip().upper() if self.upper else value.strip()})


def choice(field_name: str, choices, label: str) -> ChineseChoiceFilter:
    return ChineseChoiceFilter(field_name=field_name, choices=choices, label=label)


class RecordFilterSet(django_filters.FilterSet):
    region = RegionFilter(field_name="region", label="区划（含下级）")
    year = YearFilter(field_name="id", label="年度")  # pointed at `year_field` in get_filters
    search = django_filters.CharFilter(method="filter_search", label="名称或编号")

    year_field: str | None = None
    search_fields: tuple[str, ...] = ()

    @classmethod
    def get_filters(cls):
        """Class-level, so the OpenAPI schema documents exactly what a resource accepts."""
        filters = super().get_filters()
        model = cls._meta.model
        if model is None:
            return filters
        names = {f.name for f in model._meta.get_fields()}
        if cls.year_field:
            filters["year"] = YearFilter(field_name=cls.year_field, label="年度")
        else:
            filters.pop("year", None)
        if not cls.search_fields:
            filters.pop("search", None)
        if "region" not in names:
            filters.pop("region", None)
        for key in ("number", "uscc", "code"):  # the exact natural code, e.g. ?number=CJ2013-0001
            if key in names and key not in filters:
                label = str(model._meta.get_field(key).verbose_name)
                filters[key] = SlugFilter(field_name=key, label=label, upper=key == "uscc")
                filters[key].model = model
        return filters

    def filter_search(self, qs, name, value):
        value = (value or "").strip()
        if not value:
            return qs
        cond = Q()
        for field in self.search_fields:
            cond |= Q(**{f"{field}__icontains": value})
        return qs.filter(cond)

    def applied(self, names: dict[str, dict[str, str]] | None = None) -> list[tuple[str, str]]:
        """(label, value) of every filter in effect — the pages show them above the table.
        `names` maps a filter's codes to the names shown (a program's code to its name)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        out = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", []) or name == "ordering":
                continue
            label = self.filters[name].label or name
            if isinstance(value, Region):
                shown = f"{value.name}（{value.code}）及下级"
            elif isinstance(value, bool):
                shown = "是" if value else "否"
            elif isinstance(value, list | tuple):
                shown = "、".join(str(v) for v in value)
            else:
                shown = (names or {}).get(name, {}).get(str(value), str(value))
            out.append((str(label), shown))
        return out


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with the refusals' text taken as it is.

    django-filter formats every message with `message % params`, so a refusal that quotes the value
    (“区划代码“%”不存在”) raised TypeError — a 500 for `?region=%25`. Django's own `messages` apply the
    params only when there are some, as the pages do."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ApiValidationError({name: [m for e in errors for m in e.messages]
                                      for name, errors in filterset.errors.as_data().items()})
        return filterset.qs


def sort_by(*pairs: tuple[str, str]) -> django_filters.OrderingFilter:
    """`?ordering=name` / `-name`: pairs of (model field path, public name)."""
    return django_filters.OrderingFilter(fields=pairs, label="排序")


# --- values typed on a command line or in a query string (commands and APIs share them) -------------

MIN_YEAR, MAX_YEAR = 1949, 2100


def parse_iso_date(text, error: type[Exception] = ValueError, example: str = "2014-07-10") -> dt.date:
    """A YYYY-MM-DD date within MIN_YEAR..MAX_YEAR, else `error` with the Chinese message."""
    text = str(text).strip()
    try:
        day = dt.date.fromisoformat(text)
        if len(text) != 10:
            raise ValueError
    except ValueError:
        raise error(f"日期“{text[:30]}”无效：请按 YYYY-MM-DD 填写，如 {example}。") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise error(f"日期 {text} 超出范围：年份应在 {MIN_YEAR}–{MAX_YEAR} 之间。")
    return day


def split_codes(raw) -> list[str] | None:
    """Codes from `a,b` text or a list of such (repeated query parameters), in order, each once;
    None when there are none (meaning: all)."""
    if raw is None:
        return None
    items = [raw] if isinstance(raw, str) else list(raw)
    codes: list[str] = []
    for item in items:
        for code in str(item).split(","):
            code = code.strip()
            if code and code not in codes:
                codes.append(code)
    return codes or None
