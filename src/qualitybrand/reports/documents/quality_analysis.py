"""质量状况分析报告 (quality situation analysis, reports.md § Documents; seeds 000 and 003): for a region and a
year, the supervision-inspection pass rates by level (国家/省/市/县), by product category and by county, each
with a chart rendered on the server (reports/charts.py), the entities failing twice or more in the year,
complaints (complaint.*), cases (case.*), incidents (incident.*), and a conclusions table (问题 / 原因 / 建议)
drawn from those figures. Every figure is the engine's (or `inspection_by_product`'s, the dashboard's pooled
rates by product) formatted with `format_value`."""

from __future__ import annotations

import re
from collections import Counter

from django.db.models import Count

from qualitybrand.core import clock, gbdocx
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.selectors import inspection_by_product
from qualitybrand.registry.choices import INSPECTION_LEVEL_SLUGS
from qualitybrand.reports import charts
from qualitybrand.reports.documents import _docsmore_util as u
from qualitybrand.reports.kinds import DocRequest, Kind, register

OVERALL = ["insp.batches", "insp.passed", "insp.pass_rate", "insp.failed_entities", "insp.followup.closed_rate",
           "insp.followup.recheck_pass_rate"]
LEVEL_CODES = [c for slug in INSPECTION_LEVEL_SLUGS for c in (f"insp.{slug}.batches", f"insp.{slug}.pass_rate")]
COUNTY_CODES = ["insp.batches", "insp.pass_rate", "insp.failed_entities"]
COMPLAINT_CODES = ["complaint.received", "complaint.complaints", "complaint.reports", "complaint.ontime_accept_rate",
                   "complaint.mediation_success_rate", "complaint.ontime_close_rate", "complaint.recovered"]
CASE_CODES = ["case.opened", "case.closed", "case.goods_value", "case.fines", "case.transferred",
              "case.tm_infringement"]
INCIDENT_CODES = ["incident.count", "incident.serious", "incident.major"]
TOP_PRODUCTS = 10
_SPLIT = re.compile(r"[、,，;；/\s]+")


def _year(req: DocRequest) -> int:
    return req.year or clock.today().year - 1


def repeated_failures(region, period: Period, times: int = 2) -> list[dict]:
    """Entities of the region's subtree with `times` or more failed batches sampled in the period (one grouped
    query; supervision has no selector for it)."""
    from qualitybrand.supervision.models import Inspection

    rows = (Inspection.objects.filter(region__path__startswith=region.path, sampled__gte=period.start,
                                      sampled__lte=period.end, conclusion="不合格")
            .order_by().values("entity_id", "entity__name", "entity__uscc", "region__name")
            .annotate(n=Count("id")).filter(n__gte=times).order_by("-n", "entity__name"))
    rows = list(rows)
    products: dict[int, set] = {}
    for entity_id, product in (Inspection.objects.filter(
            entity_id__in=[r["entity_id"] for r in rows], sampled__gte=period.start, sampled__lte=period.end,
            conclusion="不合格").values_list("entity_id", "product_category")):
        products.setdefault(entity_id, set()).add(product)
    return [{"entity": r["entity__name"], "uscc": r["entity__uscc"], "region": r["region__name"], "times": r["n"],
             "products": "、".join(sorted(products.get(r["entity_id"], ())))} for r in rows]


def _failed_items(region, period: Period, product: str, limit: int = 3) -> list[str]:
    from qualitybrand.supervision.models import Inspection

    texts = (Inspection.objects.filter(region__path__startswith=region.path, sampled__gte=period.start,
                                       sampled__lte=period.end, conclusion="不合格", product_category=product)
             .exclude(failed_items="").values_list("failed_items", flat=True))
    counts = Counter(item for text in texts for item in _SPLIT.split(text) if item)
    return [item for item, _ in counts.most_common(limit)]


