"""Raw input (a page's POST or the API's JSON) to the values the services take, with a Chinese message
per field for what cannot be read. Rules about the values themselves live in services.py."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from qualitybrand.core.filtering import find_region
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import regions_in_scope

from .models import MeasureKind, RiskLevel, RiskSource

RISK_FIELDS = ("title", "source", "source_ref", "level", "found", "region", "product", "product_category",
               "entities", "owner", "description")
MEASURE_FIELDS = ("kind", "date", "content", "entity", "requirements", "deadline", "inspections", "place",
                  "participants", "commitments", "followup_due")
DATE_FIELDS = {"found", "date", "deadline", "followup_due"}


def parse_date(raw, label: str) -> tuple[dt.date | None, str]:
    text = str(raw or "").strip()
    if not text:
        return None, ""
    try:
        return dt.date.fromisoformat(text), ""
    except ValueError:
        return None, f"{label}“{text[:20]}”不是有效日期：请按 2014-07-10 的格式填写。"


def owner_options(user) -> list[tuple[str, str]]:
    """Office users (city and county) of the user's scope, as (id, “name（region）”)."""
    users = (get_user_model().objects.filter(is_active=True, role__in=[Role.CITY_ADMIN, Role.COUNTY],
                                             region__in=regions_in_scope(user))
             .select_related("region").order_by("region__path", "username")[:500])
    return [(str(u.pk), f"{u.get_full_name() or u.username}（{u.region.name}）") for u in users]


def _owner(user, raw) -> tuple[object, str]:
    text = str(raw or "").strip()
    if not text:
        return None, ""
    if text.isdecimal() and len(text) < 12:
        found = get_user_model().objects.filter(pk=int(text), is_active=True,
                                                region__in=regions_in_scope(user)).first()
        if found is not None:
            return found, ""
    return None, f"负责人“{text[:20]}”不存在或不在您的管辖范围内。"


def parse_risk(user, data, *, partial: bool = False) -> tuple[dict, dict[str, list[str]]]:
    """(values, errors) of a risk's fields; with `partial` only the fields present are read."""
    values: dict = {}
    errors: dict[str, list[str]] = {}
    for name in RISK_FIELDS:
        if partial and name not in data:
            continue
        raw = data.get(name)
        if name == "found":
            values[name], problem = parse_date(raw, "发现日期")
        elif name == "region":
            region = find_region(raw) if raw not in (None, "") else None
            problem = "" if region is not None or raw in (None, "") else f"区划代码“{str(raw)[:20]}”不存在。"
            values[name] = region
        elif name == "owner":
            values[name], problem = _owner(user, raw)
        elif name == "entities":
            values[name], problem = (raw if isinstance(raw, list) else str(raw or "")), ""
        else:
            values[name], problem = str(raw if raw is not None else "").strip(), ""
        if problem:
            errors[name] = [problem]
    return values, errors


def parse_measure(data) -> tuple[dict, dict[str, list[str]]]:
    values: dict = {}
    errors: dict[str, list[str]] = {}
    labels = {"date": "日期", "deadline": "整改期限", "followup_due": "跟踪检查期限"}
    for name in MEASURE_FIELDS:
        raw = data.get(name)
        if name in DATE_FIELDS:
            values[name], problem = parse_date(raw, labels[name])
            if problem:
                errors[name] = [problem]
        elif name == "inspections":
            values[name] = raw if isinstance(raw, list) else str(raw or "")
        else:
            values[name] = str(raw if raw is not None else "").strip()
    return values, errors


CHOICES = {"source": RiskSource.values, "level": RiskLevel.values, "kind": MeasureKind.values}
