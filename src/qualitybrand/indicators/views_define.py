"""The office's own indicators in an editor (instead of YAML): a form with a formula builder over the
catalog's codes, a live preview of the value for a region and year, and a YAML export.

Saving builds the same document the YAML path loads (`kind: indicator`, indicators.md) and calls
`services.load_indicator_document`, so the data, versions and change log are the same. Every bad input
is answered at its field with a Chinese message and nothing is saved.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.indicators.models import IndicatorDefinition

FIELDS = ("code", "name", "unit", "type", "direction", "definition", "formula", "owner", "aggregation",
          "range_min", "range_max")
TYPE_LABELS = {"formula": "公式（由其他指标计算）", "reported": "填报（由部门填报）"}
DIRECTION_LABELS = {"higher": "越高越好", "lower": "越低越好"}
AGGREGATION_LABELS = {"none": "仅本级填报值", "sum": "无本级值时按下级合计"}


def _require_definer(user) -> None:
    if not has_scoped_role(user, {Role.CITY_ADMIN}):
        raise PermissionDenied("只有市级管理员可以定义指标。")


# --- checking a formula and a form -------------------------------------------------------------

def _constant(tree):
    """The value of a subtree made of numbers only, else None (a code has no value here)."""
    from qualitybrand.indicators.formula import evaluate

    return evaluate(tree, {})


def _divides_by_zero(tree) -> bool:
    kind = tree[0]
    if kind in ("num", "code"):
        return False
    if kind == "neg":
        return _divides_by_zero(tree[1])
    if kind == "/" and _constant(tree[2]) == 0:
        return True
    return _divides_by_zero(tree[1]) or _divides_by_zero(tree[2])


def check_formula(formula: str, code: str = "") -> tuple[object, list[str]]:
    """(parsed tree, components) of a formula for indicator `code`, or ValidationError (Chinese)."""
    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.formula import FormulaError, components, parse
    from qualitybrand.indicators.services import _check_components

    formula = (formula or "").strip()
    if not formula:
        raise ValidationError("请填写公式：从指标目录中选择指标，用 + - × ÷ 和括号连接，如 std.published.national "
                              "+ std.published.industry。")
    if len(formula) > 1000:
        raise ValidationError(f"公式过长（{len(formula)} 个字符）：最多 1000 个字符。")
    try:
        tree = parse(formula)
    except FormulaError as exc:
        raise ValidationError(str(exc)) from None
    comps = components(formula)
    if code and code in comps:
        raise ValidationError(f"公式不能引用本指标自身（{code}）。")
    specs = catalog.specs_by_code()
    unknown = [c for c in comps if c not in specs]
    if unknown:
        raise ValidationError(f"公式引用了未知的指标代码：{'、'.join(unknown)}。请从指标目录中选择指标。")
    if _divides_by_zero(tree):
        raise ValidationError("公式中有除以常数 0 的运算：结果将永远为空（—），请修改除数。")
    if code:
        try:
            _check_components(code, comps)
        except ValidationError as exc:
            message = " ".join(exc.messages)
            if "循环" in message:
                message = f"公式通过其他自定义指标间接引用了本指标自身（{code}），形成循环引用，不能保存。"
            raise ValidationError(message) from None
    return tree, comps


def _decimal_text(value: str, what: str) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
        if not number.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        raise ValidationError(f"{what}“{value}”不是数字：请填写数字，如 0 或 100。") from None
    return number


def document_from_form(data: dict, *, editing: IndicatorDefinition | None = None) -> tuple[dict, dict[str, str]]:
    """The YAML document (`kind: indicator`) the form describes and the errors by field."""
    from qualitybrand.indicators.services import CUSTOM_CODE

    errors: dict[str, str] = {}
    code = editing.code if editing is not None else data.get("code", "").strip()
    if not code:
        errors["code"] = "请填写指标代码：以 custom. 开头，如 custom.hitech_share。"
    elif not CUSTOM_CODE.match(code):
        errors["code"] = (f"指标代码“{code}”无效：须以 custom. 开头，只含小写字母、数字、下划线和点，"
                          f"如 custom.hitech_share。")
    elif editing is None and IndicatorDefinition.objects.filter(code=code).exists():
        errors["code"] = f"指标代码 {code} 已存在：请换一个代码，或在列表中点“修改”编辑该指标。"
    name = data.get("name", "").strip()
    if not name:
        errors["name"] = "请填写指标名称，如 参与制修订国家和行业标准。"
    elif len(name) > 200:
        errors["name"] = "指标名称最多 200 个字。"
    unit = data.get("unit", "").strip()
    if len(unit) > 20:
        errors["unit"] = "单位最多 20 个字，如 %、件、项、万元。"
    kind = data.get("type", "").strip()
    if kind not in TYPE_LABELS:
        errors["type"] = "请选择指标类型：公式或填报。"
    direction = data.get("direction", "higher").strip() or "higher"
    if direction not in DIRECTION_LABELS:
        errors["direction"] = "请选择指标方向：越高越好或越低越好。"
    doc = {"kind": "indicator", "code": code, "name": name, "unit": unit, "type": kind, "direction": direction}
    definition = data.get("definition", "").strip()
    if definition:
        doc["definition"] = definition
    if kind == "formula":
        formula = data.get("formula", "").strip()
        try:
            check_formula(formula, code if "code" not in errors else "")
        except ValidationError as exc:
            errors["formula"] = " ".join(exc.messages)
        doc["formula"] = formula
    elif kind == "reported":
        owner = data.get("owner", "").strip()
        if not owner:
            errors["owner"] = "请填写负责填报的部门，如 科技、统计。"
        elif len(owner) > 50:
            errors["owner"] = "责任部门最多 50 个字。"
        aggregation = data.get("aggregation", "none").strip() or "none"
        if aggregation not in AGGREGATION_LABELS:
            errors["aggregation"] = "请选择汇总方式。"
        doc.update(owner=owner, aggregation=aggregation)
        bounds = []
        for field, what in (("range_min", "取值下限"), ("range_max", "取值上限")):
            try:
                bounds.append(_decimal_text(data.get(field, ""), what))
            except ValidationError as exc:
                errors[field] = " ".join(exc.messages)
                bounds.append(None)
        lo, hi = bounds
        if lo is not None and hi is not None and lo > hi and "range_max" not in errors:
            errors["range_max"] = f"取值上限 {hi} 小于下限 {lo}：请检查取值范围。"
        if lo is not None or hi is not None:
            doc["range"] = [None if lo is None else _yaml_number(lo), None if hi is None else _yaml_number(hi)]
    return doc, errors


def _yaml_number(value: Decimal):
    """An int when whole, else a float: what YAML `range: [0, 100]` gives the loader."""
    return int(value) if value == value.to_integral_value() else float(value)


def _form_of(definition: IndicatorDefinition) -> dict:
    def num(value):
        return "" if value is None else format(value.normalize(), "f")

    return {"code": definition.code, "name": definition.name, "unit": definition.unit, "type": definition.type,
            "direction": definition.direction or "higher", "definition": definition.definition,
            "formula": definition.formula, "owner": definition.owner, "aggregation": definition.aggregation or "none",
            "range_min": num(definition.range_min), "range_max": num(definition.range_max)}


def document_of(definition: IndicatorDefinition) -> dict:
    """The YAML document of a stored definition (export); loading it back leaves the indicator unchanged."""
    doc = {"kind": "indicator", "code": definition.code, "name": definition.name, "unit": definition.unit,
           "type": definition.type}
    if definition.type == "formula":
        doc["formula"] = definition.formula
    else:
        doc["owner"] = definition.owner
        doc["aggregation"] = definition.aggregation or "none"
        if definition.range_min is not None or definition.range_max is not None:
            doc["range"] = [None if v is None else _yaml_number(v.normalize())
                            for v in (definition.range_min, definition.range_max)]
    doc["direction"] = definition.direction or "higher"
    if definition.definition:
        doc["definition"] = definition.definition
    return doc


def _plain(value):
    """As the engine gives a formula's value: integers stay integers, other decimals become floats."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- pages -------------------------------------------------------------------------------------