def _rows(codes, values, before, region_code) -> list[dict]:
    out = []
    for code in codes:
        now = values[code][region_code]
        prev = before[code][region_code] if before else None
        out.append({"code": code, "name": u.name_of(code), "unit": u.unit_of(code), "value": now["value"],
                    "text": now["text"], "before": prev["text"] if prev else "—",
                    "change": u.change_text(code, now["value"], prev["value"]) if prev else ""})
    return out


def context(req: DocRequest) -> dict:
    year = _year(req)
    period, before = Period.year(year), Period.year(year - 1)
    region = req.region
    children = u.counties(region)
    all_codes = list(dict.fromkeys(OVERALL + LEVEL_CODES + COMPLAINT_CODES + CASE_CODES + INCIDENT_CODES))
    now = u.figures(all_codes, period, [region] + children)
    prev = u.figures(all_codes, before, [region] + children)
    overall = _rows(OVERALL, now, prev, region.code)
    levels = []
    for slug, label in INSPECTION_LEVEL_SLUGS.items():
        b, r = f"insp.{slug}.batches", f"insp.{slug}.pass_rate"
        levels.append({"level": label if label == "国家" else label + "级", "batches": now[b][region.code]["value"],
                       "batches_text": now[b][region.code]["text"], "rate": now[r][region.code]["value"],
                       "text": now[r][region.code]["text"], "before": prev[r][region.code]["text"]})
    products = [{"product": p["product"], "batches": p["batches"], "passed": p["passed"], "rate": p["rate"],
                 "text": p["text"], "failed": p["batches"] - p["passed"]}
                for p in inspection_by_product(region, period, limit=TOP_PRODUCTS)]
    counties = [{"region": c.name, "code": c.code, "batches": now["insp.batches"][c.code]["value"],
                 "batches_text": now["insp.batches"][c.code]["text"],
                 "rate": now["insp.pass_rate"][c.code]["value"], "text": now["insp.pass_rate"][c.code]["text"],
                 "before": prev["insp.pass_rate"][c.code]["text"],
                 "before_rate": prev["insp.pass_rate"][c.code]["value"],
                 "failed_entities": now["insp.failed_entities"][c.code]["text"]} for c in children]
    repeated = repeated_failures(region, period)
    ctx = {
        "title": f"{region.name}{year}年质量状况分析报告", "office": u.office(req), "region": region.name,
        "region_code": region.code, "year": year, "date": gbdocx.cn_date(clock.today()),
        "overall": overall, "by_code": {r["code"]: r for r in overall},
        "levels": levels, "products": products, "counties": counties, "repeated": repeated,
        "complaints": _rows(COMPLAINT_CODES, now, prev, region.code),
        "cases": _rows(CASE_CODES, now, prev, region.code),
        "incidents": _rows(INCIDENT_CODES, now, prev, region.code),
    }
    ctx["conclusions"] = _conclusions(ctx, region, period)
    ctx["summary"] = _summary(ctx)
    return ctx


def _summary(ctx) -> str:
    by = ctx["by_code"]
    rate = by["insp.pass_rate"]
    change = f"，较上年{rate['change']}" if rate["change"] and rate["change"] != "持平" else ""
    return (f"{ctx['year']}年，全{_unit(ctx['region'])}共完成各级监督抽查{by['insp.batches']['text']}批次，合格"
            f"{by['insp.passed']['text']}批次，监督抽查合格率{rate['text']}{change}；"
            f"抽查不合格企业{by['insp.failed_entities']['text']}户，其中同一年度内两次及以上抽查不合格的"
            f"{len(ctx['repeated'])}户；不合格后处理完成率{by['insp.followup.closed_rate']['text']}。")


def _unit(name: str) -> str:
    return "市" if name.endswith("市") else ("县" if name.endswith("县") else "区")


