"""Pages: the dashboard (指标与看板), the indicator catalog with values (.xlsx export), reported value
entry (填报) and review (审核). Every figure comes from the engine and links to its records."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string

from qualitybrand.core import clock
from qualitybrand.indicators import catalog
from qualitybrand.indicators.cache import request_scope
from qualitybrand.indicators.drilldown import drilldown
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.indicators.periods import reporting_period
from qualitybrand.indicators.selectors import (
    BadRequest,
    cached_section,
    format_value,
    inspection_by_product,
    overdue_task_flags,
    parse_year,
    shortfall_flags,
    target_progress_rows,
)

KEY_FIGURES = ["entity.count", "tm.valid", "tm.per100", "tm.registrations", "insp.pass_rate", "patent.applications",
               "patent.invention_valid", "cert.valid", "std.published", "case.closed", "incident.count",
               "pledge.amount"]
TREND_CODES = ["tm.valid", "tm.registrations", "insp.pass_rate", "patent.applications", "patent.grants"]
CREDIT_CODES = ["credit.grade.a", "credit.grade.b", "credit.grade.c", "credit.grade.d"]
COMPARE_CODES = ["entity.count", "tm.valid", "tm.per100", "insp.pass_rate", "patent.applications", "case.closed"]
LEVELS = [("national", "国家"), ("provincial", "省"), ("city", "市"), ("county", "县")]


def _selection(request):
    """(region, year) from query params, else the shell's selection; limited to the user's scope."""
    from qualitybrand.core.selection import current_selection, scope_regions
    from qualitybrand.indicators.selectors import may_read_figures

    if not may_read_figures(request.user):
        raise PermissionDenied("您的角色不能查看区域指标。")
    regions = scope_regions(request.user)
    shell = current_selection(request)
    region = shell.get("qb_region")
    year = shell.get("qb_year") or clock.today().year
    code = request.GET.get("region")
    if code:
        region = regions.filter(code=code).first()
        if region is None:
            raise PermissionDenied(f"区划 {code} 不存在或不在您的管辖范围内。")
    if request.GET.get("year"):
        try:
            year = parse_year(request.GET["year"])
        except BadRequest as exc:
            raise PermissionDenied(str(exc)) from None
    return region, int(year)


def _figure(spec, value, region, period, previous=None):
    fig = {"code": spec.code, "name": spec.name, "unit": spec.unit, "value": value, "definition": spec.definition,
           "text": format_value(spec, value), "url": drilldown(spec.code, region, period, spec), "direction": spec.direction,
           "kind": spec.kind}
    if previous is not None or value is not None:
        fig["previous"] = format_value(spec, previous)
        if value is not None and previous is not None:
            delta = value - previous
            fig["delta"] = delta
            sign = "+" if delta > 0 else ""
            if spec.unit == "%":
                fig["delta_text"] = f"{sign}{format_value(spec, delta).rstrip('%')} 个百分点"
            else:
                fig["delta_text"] = f"{sign}{format_value(spec, delta)}"
            better = (delta > 0) if spec.direction == "higher" else (delta < 0)
            fig["trend"] = "flat" if delta == 0 else ("good" if better else "bad")
    return fig


@login_required
def dashboard(request):
    """The figures (the same for everyone who may see the region) are rendered once per data version and
    cached as HTML; the sections that depend on the user's scope (target sets, overdue tasks) are read live
    with a few queries, and the pipeline's 后备不足 flags come from a data-version cache too."""
    from django.utils.safestring import mark_safe

    region, year = _selection(request)
    if region is None:
        return render(request, "indicators/dashboard.html", {"empty": True, "year": year})
    rank_code = request.GET.get("rank") if request.GET.get("rank") in COMPARE_CODES else "tm.per100"
    with request_scope():  # the catalog, region tree and data version read once (indicators/cache.py)
        cards_html, figures_html = dashboard_figures(region, year, rank_code)
        return render(request, "indicators/dashboard.html", {
            "region": region, "year": year, "trend_years": list(range(year - 4, year + 1)),
            "period": reporting_period(year),
            "cards_html": mark_safe(cards_html), "figures_html": mark_safe(figures_html),  # noqa: S308 — our render
            "target_sets": target_progress_rows(request.user, region, year),
            "overdue": overdue_task_flags(request.user, region),
        })


@login_required
def shortfalls_panel(request):
    """The pipeline's 后备不足 flags, which the dashboard loads once it is shown: they evaluate the
    recognition rules of every program (cached by data version and precomputed after imports, but a
    first reader must not wait for them to see the figures)."""
    region, _year = _selection(request)
    if region is None:
        return HttpResponse("")
    return render(request, "indicators/_shortfall_flag.html",
                  {"shortfalls": shortfall_flags(request.user, region), "region": region})


