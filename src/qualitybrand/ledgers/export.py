"""Exports and templates: .xlsx (text as string cells, never formulas) and .csv (UTF-8 with BOM,
text beginning with = + - @ prefixed with a quote). An exported file re-imports unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from qualitybrand.core.exports import DANGEROUS, safe_csv  # noqa: F401 - one formula-safe rule for every file
from qualitybrand.ledgers.engine import get_ledger
from qualitybrand.ledgers.spec import Ledger

# The year of a record: the same date as the list pages and the API filter `year` (registry/filters.py).
YEAR_FIELDS = {
    "entities": "established", "trademarks": "applied", "recognitions": "year", "patents": "filed",
    "certifications": "issued", "standards": "published", "inspections": "sampled", "incidents": "occurred",
    "cases": "opened", "pledges": "registered", "services": "date", "publicity": "date",
    "indicator_values": "year", "blacklist": "listed",
}

# header -> (kind of lookup, attname) for columns that are not plain fields
SPECIAL = {
    "entities": {"区划代码": ("region", "region_id")},
    "trademarks": {"注册人统一社会信用代码": ("entity", "holder_id")},
    "recognitions": {"项目": ("program", "program_id"), "统一社会信用代码": ("entity", "entity_id"),
                     "商标注册号": ("trademark", "trademark_id")},
    "patents": {"申请号": ("field", "number"), "申请人统一社会信用代码": ("entity", "applicant_id")},
    "certifications": {"统一社会信用代码": ("entity", "entity_id")},
    "standards": {"主要起草单位统一社会信用代码": ("entity", "entity_id")},
    "inspections": {"被抽查单位统一社会信用代码": ("entity", "entity_id")},
    "incidents": {"区划代码": ("region", "region_id")},
    "cases": {"区划代码": ("region", "region_id"), "当事人统一社会信用代码": ("entity", "party_id")},
    "pledges": {"出质人统一社会信用代码": ("entity", "pledgor_id"), "商标注册号": ("trademarks", "trademarks")},
    "services": {"统一社会信用代码": ("entity", "entity_id")},
    "publicity": {"区划代码": ("region", "region_id")},
    "indicator_values": {"指标代码": ("field", "code"), "区划代码": ("region", "region_id")},
    "blacklist": {"统一社会信用代码": ("entity", "entity_id")},
    "regions": {"上级区划代码": ("region", "parent_id"), "曾用代码": ("former", "former_codes")},
}


def cell_text(value) -> object:
    """The exported form of a stored value: text, an int, or a Decimal (amounts)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value.normalize()  # a number cell in .xlsx (sums work), plain digits in .csv
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    if isinstance(value, int):
        return value
    return str(value)


def ledger_rows(ledger: str | Ledger, queryset) -> tuple[list[str], list[list]]:
    """(headers, rows of cells) for the records of `queryset` (set-based lookups)."""
    from qualitybrand.core.models import Region

    spec = get_ledger(ledger) if isinstance(ledger, str) else ledger
    names = ["id"] + [f.attname for f in spec.model._meta.concrete_fields if not f.primary_key]
    recs = list(queryset.order_by("id").values(*names))
    special = SPECIAL.get(spec.name, {})
    need = {kind for kind, _ in special.values()}
    maps: dict[str, dict] = {}

    def ids(att):
        return {r[att] for r in recs if r.get(att) is not None}

    def target(kind):
        """The model a reference of this kind points to, read from the ledger model's own field (the ledger
        engine imports no app above it): holder_id → registry.Entity, trademarks → registry.Trademark."""
        att = next(a for k, a in special.values() if k == kind)
        return spec.model._meta.get_field(att.removesuffix("_id")).related_model

    if "region" in need:
        atts = [a for k, a in special.values() if k == "region"]
        wanted = set().union(*(ids(a) for a in atts))
        maps["region"] = dict(Region.objects.filter(id__in=wanted).values_list("id", "code"))
    if "entity" in need:
        atts = [a for k, a in special.values() if k == "entity"]
        wanted = list(set().union(*(ids(a) for a in atts)))
        maps["entity"] = {}
        entities = target("entity")
        for i in range(0, len(wanted), 5000):
            maps["entity"].update(entities.objects.filter(id__in=wanted[i:i + 5000]).values_list("id", "uscc"))
    if "program" in need:
        maps["program"] = dict(target("program").objects.values_list("id", "name"))
    if "trademark" in need or "trademarks" in need:
        maps["trademark"] = {}
        wanted = list(ids("trademark_id")) if "trademark" in need else None
        if wanted is None:
            extra = spec.fetch_extra([r["id"] for r in recs])
            for r in recs:
                r.update(extra.get(r["id"], {}))
            wanted = list({t for r in recs for t in r.get("trademarks") or []})
        model = target("trademark" if "trademark" in need else "trademarks")
        for i in range(0, len(wanted), 5000):
            maps["trademark"].update(model.objects.filter(id__in=wanted[i:i + 5000]).values_list("id", "number"))
    if "former" in need:
        extra = spec.fetch_extra([r["id"] for r in recs])
        for r in recs:
            r.update(extra.get(r["id"], {}))
    headers = [c.header for c in spec.columns]
    out = []
    for r in recs:
        row = []
        for col in spec.columns:
            sp = special.get(col.header)
            if sp is None:
                value = r.get(col.field) if col.field else None
            else:
                kind, att = sp
                v = r.get(att)
                if kind == "field" or kind == "former":
                    value = v
                elif kind == "trademarks":
                    value = sorted(maps["trademark"].get(t, "") for t in v or [])
                else:
                    value = maps[kind].get(v) if v is not None else None
            row.append(cell_text(value))
        out.append(row)
    return headers, out