def _picker(exclude: str = "") -> list[dict]:
    from qualitybrand.indicators import catalog

    labels = {"derived": "台账计算", "reported": "部门填报", "formula": "公式"}
    return [{"code": s.code, "name": s.name, "unit": s.unit or "—", "source": labels.get(s.source, s.source)}
            for s in catalog.all_specs() if s.code != exclude]


def _preview_choices(request) -> tuple[list, object, int, list[int]]:
    from qualitybrand.core.selection import current_selection, scope_regions, selectable_years

    shell = current_selection(request)
    regions = list(scope_regions(request.user).exclude(kind="乡镇街道").order_by("path"))
    return regions, shell["qb_region"], int(shell["qb_year"]), selectable_years()


@login_required
def editor(request, code: str | None = None):
    """New (code None) or existing custom indicator; POST saves through load_indicator_document."""
    from qualitybrand.indicators.services import load_indicator_document

    _require_definer(request.user)
    editing = None
    if code is not None:
        editing = IndicatorDefinition.objects.filter(code=code).first()
        if editing is None:
            from django.http import Http404

            raise Http404(f"没有自定义指标 {code}。")
    form = _form_of(editing) if editing else {"type": "formula", "direction": "higher", "aggregation": "none"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in FIELDS}
        if editing is not None:
            form["code"] = editing.code
        doc, errors = document_from_form(form, editing=editing)
        if not errors:
            try:
                saved_code, status = load_indicator_document(doc, user=request.user)
            except ValidationError as exc:
                errors["general"] = " ".join(exc.messages)
            else:
                label = {"created": "已新建", "updated": "已保存为新版本", "unchanged": "内容未变化，未产生新版本"}[status]
                messages.success(request, f"指标 {saved_code}：{label}。")
                return redirect("indicators:define")
    regions, region, year, years = _preview_choices(request)
    return render(request, "indicators/define_editor.html", {
        "form": form, "errors": errors, "editing": editing, "picker": _picker(editing.code if editing else ""),
        "types": TYPE_LABELS, "directions": DIRECTION_LABELS, "aggregations": AGGREGATION_LABELS,
        "regions": regions, "region": region, "year": year, "years": years,
    }, status=400 if errors else 200)


