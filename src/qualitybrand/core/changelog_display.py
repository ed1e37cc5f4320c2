"""How a change-log entry reads to people (display only: what is stored stays as `core.changelog`
writes it, a contract of the API and the imports).

- object types by their Chinese name, each name once (`model_name`, `model_choices`);
- fields by their label (verbose_name, else `FALLBACK_LABELS`), the password never;
- values formatted: dates 2014-07-10, times in local time 2014-07-10 09:31, amounts with their
  unit, choices by label, booleans 是/否, references by the referenced object's name (resolved by
  the caller, one query per related model), lists joined, a dict (a score sheet, a document) as a
  small table — never raw JSON;
- an object stored as Django's "Xxx object (11)" reads as the object's current name, or its type
  and id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import re
from typing import Any

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import camel_case_to_spaces

EMPTY = "—"
HIDDEN_FIELDS = {"password"}
# Labels of fields that carry no verbose_name of their own (mostly Django's user model).
FALLBACK_LABELS = {"is_active": "有效", "locked_until": "锁定至", "failed_logins": "连续失败次数",
                   "password_changed_at": "密码修改时间", "selected_region": "所选区划", "selected_year": "所选年度",
                   "last_login": "上次登录", "is_superuser": "超级管理员", "is_staff": "后台权限",
                   "username": "用户名", "email": "电子邮箱", "first_name": "名", "last_name": "姓",
                   "date_joined": "注册时间", "application": "申报", "expert": "专家", "entity": "主体",
                   "round": "考核轮次", "scheme": "考核方案", "program": "认定项目", "region": "区划",
                   "item": "目标项", "target_set": "目标集", "recipient": "接收人", "uploaded_by": "上传人",
                   "uploaded_at": "上传时间", "created_at": "创建时间", "user": "用户", "file": "文件",
                   "reviewer": "评审人", "raised_by": "提出人", "entered_by": "填报人", "reviewed_by": "审核人",
                   "url": "链接", "kind": "类型", "code": "代码", "version": "版本", "position": "顺序",
                   "range_min": "下限", "range_max": "上限", "source_hash": "文件摘要", "object_key": "对象标识",
                   "salt": "盐值", "trademark": "商标", "recognition": "认定记录", "submitted_by": "提交人",
                   "time": "时间", "detail": "详情", "ip": "IP 地址", "user_agent": "浏览器"}
# Chinese names of models whose verbose_name is Django's English default, and of models that share
# a verbose_name with another (each object type is listed once, under a name of its own).
MODEL_NAMES = {"core.niceclass": "尼斯分类", "core.dataversion": "数据版本",
               "accounts.securityevent": "安全日志", "cultivation.expertconflict": "专家回避",
               "cultivation.pipelinetarget": "培育目标", "planning.targetitem": "目标项",
               "planning.targetallocation": "目标分解", "planning.documentversion": "文档版本",
               "planning.selfevaluation": "自评", "planning.manualscore": "评审评分",
               "indicators.indicatorevidence": "指标佐证材料", "planning.evidence": "考核佐证材料"}
UNITS = ("万元", "元", "件", "个", "项", "年", "天", "字节", "人次", "分", "%")
DEFAULT_REPR = re.compile(r"^\w+ object \((.+)\)$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_ROWS = 30  # of a table; the rest is counted


@dataclasses.dataclass
class FieldInfo:
    label: str
    kind: str = ""                               # "bool" | "date" | "datetime" | "number" | "fk" | "m2m" | ""
    unit: str = ""
    choices: dict[str, str] | None = None
    related: type[models.Model] | None = None


def _is_default_name(model: type[models.Model]) -> bool:
    return str(model._meta.verbose_name) == camel_case_to_spaces(model._meta.object_name)


def model_name(label_lower: str) -> str:
    """The Chinese name of an object type ("registry.entity" → 市场主体)."""
    if label_lower in MODEL_NAMES:
        return MODEL_NAMES[label_lower]
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return label_lower
    return str(model._meta.verbose_name)


def model_choices(models_: list[type[models.Model]]) -> list[tuple[str, str]]:
    """(filter value, name) of the object types, one per name sorted by name. Should two types still
    share a name, one value covers both: their labels joined by commas (see `model_filter`)."""
    by_name: dict[str, list[str]] = {}
    for model in models_:
        by_name.setdefault(model_name(model._meta.label_lower), []).append(model._meta.label_lower)
    return sorted(((",".join(sorted(labels)), name) for name, labels in by_name.items()), key=lambda c: c[1])


def model_filter(value: str) -> list[str]:
    """The model labels a filter value stands for."""
    return [v.strip() for v in value.split(",") if v.strip()]


def _split_unit(label: str) -> tuple[str, str]:
    match = re.match(r"^(.*?)\s*[（(]([^()（）]+)[)）]$", label)
    if match and match.group(2) in UNITS:
        return match.group(1), match.group(2)
    return label, ""


def field_infos(label_lower: str) -> dict[str, FieldInfo]:
    """What the display needs of each field of a model."""
    try:
        model = apps.get_model(label_lower)
    except (LookupError, ValueError):
        return {}
    infos = {}
    for f in model._meta.get_fields():
        if not hasattr(f, "verbose_name"):
            continue
        name = str(f.verbose_name)
        # Django's default verbose name is the field name with spaces: use ours instead.
        label = FALLBACK_LABELS.get(f.name, name) if name == f.name.replace("_", " ") else name
        info = FieldInfo(label=label)
        if getattr(f, "many_to_one", False) or getattr(f, "one_to_one", False):
            info.kind, info.related = "fk", f.related_model
        elif getattr(f, "many_to_many", False):
            info.kind, info.related = "m2m", f.related_model
        elif getattr(f, "choices", None):
            info.choices = {str(value): str(text) for value, text in f.flatchoices}
        elif isinstance(f, models.BooleanField):
            info.kind = "bool"
        elif isinstance(f, models.DateTimeField):
            info.kind = "datetime"
        elif isinstance(f, models.DateField):
            info.kind = "date"
        elif isinstance(f, models.DecimalField | models.IntegerField | models.FloatField):
            info.kind = "number"
            info.label, info.unit = _split_unit(label)
        infos[f.name] = info
    return infos


# --- values ------------------------------------------------------------------------------------

def local_time(value: dt.datetime | None) -> str:
    """2014-07-10 09:31 in TIME_ZONE."""
    if value is None:
        return EMPTY
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _parse_datetime(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed


def _number(value: Any) -> str:
    try:
        number = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# Keys of the JSON documents stored in records (rule lists and their results, target sets, schemes,
# score sheets): a nested table heads its columns with these words, never the stored key.
KEY_LABELS = {
    "type": "类型", "label": "条件", "passed": "是否通过", "reason": "说明", "records": "依据记录", "kind": "类别",
    "id": "编号", "text": "内容", "program": "项目", "years": "年限", "score": "分数", "scheme": "评分方案",
    "code": "代码", "name": "名称", "year": "年度", "region": "区划", "items": "项目", "item": "项目",
    "indicator": "指标", "target": "目标", "allocations": "分解", "points": "分值", "rule": "计分规则",
    "order": "排序", "grades": "等级", "grade": "等级", "min": "下限", "max": "上限", "assessed": "被考核区划",
    "veto": "否决项", "pct": "得分率", "note": "说明", "comment": "意见", "evidence": "佐证材料",
    "status": "状态", "section": "分组", "weight": "权重", "value": "数值", "unit": "单位",
    "formula": "公式", "definition": "定义", "direction": "方向", "owner": "责任部门",
}
# Stored codes that stand for a Chinese name (apps add theirs, e.g. cultivation's rule types).
VALUE_LABELS: dict[str, str] = {}


def key_label(key: Any) -> str:
    return KEY_LABELS.get(key, key) if isinstance(key, str) else str(key)


def _scalar(value: Any) -> str:
    """A value without field information: booleans, dates and times recognised by their form."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return local_time(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | float):
        return _number(value)
    if isinstance(value, str):
        if value in VALUE_LABELS:
            return VALUE_LABELS[value]
        if ISO_DATETIME.match(value):
            parsed = _parse_datetime(value)
            if parsed is not None:
                return local_time(parsed)
        return value
    return str(value)


