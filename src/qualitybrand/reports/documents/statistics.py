"""统计报表 (.xlsx, reports.md § Documents; seed 001's 台账): fixed-layout statistical tables of a year, one
sheet per table, each row a county and the last the region's total, the columns indicators of the engine;
the 表头 gives 填报单位 (the region's office), 统计期 (2013年1月1日至12月31日) and 单位 (each column names its
unit). Numbers are stored as numbers, rounded exactly as `format_value` shows them (indicators.md)."""

from __future__ import annotations

from decimal import Decimal

from qualitybrand.core import clock
from qualitybrand.core.xlsxbook import Book
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.selectors import format_value
from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS
from qualitybrand.reports.documents import _docsmore_util as u
from qualitybrand.reports.kinds import DocRequest, Kind, register

CERT_SHOWN = ["iso9001", "iso14001", "iso45001", "haccp", "organic", "green_food"]
STD_SHOWN = ["national", "industry", "local", "group", "enterprise"]


def tables() -> list[tuple[str, str, list[str]]]:
    """(sheet name, table title, indicator codes) of each table; 表5 lists the configured programs."""
    from qualitybrand.registry.models import Program

    programs = [f"rec.valid.{p.code}" for p in Program.objects.order_by("id")]
    return [
        ("表1 市场主体与商标", "市场主体与商标情况统计表",
         ["entity.count", "entity.enterprises", "entity.new", "tm.applications", "tm.registrations", "tm.valid",
          "tm.per100", "tm.owner_rate", "tm.gi", "tm.madrid"]),
        ("表2 专利", "专利情况统计表",
         ["patent.applications", "patent.invention_applications", "patent.invention_share", "patent.grants",
          "patent.invention_valid", "patent.invention_per10k_pop"]),
        ("表3 认证与标准", "认证与标准化情况统计表",
         ["cert.valid"] + [f"cert.valid.{s}" for s in CERT_SHOWN if s in CERT_TYPE_SLUGS]
         + ["std.published"] + [f"std.published.{s}" for s in STD_SHOWN if s in STANDARD_LEVEL_SLUGS]),
        ("表4 监督抽查", "产品质量监督抽查情况统计表",
         ["insp.batches", "insp.passed", "insp.pass_rate"]
         + [c for s in INSPECTION_LEVEL_SLUGS for c in (f"insp.{s}.batches", f"insp.{s}.pass_rate")]
         + ["insp.failed_entities", "insp.followup.closed_rate"]),
        ("表5 品牌培育", "品牌培育情况统计表", programs + ["pledge.count", "pledge.amount"]),
        ("表6 投诉举报", "投诉举报与案件查办情况统计表",
         ["complaint.received", "complaint.complaints", "complaint.reports", "complaint.ontime_close_rate",
          "complaint.recovered", "case.opened", "case.closed", "case.goods_value", "case.fines"]),
    ]


def number(spec, value):
    """The value as `format_value` rounds it, as a number (int for counts), None for no value."""
    if value is None:
        return None
    text = format_value(spec, value).replace(",", "").rstrip("%")
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() and "." not in text else float(d)


def _format(spec) -> str:
    if spec is None:
        return "number"
    if spec.unit == "%" or spec.measure == "ratio":
        return "0.0"
    if spec.unit == "万元":
        return "#,##0.00"
    return "int"


def context(req: DocRequest) -> dict:
    year = req.year or clock.today().year - 1
    period = Period.year(year)
    region = req.region
    children = u.counties(region)
    layout = tables()
    codes = list(dict.fromkeys(c for _, _, cs in layout for c in cs))
    values = u.figures(codes, period, [region] + children)
    out = []
    for sheet, title, cs in layout:
        columns = [{"code": c, "name": u.name_of(c), "unit": u.unit_of(c)} for c in cs]
        rows = []
        for r in children + [region]:
            label = f"合计（{r.name}）" if r is region else r.name
            rows.append({"region": label, "code": r.code, "total": r is region,
                         "values": [number(u.spec_of(c), values[c][r.code]["value"]) for c in cs],
                         "texts": [values[c][r.code]["text"] for c in cs]})
        out.append({"sheet": sheet, "title": f"{region.name}{year}年{title}", "columns": columns, "rows": rows})
    return {"title": f"{region.name}{year}年统计报表", "office": u.office(req), "region": region.name,
            "region_code": region.code, "year": year,
            "period": f"{year}年1月1日至12月31日", "tables": out}


def build(req: DocRequest, ctx: dict, progress) -> bytes:
    book = Book()
    for i, t in enumerate(ctx["tables"], start=1):
        progress(10 + 80 * i // len(ctx["tables"]), t["sheet"])
        cols = t["columns"]
        units = {c["unit"] for c in cols}
        headers = ["区划"] + [f"{c['name']}（{c['unit']}）" if c["unit"] else c["name"] for c in cols]
        formats = {j: _format(u.spec_of(c["code"])) for j, c in enumerate(cols, start=1)}
        book.sheet(t["sheet"], title=t["title"], unit_name=ctx["office"], period=ctx["period"],
                   unit=units.pop() if len(units) == 1 else "见各栏", columns=headers,
                   rows=[[r["region"]] + r["values"] for r in t["rows"]], number_formats=formats,
                   widths=[18] + [max(10, min(18, len(h) * 1.6)) for h in headers[1:]],
                   notes=[f"数据来源：质量强市与品牌战略综合管理平台指标引擎，{ctx['period']}；空白为无数据。"])
    return book.to_bytes()


FIELDS = (
    ("title", "报表名称"), ("region_code", "区划代码"), ("office", "填报单位"), ("region", "区域名称"), ("year", "年度"), ("period", "统计期"),
    ("tables", "各表：sheet, title, columns[code, name, unit], rows[region, code, total, values（数值）, texts（格式化）]"),
)

register(Kind(code="statistics", label="统计报表", fmt="xlsx", period="year", context=context, build=build,
              fields=FIELDS, templatable=False, printable=False))