def dashboard_figures(region, year: int, rank_code: str = "tm.per100") -> tuple[str, str]:
    """The dashboard's figures as HTML (cards, figures), the same for everyone who may see the region:
    rendered once per data version in the cache every worker shares (and by the precompute task)."""
    def build():
        context = _figures_context(region, year, rank_code)
        return (render_to_string("indicators/_dashboard_cards.html", context),
                render_to_string("indicators/_dashboard_figures.html", context))

    with request_scope(years=range(year - 4, year + 1)):
        return cached_section(figures_key(region, year, rank_code), build)


def figures_key(region, year: int, rank_code: str = "tm.per100") -> tuple:
    return ("figures", region.code, year, rank_code, clock.today().isoformat())


def _figures_context(region, year: int, rank_code: str) -> dict:
    from qualitybrand.core.models import Region
    from qualitybrand.registry.models import Program

    period = reporting_period(year)
    before = period.same_span_a_year_before()
    specs = catalog.specs_by_code()
    children = list(Region.objects.filter(parent=region).exclude(kind="乡镇街道").order_by("code"))
    programs = list(Program.objects.order_by("id"))
    brand_codes = [f"rec.valid.{p.code}" for p in programs] + [f"rec.share.{p.code}" for p in programs]
    codes = list(dict.fromkeys(KEY_FIGURES + COMPARE_CODES + brand_codes
                               + [f"insp.{slug}.pass_rate" for slug, _ in LEVELS]
                               + [f"insp.{slug}.batches" for slug, _ in LEVELS] + CREDIT_CODES))
    now = compute(codes, period, regions=[region] + children)
    prev = compute(KEY_FIGURES, before, regions=[region])
    cards = [_figure(specs[c], now[(c, region.code)], region, period, prev[(c, region.code)]) for c in KEY_FIGURES]

    trend_years = list(range(year - 4, year + 1))
    trend_periods = {y: reporting_period(y) for y in trend_years}
    trend_values = {y: compute(TREND_CODES, trend_periods[y], regions=[region]) for y in trend_years}
    trends = [{"code": c, "name": specs[c].name, "unit": specs[c].unit, "definition": specs[c].definition,
               "values": [trend_values[y][(c, region.code)] for y in trend_years],
               "cells": [{"text": format_value(specs[c], trend_values[y][(c, region.code)]),
                          "url": drilldown(c, region, trend_periods[y], specs[c])} for y in trend_years]} for c in TREND_CODES]

    comparison = []
    for child in children:
        row = {"region": child, "figures": [_figure(specs[c], now[(c, child.code)], child, period)
                                            for c in COMPARE_CODES]}
        comparison.append(row)
    rank_index = COMPARE_CODES.index(rank_code)
    ranking = sorted(comparison, key=lambda r: (r["figures"][rank_index]["value"] is None,
                                                -(r["figures"][rank_index]["value"] or 0)))

    tiers = []
    for kind, title in (("商标", "商标品牌"), ("产品", "名牌产品"), ("企业", "质量奖")):
        levels = []
        for level in ("国家", "省", "市"):
            for p in programs:
                if p.object_kind == kind and p.level == level:
                    code = f"rec.valid.{p.code}"
                    share = f"rec.share.{p.code}"
                    levels.append(dict(_figure(specs[code], now[(code, region.code)], region, period),
                                       program=p.name,
                                       share=_figure(specs[share], now[(share, region.code)], region, period)))
        if levels:
            tiers.append({"title": title, "levels": levels})

    inspection = [dict(_figure(specs[f"insp.{slug}.pass_rate"], now[(f"insp.{slug}.pass_rate", region.code)],
                               region, period), label=label,
                       batches=now[(f"insp.{slug}.batches", region.code)]) for slug, label in LEVELS]
    chart = {
        "years": [_trend_label(trend_periods[y]) for y in trend_years],
        "trends": [{"name": t["name"], "unit": t["unit"], "values": t["values"]} for t in trends],
        "compare": {"regions": [c.name for c in children],
                    "series": [{"name": specs[c].name, "unit": specs[c].unit,
                                "values": [now[(c, ch.code)] for ch in children]} for c in COMPARE_CODES]},
        "tiers": [{"title": t["title"], "items": [{"name": f["program"], "value": f["value"] or 0} for f in t["levels"]]}
                  for t in tiers],
        "inspection": {"levels": [i["label"] + "级" for i in inspection],
                       "values": [i["value"] for i in inspection]},
    }
    return {
        "region": region, "year": year, "cards": cards, "trends": trends, "trend_years": trend_years,
        "comparison": comparison, "ranking": ranking, "rank_code": rank_code, "rank_spec": specs[rank_code],
        "rank_index": rank_index, "compare_specs": [specs[c] for c in COMPARE_CODES], "tiers": tiers,
        "inspection": inspection, "chart": chart, "period": period, "compare_label": before_label(period),
        "trend_labels": [_trend_label(trend_periods[y]) for y in trend_years],
        "products": inspection_by_product(region, period),
        "credit": [_credit_row(r, now, specs, period, r == region) for r in [region] + children],
    }