def table(value: dict | list) -> SafeString:
    """A dict as a two-column table, a list of dicts as a table with a column per key; nested values
    as nested tables. Long ones show their first MAX_ROWS rows and count the rest."""
    if isinstance(value, dict):
        items = list(value.items())
        rows = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                                ((key_label(key), show(item)) for key, item in items[:MAX_ROWS]))
        more = _more(len(items), 2)
        return format_html('<table class="kv">{}{}</table>', rows, more)
    keys = list(dict.fromkeys(k for row in value if isinstance(row, dict) for k in row))
    head = format_html_join("", "<th scope=\"col\">{}</th>", ((key_label(k),) for k in keys))
    body = format_html_join("", "<tr>{}</tr>", (
        (format_html_join("", "<td>{}</td>", ((show(row.get(k)) if isinstance(row, dict) else show(row),)
                                              for k in keys)),)
        for row in value[:MAX_ROWS]))
    more = _more(len(value), len(keys))
    return format_html('<table class="kv"><thead><tr>{}</tr></thead><tbody>{}{}</tbody></table>', head, body, more)


def _more(count: int, columns: int) -> str:
    if count <= MAX_ROWS:
        return ""
    return format_html('<tr><td colspan="{}" class="muted">……共 {} 项</td></tr>', max(columns, 1), count)