def write_xlsx(headers: list[str], rows: list[list], title: str = "Sheet1", *, highlight=None,
               extra_column: str | None = None, extra_values: list[str] | None = None) -> bytes:
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                   "strings_to_urls": False})
    ws = wb.add_worksheet(title[:31] or "Sheet1")
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    bad = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    all_headers = headers + ([extra_column] if extra_column else [])
    for j, h in enumerate(all_headers):
        ws.write_string(0, j, h, head)
        ws.set_column(j, j, max(10, min(40, len(h) * 2 + 2)))
    for i, row in enumerate(rows, start=1):
        marks = highlight.get(i) if highlight else None
        for j, v in enumerate(row):
            fmt = bad if marks and j in marks else None
            if v is None or v == "":
                if fmt:
                    ws.write_blank(i, j, None, fmt)
                continue
            if isinstance(v, int | float) and not isinstance(v, bool):
                ws.write_number(i, j, v, fmt)
            elif isinstance(v, Decimal):
                if len(v.as_tuple().digits) <= 15:  # exactly representable as Excel's number
                    ws.write_number(i, j, float(v), fmt)
                else:
                    ws.write_string(i, j, format(v, "f"), fmt)
            else:
                ws.write_string(i, j, str(v), fmt)
        if extra_column and extra_values:
            ws.write_string(i, len(headers), extra_values[i - 1] or "")
    ws.freeze_panes(1, 0)
    wb.close()
    return buf.getvalue()


def write_csv(headers: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(headers)
    for row in rows:
        w.writerow([safe_csv(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def export_queryset(ledger: str, queryset, fmt: str = "xlsx") -> bytes:
    """The records of `queryset` as a ledger file that re-imports unchanged (formula-safe)."""
    spec = get_ledger(ledger)
    headers, rows = ledger_rows(spec, queryset)
    if fmt == "csv":
        return write_csv(headers, rows)
    return write_xlsx(headers, rows, spec.title)


def template_xlsx(ledger: str) -> bytes:
    """An empty ledger: headers (required in red), drop-down lists for choices, a notes sheet."""
    import xlsxwriter

    spec = get_ledger(ledger)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet(spec.title[:31])
    req = wb.add_format({"bold": True, "font_color": "#C00000", "bg_color": "#DDEBF7", "border": 1})
    opt = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    lists = wb.add_worksheet("选项")
    list_col = 0
    for j, col in enumerate(spec.columns):
        ws.write_string(0, j, col.header, req if col.required else opt)
        ws.set_column(j, j, max(12, len(col.header) * 2 + 2))
        options = list(col.choices) if col.type == "choice" else (["是", "否"] if col.type == "bool" else [])
        if options:
            for i, o in enumerate(options):
                lists.write_string(i, list_col, o)
            letter = xlsxwriter.utility.xl_col_to_name(list_col)
            ws.data_validation(1, j, 10000, j, {
                "validate": "list", "source": f"=选项!${letter}$1:${letter}${len(options)}",
                "error_title": "无效的选项", "error_message": f"请从下拉列表中选择：{'、'.join(options)}"})
            list_col += 1
        elif col.type in ("text", "code"):
            ws.set_column(j, j, max(14, len(col.header) * 2 + 2), wb.add_format({"num_format": "@"}))
    ws.freeze_panes(1, 0)
    notes = wb.add_worksheet("填写说明")
    bold = wb.add_format({"bold": True})
    notes.write_string(0, 0, f"{spec.title}（{spec.name}）填写说明", bold)
    notes.write_string(1, 0, f"唯一键：{' + '.join(spec.key)}。红色列为必填。日期可写 2013-05-01、2013/5/1、2013年5月1日、20130501；"
                              "是否列填 是/否；多个值用逗号、顿号或分号分隔；金额单位为万元（表头写“(元)”时按元换算）。")
    notes.write_row(3, 0, ["列名", "类型", "必填", "可选值 / 规则", "别名"], bold)
    types = {"text": "文本", "code": "代码", "choice": "选项", "int": "整数", "amount": "金额(万元)", "number": "数值",
             "date": "日期", "bool": "是/否", "list": "列表"}
    for i, col in enumerate(spec.columns, start=4):
        rule = "、".join(col.choices) if col.choices else col.note
        notes.write_row(i, 0, [col.header, types.get(col.type, col.type), "是" if col.required else "",
                               rule or "", "、".join(col.aliases)])
    notes.set_column(0, 0, 28)
    notes.set_column(3, 3, 60)
    wb.close()
    return buf.getvalue()


def filtered_queryset(spec: Ledger | str, *, region: str | None = None, year: int | None = None, user=None):
    """The ledger's records, optionally within a region (and below) and of a year; scoped when `user`."""
    from qualitybrand.core.models import Region
    from qualitybrand.core.services import resolve_region_codes

    spec = get_ledger(spec) if isinstance(spec, str) else spec
    manager = spec.model._default_manager
    qs = manager.for_user(user) if user is not None and hasattr(manager, "for_user") else manager.all()
    if region:
        found = resolve_region_codes({region}).get(region)
        if found is None:
            raise ValueError(f"区划代码 {region} 不存在。")
        if spec.model is Region:
            qs = qs.filter(path__startswith=found.path)
        elif hasattr(spec.model, "region"):
            qs = qs.filter(region__path__startswith=found.path)
    if year is not None:
        field = YEAR_FIELDS.get(spec.name)
        if field == "year":
            qs = qs.filter(year=year)
        elif field:
            qs = qs.filter(**{f"{field}__year": year})
    return qs
