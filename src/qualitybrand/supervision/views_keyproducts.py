"""Pages of the key products catalogue (重点工业产品质量安全监管目录): the catalogue with its editor
(city office; change-logged through supervision/keyproducts.py) and the pass rates of a year by key
product category and county."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from qualitybrand.core import clock
from qualitybrand.core.filtering import parse_iso_date
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.selectors import history_for
from qualitybrand.supervision import keyproducts as kp
from qualitybrand.supervision.models import KeyProductCategory
from qualitybrand.supervision.views_repair import _flash

OFFICE = {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.LEADER}  # as the menu (core/navigation.py)


def _office(user) -> None:
    if not has_scoped_role(user, OFFICE):
        raise PermissionDenied("重点工业产品目录供市场监管部门使用。")


def _date(raw: str, label: str):
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return parse_iso_date(raw, ValidationError)
    except ValidationError as exc:
        raise ValidationError(f"{label}：{'；'.join(exc.messages)}") from None


@login_required
def catalogue(request):
    _office(request.user)
    is_city = has_scoped_role(request.user, {Role.CITY_ADMIN})
    status, form, editing = 200, {}, None
    raw_edit = request.GET.get("edit", "") or request.POST.get("pk", "")
    if is_city and raw_edit.isdecimal():
        editing = KeyProductCategory.objects.filter(pk=raw_edit).first()
    if request.method == "POST":
        if not is_city:
            raise PermissionDenied("只有市级管理员可以维护重点工业产品目录。")
        form = {k: request.POST.get(k, "") for k in ("name", "products", "valid_from", "valid_to")}
        try:
            if request.POST.get("delete") and editing is not None:
                kp.delete_category(request.user, editing)
                messages.success(request, f"已删除目录类别“{editing.name}”。")
                return redirect("supervision:key-products")
            saved = kp.save_category(request.user, name=form["name"], products=form["products"],
                                     valid_from=_date(form["valid_from"], "起始日期"),
                                     valid_to=_date(form["valid_to"], "截止日期"), category=editing)
            messages.success(request, f"目录类别“{saved.name}”已保存；此后导入的抽查记录未填“重点产品”时按目录判定。")
            return redirect("supervision:key-products")
        except ValidationError as exc:
            _flash(request, exc)
            status = 400
    elif editing is not None:
        form = {"name": editing.name, "products": "\n".join(editing.products or []),
                "valid_from": editing.valid_from.isoformat(),
                "valid_to": editing.valid_to.isoformat() if editing.valid_to else ""}
    today = clock.today()
    rows = [{"c": c, "current": c.valid_from <= today and (c.valid_to is None or c.valid_to >= today)}
            for c in KeyProductCategory.objects.order_by("name", "-valid_from")]
    return render(request, "supervision/key_products.html", {
        "rows": rows, "is_city": is_city, "form": form, "editing": editing,
        "history": history_for(editing) if editing is not None else None, "year": today.year,
    }, status=status)


@login_required
def pass_rates(request):
    _office(request.user)
    today = clock.today()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdecimal() and 1990 <= int(raw) <= 2100 else today.year
    data = kp.pass_rates(request.user, year)
    cells = data["cells"]
    table = []
    for category in data["categories"]:
        line = [(cells.get((category, rid)), kp.rate(cells.get((category, rid)))) for rid, _ in data["regions"]]
        total = cells.get((category, None))
        table.append({"category": category, "cells": line, "total": (total, kp.rate(total))})
    totals = [(cells.get(("", rid)), kp.rate(cells.get(("", rid)))) for rid, _ in data["regions"]]
    grand = cells.get(("", None))
    return render(request, "supervision/key_product_rates.html", {
        "year": year, "years": list(range(today.year, today.year - 8, -1)), "regions": data["regions"],
        "table": table, "totals": totals, "grand": (grand, kp.rate(grand)),
    })