def show(value: Any) -> str:
    """Any stored value, without knowing its field."""
    if isinstance(value, dict):
        return table(value) if value else EMPTY
    if isinstance(value, list | tuple):
        if not value:
            return EMPTY
        if any(isinstance(v, dict) for v in value):
            return table(list(value))
        if any(isinstance(v, list | tuple) for v in value):
            return format_html_join("", "<div>{}</div>", ((show(v),) for v in value))
        return "、".join(_scalar(v) for v in value)
    return _scalar(value)


def format_value(value: Any, info: FieldInfo | None = None, names: dict | None = None) -> str:
    """A stored value of a field as people read it. `names` maps the ids of a reference field to
    the referenced objects' names."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if info is None:
        return show(value)
    if info.kind in ("fk", "m2m"):
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, dict | list) for v in values):
            return show(value)
        names = names or {}
        type_name = model_name(info.related._meta.label_lower) if info.related is not None else ""
        shown = [names.get(v, names.get(str(v))) or f"{type_name}#{v}" for v in values]
        return "、".join(shown)
    if info.choices is not None and not isinstance(value, dict | list):
        return info.choices.get(str(value), _scalar(value))
    if info.kind == "bool":
        return "是" if value else "否"
    if info.kind == "datetime" and isinstance(value, str):
        parsed = _parse_datetime(value)
        return local_time(parsed) if parsed else value
    if info.kind == "date" and isinstance(value, str):
        return value[:10] if ISO_DATE.match(value[:10]) else value
    if info.kind == "number" and not isinstance(value, dict | list | bool):
        return f"{_number(value)} {info.unit}" if info.unit else _number(value)
    return show(value)


def object_name(entry, current: dict[tuple[str, str], str] | None = None) -> str:
    """The object of an entry: its stored name, unless that is Django's "Xxx object (11)"; then its
    current name if it still exists, else its type and id."""
    text = entry.object_repr or ""
    if text and not DEFAULT_REPR.match(text):
        return text
    found = (current or {}).get((entry.model, str(entry.object_id)))
    return found or f"{model_name(entry.model)}#{entry.object_id}"


def needs_current_name(entry) -> bool:
    return not entry.object_repr or bool(DEFAULT_REPR.match(entry.object_repr))