@login_required
def preview(request):
    """JSON: the value of a draft formula for a region and year (the period the pages show for that year),
    computed from the engine's values of its components exactly as the engine computes a formula indicator."""
    from qualitybrand.core.selection import current_selection, scope_regions
    from qualitybrand.indicators import catalog
    from qualitybrand.indicators.engine import compute
    from qualitybrand.indicators.formula import evaluate
    from qualitybrand.indicators.periods import reporting_period
    from qualitybrand.indicators.selectors import format_value

    _require_definer(request.user)
    params = request.GET
    region_code = params.get("region", "").strip()
    if region_code:
        region = scope_regions(request.user).filter(code=region_code).first()
        if region is None:
            return JsonResponse({"ok": False, "field": "region",
                                 "error": f"区划 {region_code} 不存在或不在您的管辖范围内。"}, status=400)
    else:
        region = current_selection(request)["qb_region"]
        if region is None:
            return JsonResponse({"ok": False, "field": "region", "error": "您的账号没有可查看的区划。"}, status=400)
    year_text = params.get("year", "").strip() or str(current_selection(request)["qb_year"])
    if not (year_text.isdecimal() and 1949 <= int(year_text) <= 2100):
        return JsonResponse({"ok": False, "field": "year", "error": f"年度“{year_text}”无效：请填写四位数字的年份。"},
                            status=400)
    year = int(year_text)
    code = params.get("code", "").strip()
    unit = params.get("unit", "").strip()[:20]
    try:
        tree, comps = check_formula(params.get("formula", ""), code)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "field": "formula", "error": " ".join(exc.messages)})
    period = reporting_period(year)  # what the pages show for the year (the current year up to today)
    values = compute(comps, period, regions=[region])
    specs = catalog.specs_by_code()
    parts = {c: values[(c, region.code)] for c in comps}
    value = _plain(evaluate(tree, parts))
    from qualitybrand.indicators.catalog import IndicatorSpec

    shown = IndicatorSpec(code=code or "custom.preview", name="", unit=unit, kind="stock", measure="value",
                          direction="higher", definition="")
    return JsonResponse({
        "ok": True, "region": {"code": region.code, "name": region.name}, "year": year,
        "period": {**period.as_json(), "label": period.label()},
        "value": value, "text": format_value(shown, value), "unit": unit,
        "components": [{"code": c, "name": specs[c].name, "unit": specs[c].unit, "value": parts[c],
                        "text": format_value(specs[c], parts[c])} for c in comps],
        "note": "有分量为空或除数为 0，结果为空（—）。" if value is None else "",
    })


@login_required
def export_yaml(request):
    """Every custom indicator as YAML documents (`qualitybrand load_scheme FILE` or the YAML page loads it)."""
    import yaml

    _require_definer(request.user)
    docs = [document_of(d) for d in IndicatorDefinition.objects.order_by("code")]
    text = yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False, default_flow_style=None) if docs else ""
    response = HttpResponse(text, content_type="application/x-yaml; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''custom_indicators.yaml"
    return response