def _credit_row(region, now, specs, period, whole: bool) -> dict:
    """A row of the grade distribution (credit.grade.*): the four grades with drill-downs, total, A share."""
    figures = [_figure(specs[c], now[(c, region.code)], region, period) for c in CREDIT_CODES]
    total = sum(f["value"] or 0 for f in figures)
    share = f"{figures[0]['value'] * 100 / total:.1f}%" if total else "—"
    return {"region": region, "figures": figures, "total": total, "a_share": share, "whole": whole}


def before_label(period) -> str:
    return period.span_label()


def _trend_label(period) -> str:
    """A year's column heading; the current year says where it stops."""
    if period.is_whole_year:
        return str(period.start.year)
    return f"{period.start.year}（截至 {period.end.month} 月 {period.end.day} 日）"


def _catalog_rows(region, year):
    period = reporting_period(year)
    specs = catalog.all_specs()
    values = compute([s.code for s in specs], period, regions=[region])
    return [dict(_figure(s, values[(s.code, region.code)], region, period), source=s.source, owner=s.owner)
            for s in specs]


SOURCE_LABELS = {"derived": "台账计算", "reported": "部门填报", "formula": "公式"}
KIND_LABELS = {"flow": "期间量", "stock": "时点量"}


@login_required
def catalog_page(request):
    region, year = _selection(request)
    if region is None:
        return render(request, "indicators/catalog.html", {"empty": True, "year": year})
    rows = _catalog_rows(region, year)
    only = request.GET.get("code")
    if only:
        rows = [r for r in rows if r["code"] == only] or rows
    for row in rows:
        row["source_label"] = SOURCE_LABELS.get(row["source"], row["source"])
        row["kind_label"] = KIND_LABELS.get(row["kind"], row["kind"])
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, region, year)
    return render(request, "indicators/catalog.html", {"rows": rows, "region": region, "year": year,
                                                       "period": reporting_period(year)})


def _xlsx(rows, region, year) -> HttpResponse:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("指标")
    head = book.add_format({"bold": True, "bg_color": "#DCE6F2", "border": 1})
    sheet.write_row(0, 0, ["指标代码", "指标名称", "单位", "数值", "类型", "来源", "责任部门", "定义"], head)
    for i, row in enumerate(rows, start=1):
        value = row["value"]
        sheet.write_string(i, 0, row["code"])
        sheet.write_string(i, 1, row["name"])
        sheet.write_string(i, 2, row["unit"])
        if value is None:
            sheet.write_string(i, 3, "—")
        else:
            sheet.write_number(i, 3, float(value))
        sheet.write_string(i, 4, row["kind_label"])
        sheet.write_string(i, 5, row["source_label"])
        sheet.write_string(i, 6, row["owner"])
        sheet.write_string(i, 7, row["definition"])
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 30)
    sheet.set_column(7, 7, 60)
    sheet.write_string(len(rows) + 2, 0, f"数据来源：质量强市与品牌战略综合管理平台，{region.name}，"
                                           f"{reporting_period(year).label()}")
    book.close()
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    from urllib.parse import quote

    name = quote(f"指标目录_{region.name}_{reporting_period(year).end.isoformat()}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def values_page(request):
    """Reported values: department users enter (填报), city reviewers approve or return (审核)."""
    from qualitybrand.core.selection import scope_regions
    from qualitybrand.indicators.reported import all_reported
    from qualitybrand.indicators.services import is_reviewer, save_indicator_value

    user = request.user
    region, year = _selection(request)
    from django.db.models import Count

    qs = IndicatorValue.objects.for_user(user).select_related("region", "entered_by", "reviewed_by") \
        .annotate(n_evidence=Count("evidence")).prefetch_related("evidence")
    if request.GET.get("code"):
        qs = qs.filter(code=request.GET["code"])
    if region is not None:
        qs = qs.filter(region__path__startswith=region.path)
    if request.GET.get("status"):
        qs = qs.filter(status=request.GET["status"])
    qs = qs.filter(year=year).order_by("code", "region__path")
    definitions = all_reported()
    department = getattr(getattr(user, "department", None), "name", "")
    if getattr(user, "role", "") == "department" and department:
        definitions = [d for d in definitions if d.owner == department]
    names = {d.code: d for d in all_reported()}
    form = {"code": "", "region": region.code if region else "", "year": year, "value": "", "note": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "").strip() for k in ("code", "region", "year", "value", "note")}
        target = scope_regions(user).filter(code=form["region"]).first()
        try:
            if target is None:
                raise ValidationError({"region": "请选择您管辖范围内的区划。"})
            obj = save_indicator_value(user, code=form["code"], region=target, year=form["year"],
                                       value=form["value"], note=form["note"])
            if request.FILES.get("evidence"):
                from qualitybrand.indicators.services import add_evidence

                add_evidence(user, obj, request.FILES["evidence"])
            messages.success(request, "已填报，等待市级审核。" if obj.status == "填报" else "已保存并生效。")
            return redirect(f"{request.path}?year={obj.year}&region={region.code if region else ''}")
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"detail": " ".join(exc.messages)}
        except PermissionDenied as exc:
            errors = {"detail": str(exc)}
    specs = catalog.specs_by_code()
    rows = [{"obj": v, "spec": names.get(v.code), "text": format_value(specs.get(v.code), v.value)} for v in qs]
    return render(request, "indicators/values.html", {
        "rows": rows, "definitions": definitions, "form": form, "errors": errors, "year": year,
        "region": region, "regions": scope_regions(user).exclude(kind="乡镇街道").order_by("path"),
        "reviewer": is_reviewer(user) and getattr(user, "role", "") != "", "can_enter": user.is_superuser
        or getattr(user, "role", "") in ("city_admin", "county", "department"),
    })


