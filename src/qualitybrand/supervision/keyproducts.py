"""重点工业产品质量安全监管目录 as data (KeyProductCategory): the catalogue's reads and writes, the
derivation of an inspection's 重点产品 flag from its 产品类别, and the pass rates by category and county.

A product category is a key product on a day when a category valid that day (起始日期 ≤ day, 截止日期
empty or ≥ day) names it — its own name or one of its product names, compared exactly (after trimming),
so that nothing is flagged by a loose resemblance."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q

from qualitybrand.core.roles import VIEW, Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.services import create_record, delete_record, update_record

from .models import Inspection, KeyProductCategory


def _key(text) -> str:
    return "".join(str(text or "").split())


class Catalogue:
    """The whole catalogue read once: `category_of(product, day)` → the category's name or None."""

    def __init__(self, rows=None):
        rows = list(KeyProductCategory.objects.all()) if rows is None else rows
        self.by_name: dict[str, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
        for c in rows:
            for name in {c.name, *(c.products or [])}:
                if _key(name):
                    self.by_name[_key(name)].append((c.valid_from, c.valid_to, c.name))

    def category_of(self, product: str, day: dt.date | None) -> str | None:
        for start, end, name in self.by_name.get(_key(product), ()):
            if day is None or (start <= day and (end is None or end >= day)):
                return name
        return None

    def is_key(self, product: str, day: dt.date | None) -> bool:
        return self.category_of(product, day) is not None


# --- writes (city office, change-logged) ---------------------------------------------------------

def _products(raw) -> list[str]:
    items = raw if isinstance(raw, list | tuple) else str(raw or "").replace("，", "\n").replace("、", "\n") \
        .replace(",", "\n").splitlines()
    out: list[str] = []
    for item in items:
        text = str(item).strip()
        if text and text not in out:
            out.append(text[:100])
    return out


def _check_city(user) -> None:
    if user is not None and not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以维护重点工业产品目录。")


@transaction.atomic
def save_category(user, *, name: str, products, valid_from: dt.date | None, valid_to: dt.date | None = None,
                  category: KeyProductCategory | None = None) -> KeyProductCategory:
    _check_city(user)
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写目录类别名称。")
    if len(name) > 100:
        raise ValidationError("目录类别名称不能超过 100 个字符。")
    if valid_from is None:
        raise ValidationError("请填写起始日期（YYYY-MM-DD）。")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError("截止日期不能早于起始日期。")
    items = _products(products)
    if not items:
        raise ValidationError("请至少填写一个产品名称（每行一个）。")
    clash = KeyProductCategory.objects.filter(name=name, valid_from=valid_from)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise ValidationError(f"目录类别“{name}”自 {valid_from.isoformat()} 起的版本已存在。")
    values = {"name": name, "products": items, "valid_from": valid_from, "valid_to": valid_to}
    if category is None:
        return create_record(user, KeyProductCategory(**values), reason="新增重点产品目录类别", check=False)
    return update_record(user, category, values, reason="修改重点产品目录类别", check=False)


@transaction.atomic
def delete_category(user, category: KeyProductCategory) -> None:
    _check_city(user)
    delete_record(user, category, reason="删除重点产品目录类别", check=False)


# --- pass rates by key product category and county ----------------------------------------------

def pass_rates(user, year: int) -> dict:
    """Batches and passed batches of `year` by key product category (as the catalogue says on each
    batch's 抽样日期) and by the batch's region, scoped to the user: {"categories": [...], "regions":
    [...], "cells": {(category, region_id): (batches, passed)}, "totals": ...}."""
    catalogue = Catalogue()
    qs = (Inspection.objects.for_user(user, VIEW).filter(sampled__year=year)
          .values("product_category", "sampled", "region_id", "region__name", "region__code")
          .annotate(n=Count("id"), passed=Count("id", filter=Q(conclusion="合格"))).order_by())
    cells: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    regions: dict[int, tuple[str, str]] = {}
    for row in qs:
        category = catalogue.category_of(row["product_category"], row["sampled"])
        if category is None:
            continue
        regions[row["region_id"]] = (row["region__code"], row["region__name"])
        for key in ((category, row["region_id"]), (category, None), ("", row["region_id"]), ("", None)):
            cells[key][0] += row["n"]
            cells[key][1] += row["passed"]
    categories = sorted({c for c, _ in cells if c})
    return {"categories": categories, "regions": sorted(regions.items(), key=lambda kv: kv[1][0]),
            "cells": {k: tuple(v) for k, v in cells.items()}}


def rate(cell) -> float | None:
    if not cell or not cell[0]:
        return None
    return cell[1] * 100 / cell[0]
