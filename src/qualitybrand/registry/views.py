"""Pages of the registries: list, detail (with related records and history), forms.

Each page mirrors its API resource (`registry/api.py`): the same filters, scoping, validation
and change-logged writes. Query parameters are those of the API (`region`, `year`, `valid_on`, …).
"""

from __future__ import annotations

from qualitybrand.core import clock
from qualitybrand.core.listing import Col, RecordPage, Related
from qualitybrand.registry import api, hooks
from qualitybrand.registry.models import Program

U = lambda o: o.uscc  # noqa: E731 - the entity's code as a list filter value


def entity_state(e) -> tuple[str, str]:
    """The first tag of an entity (what its list shows): 已注销 or 存续."""
    return ("已注销", "grey") if e.deregistered and e.deregistered <= clock.today() else ("存续", "blue")


def entity_tags(e):
    today = clock.today()
    tags = [entity_state(e)]
    listed = [b for b in e.blacklist_entries.all() if b.removed is None or b.removed > today]
    if listed:
        tags.append(("严重违法失信", "red"))
    return tags


def trademark_tags(t):
    today = clock.today()
    if t.cancelled and t.cancelled <= today:
        return [("已注销", "grey")]
    if t.registered is None:
        return [("申请中", "blue")]
    if t.expires and t.expires < today:
        return [("已过期", "grey")]
    tags = [("有效", "green")]
    if t.is_gi:
        tags.append(("地理标志", "blue"))
    if t.madrid_number:
        tags.append(("马德里", "blue"))
    return tags


def valid_until_tags(obj, attr="valid_until"):
    until = getattr(obj, attr)
    return [("有效", "green")] if until is None or until >= clock.today() else [("已过期", "grey")]


def patent_tags(p):
    return [(p.legal_status, {"有效": "green", "审中": "blue", "失效": "grey"}.get(p.legal_status, "blue"))]


def pledge_tags(p):
    today = clock.today()
    return [("在押", "blue")] if p.registered <= today < p.expires else [("已到期", "grey")]


ENTITIES = RecordPage(
    "registry", "entities", "市场主体", api.EntityViewSet,
    columns=[Col("name", "名称", "name", link=True), Col("uscc", "统一社会信用代码", "uscc"),
             Col("kind", "主体类型", "kind"), Col("region", "区划", "region", kind="region"),
             Col("established", "成立日期", "established"), Col("deregistered", "注销日期", "deregistered"),
             Col("status", "状态", kind="tag")],
    filters=["kind", "scale", "exists_on", "industry_code", "credit_tag"],
    codes=[("统一社会信用代码", "uscc"), ("区划", "region")],
    ledger="entities", tags=entity_tags, unit="户", prefetch=("blacklist_entries",),
    list_all_tags=True, more_tags=lambda ids: hooks.extra_tags(ids, clock.today()),  # 失信 and 守信 in the list
    export_status=lambda e: entity_state(e)[0], export_prefetch=(),
    related=[
        Related("商标", "registry:trademarks", "holder", "holder", U),
        Related("荣誉认定", "registry:recognitions", "entity", "entity", U),
        Related("专利", "registry:patents", "applicant", "applicant", U),
        Related("认证证书", "registry:certifications", "entity", "entity", U),
        Related("标准", "registry:standards", "entity", "entity", U),
        Related("监督抽查", "supervision:inspections", "entity", "entity", U),
        Related("执法案件", "supervision:cases", "party", "party", U),
        Related("商标质押", "registry:pledges", "pledgor", "pledgor", U),
        Related("企业服务", "registry:services", "entity", "entity", U),
        Related("失信名单", "supervision:blacklist", "entity", "entity", U),
    ],
)

def _program_links(program, user):
    """The program page's links from the apps above (cultivation: its eligibility rules editor)."""
    return hooks.program_links(program, user)


PROGRAMS = RecordPage(
    "registry", "programs", "认定项目", api.ProgramViewSet,
    columns=[Col("name", "项目名称", "name", link=True), Col("object_kind", "对象类型"), Col("level", "级别", "level"),
             Col("validity_years", "有效期(年)", kind="int"), Col("reward", "奖励金额(万元)", kind="amount"),
             Col("is_open", "是否开放", kind="bool")],
    filters=["level", "object_kind", "is_open"], codes=[("级别", "level"), ("对象类型", "object_kind")],
    ledger="programs", unit="项",
    tags=lambda p: [("开放申报", "green")] if p.is_open else [("暂停申报", "grey")],
    related=[Related("认定记录", "registry:recognitions", "program", "program", lambda p: p.code)],
    links=lambda p, user: _program_links(p, user),
)

TRADEMARKS = RecordPage(
    "registry", "trademarks", "商标", api.TrademarkViewSet,
    columns=[Col("name", "商标名称", "name", link=True), Col("number", "注册号", "number"),
             Col("classes", "国际分类", kind="list"), Col("holder.name", "注册人", "holder"),
             Col("region", "区划", "region", kind="region"), Col("applied", "申请日期", "applied"),
             Col("registered", "注册日期", "registered"), Col("expires", "专用权期限至", "expires"),
             Col("status", "状态", kind="tag")],
    filters=["registered_year", "valid_on", "nice_class", "mark_type", "is_gi", "madrid", "holder"],
    codes=[("注册号", "number"), ("注册人", "holder.name"), ("国际分类", "classes")],
    ledger="trademarks", tags=trademark_tags, unit="件",
    related=[Related("荣誉认定", "registry:recognitions", "trademark", "trademark", lambda t: t.number),
             Related("商标质押", "registry:pledges", "trademarks", "trademark", lambda t: t.number)],
)