@login_required
def review_value(request, pk: int):
    from qualitybrand.indicators.services import review_indicator_value

    if request.method != "POST":
        return redirect("indicators:values")
    value = get_object_or_404(IndicatorValue.objects.for_user(request.user), pk=pk)
    try:
        review_indicator_value(request.user, value, approve=request.POST.get("action") == "approve",
                               comment=request.POST.get("comment", ""))
        messages.success(request, "审核通过。" if request.POST.get("action") == "approve" else "已退回。")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"/indicators/values/?year={value.year}")


@login_required
def evidence_file(request, pk: int):
    """Download a 佐证材料 file, only when its value lies in the user's scope."""
    from django.http import FileResponse, Http404

    from qualitybrand.indicators.models import IndicatorEvidence

    evidence = IndicatorEvidence.objects.filter(pk=pk).first()
    if evidence is None or not IndicatorValue.objects.for_user(request.user).filter(pk=evidence.value_id).exists():
        raise Http404("没有找到该佐证材料，或它不在您的管辖范围内。")
    try:
        handle = evidence.file.open("rb")
    except OSError:
        raise Http404("佐证材料文件已不存在。") from None
    return FileResponse(handle, as_attachment=True, filename=evidence.name)


@login_required
def define_indicators(request):
    """The office's own indicators: paste YAML documents (kind: indicator) — city administrators only."""
    import yaml

    from qualitybrand.indicators.services import load_indicator_document

    user = request.user
    if not (user.is_superuser or getattr(user, "role", "") == "city_admin"):
        raise PermissionDenied("只有市级管理员可以定义指标。")
    text = request.POST.get("yaml", "") if request.method == "POST" else ""
    results, error = [], ""
    if request.method == "POST":
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
            if not docs:
                raise ValidationError("没有可加载的指标定义：请粘贴 kind: indicator 的 YAML 文档。")
            from django.db import transaction

            with transaction.atomic():
                for n, doc in enumerate(docs, start=1):
                    try:
                        results.append(load_indicator_document(doc, user=user))
                    except ValidationError as exc:
                        raise ValidationError(f"第 {n} 个文档：{' '.join(exc.messages)}") from None
            labels = {"created": "新建", "updated": "已更新", "unchanged": "未变化"}
            messages.success(request, "已加载：" + "；".join(f"{code}（{labels[status]}）" for code, status in results))
            return redirect("indicators:define")
        except yaml.YAMLError as exc:
            error = f"YAML 格式有误：{str(exc).splitlines()[0]}。请检查缩进和冒号。"
        except ValidationError as exc:
            error = " ".join(exc.messages)
    from qualitybrand.indicators.models import IndicatorDefinition

    return render(request, "indicators/define.html", {
        "text": text, "error": error, "definitions": IndicatorDefinition.objects.order_by("code"),
    })
