"""Pages of the engine: the indicator catalog with values (.xlsx export), reported value entry (填报) and
review (审核). Every figure comes from the engine and links to its records. The dashboard is the top
floor's (reports/dashboard.py); /indicators/ forwards to it for old bookmarks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.indicators.periods import reporting_period
from qualitybrand.indicators.selectors import figure, figure_selection, format_value


@login_required
def dashboard_moved(request):
    """The dashboard moved to the top floor (/reports/dashboard/); old links and bookmarks keep working."""
    query = request.META.get("QUERY_STRING", "")
    return redirect("/reports/dashboard/" + (f"?{query}" if query else ""), permanent=True)


def _catalog_rows(region, year):
    period = reporting_period(year)
    specs = catalog.all_specs()
    values = compute([s.code for s in specs], period, regions=[region])
    return [dict(figure(s, values[(s.code, region.code)], region, period), source=s.source, owner=s.owner)
            for s in specs]


SOURCE_LABELS = {"derived": "台账计算", "reported": "部门填报", "formula": "公式"}
KIND_LABELS = {"flow": "期间量", "stock": "时点量"}


@login_required
def catalog_page(request):
    region, year = figure_selection(request)
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
    from urllib.parse import quote

    from qualitybrand.core import xlsxbook

    period = reporting_period(year)
    book = xlsxbook.Book()
    book.sheet("指标", title="指标目录", lines=[f"区划：{region.name}（{region.code}）；统计期：{period.label()}"],
               columns=["指标代码", "指标名称", "单位", "数值", "类型", "来源", "责任部门", "定义"],
               rows=[[row["code"], row["name"], row["unit"], "—" if row["value"] is None else float(row["value"]),
                      row["kind_label"], row["source_label"], row["owner"], row["definition"]] for row in rows],
               widths=[30, 30, 8, 12, 10, 12, 16, 60], number_formats={3: "General"},
               notes=[f"数据来源：质量强市与品牌战略综合管理平台，{region.name}，{period.label()}"])
    response = HttpResponse(book.to_bytes(), content_type=xlsxbook.XLSX_TYPE)
    name = quote(f"指标目录_{region.name}_{period.end.isoformat()}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@login_required
def values_page(request):
    """Reported values: department users enter (填报), city reviewers approve or return (审核)."""
    from qualitybrand.core.selection import scope_regions
    from qualitybrand.indicators.reported import all_reported
    from qualitybrand.indicators.services import is_reviewer, save_indicator_value

    user = request.user
    region, year = figure_selection(request)
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
