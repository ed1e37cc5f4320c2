"""The indicator catalog (indicators.md): every indicator registered once, with its meaning.

`get(code)` and `all_specs()` are what the engine, pages, API and documents read. The fixed
derived indicators are declared here; program-based codes exist for every configured Program,
reported ones come from `indicators.reported`, office-defined `custom.*` from IndicatorDefinition.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from qualitybrand.registry.choices import CERT_TYPE_SLUGS, INSPECTION_LEVEL_SLUGS, STANDARD_LEVEL_SLUGS

MARKET = "市场监管"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    unit: str
    kind: str  # "flow" | "stock"
    measure: str  # "count" | "sum" | "ratio" | "value"
    direction: str  # "higher" | "lower"
    definition: str
    owner: str = MARKET
    source: str = "derived"  # "derived" | "reported" | "formula"
    family: str = ""  # engine family for derived indicators
    aggregation: str = "none"  # reported: "sum" | "none"
    formula: str = ""
    components: tuple[str, ...] = field(default=())

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def _s(code, name, unit, kind, measure, definition, family, direction="higher", owner=MARKET):
    return IndicatorSpec(code=code, name=name, unit=unit, kind=kind, measure=measure, direction=direction,
                         definition=definition, owner=owner, source="derived", family=family)


ENTITY_EXISTS = "（成立日期为空或不晚于截止日，且注销日期为空或晚于截止日）"
TM_VALID = "（注册日期不晚于截止日，专用权期限至为空或不早于截止日，注销日期为空或晚于截止日）"

STATIC: list[IndicatorSpec] = [
    _s("entity.count", "市场主体总数", "户", "stock", "count", f"截止日存续的市场主体数{ENTITY_EXISTS}。", "entity"),
    _s("entity.enterprises", "企业数", "户", "stock", "count", "截止日存续且主体类型为企业的市场主体数。", "entity"),
    _s("entity.new", "新登记市场主体", "户", "flow", "count", "成立日期在统计期内的市场主体数。", "entity"),
    _s("tm.applications", "商标申请量", "件", "flow", "count", "申请日期在统计期内的商标数。", "tm"),
    _s("tm.registrations", "商标注册量", "件", "flow", "count", "注册日期在统计期内的商标数。", "tm"),
    _s("tm.valid", "有效注册商标量", "件", "stock", "count", f"截止日有效的注册商标数{TM_VALID}。", "tm"),
    _s("tm.per100", "每百户市场主体有效商标拥有量", "件", "stock", "ratio",
       "有效注册商标量 ÷ 市场主体总数 × 100。", "tm_ratio"),
    _s("tm.per10k", "每万户市场主体商标拥有量", "件", "stock", "ratio",
       "有效注册商标量 ÷ 市场主体总数 × 10000。", "tm_ratio"),
    _s("tm.owner_rate", "企业注册商标拥有率", "%", "stock", "ratio",
       "截止日存续且拥有至少 1 件有效注册商标的企业数 ÷ 企业数 × 100。", "tm_owner"),
    _s("tm.gi", "地理标志商标", "件", "stock", "count", "截止日有效且为地理标志的注册商标数。", "tm"),
    _s("tm.gi.new", "新注册地理标志商标", "件", "flow", "count", "地理标志商标中注册日期在统计期内的件数。", "tm"),
    _s("tm.madrid", "马德里国际注册商标", "件", "stock", "count",
       "截止日有效、有马德里国际注册号且国际注册日期不晚于截止日的商标数。", "tm"),
    _s("tm.madrid.new", "新增马德里国际注册", "件", "flow", "count", "国际注册日期在统计期内的商标数。", "tm"),
    _s("patent.applications", "专利申请量", "件", "flow", "count", "申请日在统计期内的专利数。", "patent"),
    _s("patent.invention_applications", "发明专利申请量", "件", "flow", "count",
       "申请日在统计期内、专利类型为发明的专利数。", "patent"),
    _s("patent.invention_share", "发明专利申请占比", "%", "flow", "ratio",
       "发明专利申请量 ÷ 专利申请量 × 100。", "patent"),
    _s("patent.service_share", "职务发明申请占比", "%", "flow", "ratio",
       "统计期内职务发明为“是”的专利申请数 ÷ 专利申请量 × 100。", "patent"),
    _s("patent.grants", "专利授权量", "件", "flow", "count", "授权公告日在统计期内的专利数。", "patent"),
    _s("patent.invention_valid", "有效发明专利量", "件", "stock", "count",
       "专利类型为发明、授权公告日不晚于截止日且法律状态为有效的专利数。", "patent"),
    _s("patent.invention_per10k_pop", "每万人口发明专利拥有量", "件", "stock", "ratio",
       "有效发明专利量 ÷ 常住人口（万人）。", "patent_pop"),
    _s("cert.valid", "有效认证证书", "张", "stock", "count", "发证日期 ≤ 截止日 ≤ 有效期至的认证证书数。", "cert"),
    _s("std.published", "主导制修订标准", "项", "flow", "count", "发布日期在统计期内的标准数。", "std"),
    _s("std.adopted_intl", "采用国际标准", "项", "flow", "count",
       "工作类型为采用国际标准、发布日期在统计期内的标准数。", "std"),
    _s("insp.batches", "监督抽查批次", "批次", "flow", "count", "抽样日期在统计期内的抽查批次数。", "insp"),
    _s("insp.passed", "抽查合格批次", "批次", "flow", "count", "抽样日期在统计期内且结论为合格的批次数。", "insp"),
    _s("insp.pass_rate", "监督抽查合格率", "%", "flow", "ratio", "抽查合格批次 ÷ 监督抽查批次 × 100。", "insp"),
    _s("insp.failed_entities", "抽查不合格企业数", "户", "flow", "count",
       "统计期内有不合格批次的不同企业数。", "insp", direction="lower"),
    _s("insp.followup.closed_rate", "不合格后处理完成率", "%", "flow", "ratio",
       "抽样日期在统计期内的不合格批次中，截止日后处理已办结的批次 ÷ 抽样日期在统计期内的不合格批次 × 100。",
       "followup"),
    _s("insp.followup.recheck_pass_rate", "复查合格率", "%", "flow", "ratio",
       "复查日期在统计期内的后处理中复查结果为合格的 ÷ 复查日期在统计期内的后处理 × 100。", "followup"),
    _s("incident.count", "质量安全事故", "起", "flow", "count", "发生日期在统计期内的质量安全事故数。", "incident",
       direction="lower"),
    _s("incident.serious", "较大及以上质量安全事故", "起", "flow", "count",
       "统计期内等级为较大、重大或特别重大的质量安全事故数。", "incident", direction="lower"),
    _s("incident.major", "重大及以上质量安全事故", "起", "flow", "count",
       "统计期内等级为重大或特别重大的质量安全事故数。", "incident", direction="lower"),
    _s("case.opened", "立案数", "件", "flow", "count", "立案日期在统计期内的案件数。", "case"),
    _s("case.closed", "结案数", "件", "flow", "count", "结案日期在统计期内的案件数。", "case"),
    _s("case.goods_value", "涉案货值", "万元", "flow", "sum", "立案日期在统计期内的案件涉案货值之和。", "case"),
    _s("case.fines", "罚没金额", "万元", "flow", "sum", "结案日期在统计期内的案件罚没金额之和。", "case"),
    _s("case.transferred", "移送司法案件", "件", "flow", "count", "移送司法为“是”且立案日期在统计期内的案件数。",
       "case"),
    _s("case.tm_infringement", "商标侵权案件", "件", "flow", "count",
       "案件类型为商标侵权且立案日期在统计期内的案件数。", "case"),
    _s("pledge.count", "商标质押登记", "笔", "flow", "count", "登记日期在统计期内的商标质押笔数。", "pledge"),
    _s("pledge.amount", "商标质押融资额", "万元", "flow", "sum", "登记日期在统计期内的质押金额之和。", "pledge"),
    _s("pledge.outstanding", "在押质押金额", "万元", "stock", "sum",
       "登记日期 ≤ 截止日 < 到期日期的质押金额之和。", "pledge"),
    _s("service.person_times", "服务企业人次", "人次", "flow", "sum", "服务日期在统计期内的服务人次之和。", "service"),
    _s("service.problems", "帮助解决问题", "项", "flow", "sum", "服务日期在统计期内的解决问题数之和。", "service"),
    _s("service.entities", "服务企业数", "户", "flow", "count", "统计期内接受服务的不同主体数。", "service"),
    _s("publicity.count", "宣传稿件", "篇", "flow", "count", "发布日期在统计期内的宣传稿件数。", "publicity"),
]

for _grade in "ABCD":
    STATIC.append(_s(f"credit.grade.{_grade.lower()}", f"信用等级{_grade}类主体数", "户", "stock", "count",
                     f"截止日存续、按内置信用评价方案评为{_grade}类的市场主体数（评价期为截止日前三年，"
                     "列入严重违法失信名单的为D类）。", "credit",
                     direction="higher" if _grade in "AB" else "lower"))
for _slug, _label in CERT_TYPE_SLUGS.items():
    STATIC.append(_s(f"cert.valid.{_slug}", f"有效{_label}证书", "张", "stock", "count",
                     f"认证类型为{_label}、发证日期 ≤ 截止日 ≤ 有效期至的认证证书数。", "cert"))
for _slug, _label in STANDARD_LEVEL_SLUGS.items():
    STATIC.append(_s(f"std.published.{_slug}", f"主导制修订{_label}标准", "项", "flow", "count",
                     f"标准层级为{_label}、发布日期在统计期内的标准数。", "std"))
for _slug, _label in INSPECTION_LEVEL_SLUGS.items():
    _lv = _label + "级" if _label != "国家" else "国家"
    STATIC.append(_s(f"insp.{_slug}.batches", f"{_lv}监督抽查批次", "批次", "flow", "count",
                     f"抽查级别为{_label}、抽样日期在统计期内的抽查批次数。", "insp"))
    STATIC.append(_s(f"insp.{_slug}.pass_rate", f"{_lv}监督抽查合格率", "%", "flow", "ratio",
                     f"抽查级别为{_label}的合格批次 ÷ 抽查批次 × 100。", "insp"))

# Complaints and reports (supervision.md § Complaints; engine family in indicators/families_complaints.py).
STATIC += [
    _s("complaint.received", "投诉举报受理量", "件", "flow", "count", "登记日期在统计期内的投诉和举报件数。", "complaint"),
    _s("complaint.complaints", "投诉量", "件", "flow", "count", "类别为投诉、登记日期在统计期内的件数。", "complaint"),
    _s("complaint.reports", "举报量", "件", "flow", "count", "类别为举报、登记日期在统计期内的件数。", "complaint"),
    _s("complaint.ontime_accept_rate", "投诉按时受理率", "%", "flow", "ratio",
       "受理决定在统计期内的投诉（受理日期在统计期内；未受理且处理结果为不予受理的，按办结日期）中，"
       "在登记日期后 7 个工作日内作出决定的件数 ÷ 全部件数 × 100（工作日含调休上班日）。", "complaint"),
    _s("complaint.mediation_success_rate", "调解成功率", "%", "flow", "ratio",
       "办结日期在统计期内、处理结果为调解成功、调解不成或终止调解的件数中，调解成功的件数 ÷ 全部件数 × 100。",
       "complaint"),
    _s("complaint.ontime_close_rate", "按期办结率", "%", "flow", "ratio",
       "办结日期在统计期内的投诉和举报中，在办结时适用的期限内办结的件数 ÷ 全部件数 × 100（已受理的投诉："
       "受理日期后 45 个工作日；未受理的投诉：登记日期后 7 个工作日；举报：登记日期后 15 个工作日，"
       "批准延期的再加 15 个工作日）。", "complaint"),
    _s("complaint.recovered", "挽回经济损失", "万元", "flow", "sum", "办结日期在统计期内的投诉举报挽回经济损失之和。",
       "complaint"),
]

STATIC_BY_CODE = {spec.code: spec for spec in STATIC}


def program_specs(programs) -> list[IndicatorSpec]:
    specs = []
    for program in programs:
        code, name = program.code, program.name
        specs.append(_s(f"rec.valid.{code}", f"{name}总数", "件", "stock", "count",
                        f"{name}认定记录中认定年度不晚于截止日所在年度、有效期至为空或不早于截止日的记录数。", "rec"))
        specs.append(_s(f"rec.new.{code}", f"新认定{name}", "件", "flow", "count",
                        f"认定年度为统计年度的{name}认定记录数。", "rec"))
        specs.append(_s(f"rec.share.{code}", f"{name}占全省比重", "%", "stock", "ratio",
                        f"{name}总数 ÷ 本区划填报的全省{name}总数 × 100。", "rec_share"))
    return specs


def reported_specs(programs=None, definitions=None) -> list[IndicatorSpec]:
    from qualitybrand.indicators.reported import all_reported

    specs = []
    for d in all_reported(programs=programs, definitions=definitions):
        if d.code.startswith("custom."):
            continue
        rng = _range_text(d.minimum, d.maximum)
        specs.append(IndicatorSpec(code=d.code, name=d.name, unit=d.unit, kind="stock", measure="value",
                                   direction="higher", definition=f"由{d.owner}部门填报，经审核通过后计入{rng}。",
                                   owner=d.owner, source="reported", family="reported",
                                   aggregation=d.aggregation))
    return specs


def _range_text(lo, hi) -> str:
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"；取值不小于 {_num(lo)}"
    return f"；取值范围 {_num(lo)}–{_num(hi)}"


def _num(value) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def custom_specs(definitions) -> list[IndicatorSpec]:
    specs = []
    for d in definitions:
        if d.type == "formula":
            from qualitybrand.indicators.formula import components

            comps = tuple(components(d.formula))
            specs.append(IndicatorSpec(code=d.code, name=d.name, unit=d.unit, kind="stock",
                                       measure="value", direction=d.direction or "higher",
                                       definition=d.definition or f"按公式计算：{d.formula}。",
                                       owner=d.owner or MARKET, source="formula", family="formula",
                                       formula=d.formula, components=comps))
        else:
            rng = _range_text(d.range_min, d.range_max)
            specs.append(IndicatorSpec(code=d.code, name=d.name, unit=d.unit, kind="stock", measure="value",
                                       direction=d.direction or "higher",
                                       definition=d.definition or f"由{d.owner or '相关'}部门填报，经审核通过后计入{rng}。",
                                       owner=d.owner or MARKET, source="reported", family="reported",
                                       aggregation=d.aggregation or "none"))
    return specs


def _load() -> tuple[list[IndicatorSpec], dict[str, IndicatorSpec]]:
    """Built once per request scope (`indicators.cache.request_scope`), else on every call."""
    from qualitybrand.indicators.cache import memoised

    specs, by_code = memoised("catalog", _build)
    return list(specs), dict(by_code)


def _build() -> tuple[list[IndicatorSpec], dict[str, IndicatorSpec]]:
    from qualitybrand.indicators.models import IndicatorDefinition

    programs = programs_by_id()
    definitions = list(IndicatorDefinition.objects.order_by("code"))
    specs = list(STATIC) + program_specs(programs) + reported_specs(programs, definitions)
    specs += custom_specs(definitions)
    by_code = {s.code: s for s in specs}
    # A formula is a flow when any component (through other formulas too) is a flow.
    for i, spec in enumerate(specs):
        if spec.source == "formula" and _has_flow(spec.code, by_code, set()):
            specs[i] = by_code[spec.code] = replace(spec, kind="flow")
    return specs, by_code


def programs_by_id() -> list:
    """The configured programs by id, read once per request scope."""
    from qualitybrand.indicators.cache import memoised
    from qualitybrand.registry.models import Program

    return memoised("programs", lambda: list(Program.objects.order_by("id")))


def _has_flow(code: str, by_code: dict[str, IndicatorSpec], seen: set[str]) -> bool:
    if code in seen:
        return False
    seen.add(code)
    spec = by_code.get(code)
    if spec is None:
        return False
    if spec.source != "formula":
        return spec.kind == "flow"
    return any(_has_flow(c, by_code, seen) for c in spec.components)


def all_specs() -> list[IndicatorSpec]:
    """Every indicator in catalog order (derived, program-based, reported, custom)."""
    return _load()[0]


def specs_by_code() -> dict[str, IndicatorSpec]:
    return _load()[1]


def get(code: str) -> IndicatorSpec | None:
    code = (code or "").strip()
    if code in STATIC_BY_CODE:
        return STATIC_BY_CODE[code]
    return specs_by_code().get(code)