RECOGNITIONS = RecordPage(
    "registry", "recognitions", "荣誉认定", api.RecognitionViewSet,
    columns=[Col("entity.name", "主体", "entity"), Col("program.name", "项目", "program"),
             Col("program.level", "级别"), Col("trademark.number", "商标注册号"), Col("product_name", "产品名称"),
             Col("year", "认定年度", "year"), Col("valid_until", "有效期至", "valid_until"),
             Col("region", "区划", "region", kind="region"), Col("status", "状态", kind="tag"),
             Col("", "操作", kind="detail")],
    filters=["program", "level", "valid_on", "method", "entity"], name_attr="entity",
    codes=[("项目", "program.name"), ("认定年度", "year"), ("统一社会信用代码", "entity.uscc")],
    ledger="recognitions", tags=valid_until_tags, unit="件",
    filter_options={"program": lambda user: [(p.code, p.name) for p in Program.objects.order_by("level", "id")]},
)

PATENTS = RecordPage(
    "registry", "patents", "专利", api.PatentViewSet,
    columns=[Col("title", "专利名称", "title", link=True), Col("number", "申请号", "number"),
             Col("patent_type", "专利类型"), Col("applicant.name", "申请人", "applicant"),
             Col("filed", "申请日", "filed"), Col("granted", "授权公告日", "granted"),
             Col("region", "区划", "region", kind="region"), Col("status", "法律状态", kind="tag")],
    filters=["patent_type", "legal_status", "granted_year", "is_service", "applicant"], name_attr="title",
    codes=[("申请号", "number"), ("申请人", "applicant.name")], ledger="patents", tags=patent_tags, unit="件",
)

CERTIFICATIONS = RecordPage(
    "registry", "certifications", "认证证书", api.CertificationViewSet,
    columns=[Col("number", "证书编号", "number", link=True), Col("entity.name", "获证主体", "entity"),
             Col("cert_type", "认证类型", "cert_type"), Col("issued", "发证日期", "issued"),
             Col("expires", "有效期至", "expires"), Col("region", "区划", "region", kind="region"),
             Col("status", "状态", kind="tag")],
    filters=["cert_type", "valid_on", "entity"], name_attr="number",
    codes=[("认证类型", "cert_type"), ("获证主体", "entity.name")], ledger="certifications",
    tags=lambda c: valid_until_tags(c, "expires"), unit="张",
)

STANDARDS = RecordPage(
    "registry", "standards", "标准", api.StandardViewSet,
    columns=[Col("name", "标准名称", "name", link=True), Col("number", "标准编号", "number"),
             Col("level", "标准层级", "level"), Col("work_type", "工作类型"), Col("entity.name", "主要起草单位"),
             Col("published", "发布日期", "published"), Col("region", "区划", "region", kind="region")],
    filters=["level", "work_type", "entity"], codes=[("标准编号", "number"), ("标准层级", "level")],
    ledger="standards", unit="项",
)

PLEDGES = RecordPage(
    "registry", "pledges", "商标专用权质押", api.PledgeViewSet,
    columns=[Col("number", "登记编号", "number", link=True), Col("pledgor.name", "出质人", "pledgor"),
             Col("pledgee", "质权人"), Col("trademarks", "商标注册号", kind="list"),
             Col("amount", "质押金额(万元)", "amount", kind="amount"), Col("registered", "登记日期", "registered"),
             Col("expires", "到期日期", "expires"), Col("status", "状态", kind="tag")],
    filters=["outstanding_on", "pledgor", "trademark"], name_attr="number",
    codes=[("出质人", "pledgor.name"), ("质权人", "pledgee")], ledger="pledges", tags=pledge_tags, unit="笔",
)

SERVICES = RecordPage(
    "registry", "services", "企业服务", api.ServiceViewSet,
    columns=[Col("number", "服务编号", "number", link=True), Col("date", "服务日期", "date"),
             Col("entity.name", "服务对象", "entity"), Col("service_type", "服务类型"),
             Col("person_times", "服务人次", "person_times", kind="int"),
             Col("problems", "解决问题数", "problems", kind="int"), Col("region", "区划", kind="region")],
    filters=["service_type", "entity"], name_attr="number", codes=[("服务对象", "entity.name")],
    ledger="services", unit="条",
)

PUBLICITY = RecordPage(
    "registry", "publicity", "宣传报道", api.PublicityViewSet,
    columns=[Col("title", "标题", "title", link=True), Col("number", "稿件编号", "number"),
             Col("date", "发布日期", "date"), Col("media", "媒体", "media"),
             Col("region", "区划", "region", kind="region")],
    filters=["media"], name_attr="title", codes=[("稿件编号", "number"), ("媒体", "media")],
    ledger="publicity", unit="篇",
)

PAGES = [ENTITIES, PROGRAMS, TRADEMARKS, RECOGNITIONS, PATENTS, CERTIFICATIONS, STANDARDS, PLEDGES, SERVICES,
         PUBLICITY]