def _conclusions(ctx, region, period) -> list[dict]:
    """问题 / 原因 / 建议 from the figures: products and counties below the region's rate, repeated failures,
    late complaint handling, incidents."""
    out = []
    whole = ctx["by_code"]["insp.pass_rate"]
    base = whole["value"]
    place = f"全{_unit(ctx['region'])}"
    if base is not None:
        low = sorted((p for p in ctx["products"] if p["rate"] is not None and p["rate"] < base),
                     key=lambda p: (p["rate"], p["product"]))[:3]
        for p in low:
            items = _failed_items(region, period, p["product"])
            cause = (f"不合格项目主要为{'、'.join(items)}" if items else "部分企业质量控制能力不足") + \
                f"，{p['failed']}批次不合格"
            out.append({"problem": f"{p['product']}抽查合格率{p['text']}，低于{place}平均水平（{whole['text']}）",
                        "cause": cause, "advice": f"将{p['product']}列入下年度重点抽查目录，开展专项整治和质量帮扶"})
        below = [c for c in ctx["counties"] if c["rate"] is not None and c["rate"] < base]
        if below:
            below.sort(key=lambda c: (c["rate"], c["code"]))
            names = "、".join(f"{c['region']}（{c['text']}）" for c in below)
            out.append({"problem": f"{names}抽查合格率低于{place}水平（{whole['text']}）",
                        "cause": "小微企业较多，质量管理基础薄弱，不合格后处理不够到位",
                        "advice": "加大对相关县区的抽查频次和后处理督办力度，纳入年度质量工作考核"})
    if ctx["repeated"]:
        out.append({"problem": f"{len(ctx['repeated'])}户企业年内两次及以上抽查不合格",
                    "cause": "整改不彻底，质量主体责任落实不到位",
                    "advice": "列为重点监管对象，实施跟踪抽查，依法从严处理并记入信用档案"})
    close = {r["code"]: r for r in ctx["complaints"]}["complaint.ontime_close_rate"]
    if close["value"] is not None and close["value"] < 100:
        out.append({"problem": f"投诉举报按期办结率{close['text']}，存在超期办结",
                    "cause": "部分案件调查取证周期长，流转环节多",
                    "advice": "落实限时办结制度，对临近期限的件次实行预警督办"})
    incidents = {r["code"]: r for r in ctx["incidents"]}["incident.count"]
    if incidents["value"]:
        out.append({"problem": f"发生质量安全事故{incidents['text']}起",
                    "cause": "企业安全生产和质量风险防控措施落实不到位",
                    "advice": "强化重点领域风险排查，完善事故应急处置和责任追究机制"})
    if not out:
        out.append({"problem": "未发现突出问题", "cause": "—", "advice": "保持监督抽查力度，巩固质量提升成果"})
    return out


def build(req: DocRequest, ctx: dict, progress) -> bytes:
    doc = gbdocx.document()
    gbdocx.title(doc, ctx["title"])
    gbdocx.para(doc, ctx["summary"])
    progress(10, "按抽查级别")
    u.heading(doc, "一、监督抽查总体情况")
    u.table(doc, ["指标", "单位", f"{ctx['year']}年", "上年", "同比"],
            [[r["name"], r["unit"], r["text"], r["before"], r["change"] or "—"] for r in ctx["overall"]],
            widths=[56, 16, 28, 28, 28])
    u.sub_heading(doc, "（一）按抽查级别")
    u.table(doc, ["抽查级别", "抽查批次", "合格率", "上年合格率"],
            [[lv["level"], lv["batches_text"], lv["text"], lv["before"]] for lv in ctx["levels"]],
            widths=[40, 36, 40, 40])
    u.picture(doc, charts.bar([lv["level"] for lv in ctx["levels"]], [("合格率", [lv["rate"] for lv in ctx["levels"]])],
                              unit="%", title="各级监督抽查合格率", height_mm=62, ylim=(0, 110)), 140)
    progress(35, "按产品类别")
    u.sub_heading(doc, f"（二）按产品类别（抽查批次前{TOP_PRODUCTS}类）")
    if ctx["products"]:
        u.table(doc, ["产品类别", "抽查批次", "合格批次", "合格率"],
                [[p["product"], p["batches"], p["passed"], p["text"]] for p in ctx["products"]],
                widths=[64, 30, 30, 32])
        u.picture(doc, charts.hbar([p["product"] for p in ctx["products"]],
                                   [("合格率", [p["rate"] for p in ctx["products"]])], unit="%",
                                   title="主要产品类别抽查合格率", xlim=(0, 112)), 140)
    else:
        gbdocx.para(doc, "本年度无监督抽查记录。")
    progress(55, "按县区")
    u.sub_heading(doc, "（三）按县区")
    u.table(doc, ["县区", "抽查批次", "合格率", "上年合格率", "不合格企业（户）"],
            [[c["region"], c["batches_text"], c["text"], c["before"], c["failed_entities"]] for c in ctx["counties"]],
            widths=[44, 26, 28, 30, 28])
    if ctx["counties"]:
        u.picture(doc, charts.bar([c["region"] for c in ctx["counties"]],
                                  [(f"{ctx['year'] - 1}年", [c["before_rate"] for c in ctx["counties"]]),
                                   (f"{ctx['year']}年", [c["rate"] for c in ctx["counties"]])],
                                  unit="%", title="各县区监督抽查合格率", height_mm=70, ylim=(0, 112)), 150)
    progress(70, "重复不合格、投诉、案件、事故")
    u.heading(doc, "二、年内多次抽查不合格企业")
    if ctx["repeated"]:
        u.table(doc, ["序号", "企业名称", "县区", "不合格次数", "产品类别"],
                [[i, r["entity"], r["region"], r["times"], r["products"]] for i, r in enumerate(ctx["repeated"], 1)],
                widths=[14, 62, 26, 20, 34], size=10.5)
    else:
        gbdocx.para(doc, "本年度无两次及以上抽查不合格的企业。")
    for heading, key in (("三、投诉举报情况", "complaints"), ("四、案件查办情况", "cases"),
                         ("五、质量安全事故情况", "incidents")):
        u.heading(doc, heading)
        u.table(doc, ["指标", "单位", f"{ctx['year']}年", "上年", "同比"],
                [[r["name"], r["unit"], r["text"], r["before"], r["change"] or "—"] for r in ctx[key]],
                widths=[56, 16, 28, 28, 28])
    u.heading(doc, "六、存在问题和工作建议")
    u.table(doc, ["序号", "问题", "原因", "建议"],
            [[i, c["problem"], c["cause"], c["advice"]] for i, c in enumerate(ctx["conclusions"], 1)],
            widths=[12, 52, 44, 48], size=10.5)
    progress(90, "保存")
    u.signature(doc, ctx["office"], clock.today())
    return u.to_bytes(doc)


FIELDS = (
    ("title", "报告标题"), ("region_code", "区划代码"), ("office", "发文单位"), ("region", "区域名称"), ("year", "年度"), ("date", "成文日期"),
    ("summary", "总体情况一段话"),
    ("overall", "抽查总体指标：code, name, unit, value, text, before（上年）, change（同比文字）"),
    ("by_code", "按指标代码取总体指标，如 by_code['insp.pass_rate'].text"),
    ("levels", "按抽查级别：level, batches, batches_text, rate, text（合格率）, before（上年合格率）"),
    ("products", "按产品类别（前10类）：product, batches, passed, failed, rate, text"),
    ("counties", "按县区：region, code, batches, batches_text, rate, text, before, failed_entities"),
    ("repeated", "年内两次及以上不合格企业：entity, uscc, region, times, products"),
    ("complaints", "投诉举报指标（同 overall 的字段）"), ("cases", "案件指标"), ("incidents", "质量安全事故指标"),
    ("conclusions", "问题/原因/建议：problem, cause, advice"),
)

register(Kind(code="quality_analysis", label="质量状况分析报告", fmt="docx", period="year", context=context,
              build=build, fields=FIELDS))
