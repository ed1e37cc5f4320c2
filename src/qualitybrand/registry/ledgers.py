"""Column specs of the registry ledgers (ledgers.md): programs, entities, trademarks,
recognitions, patents, certifications, standards, pledges, services and publicity."""

from __future__ import annotations

import datetime as dt
import re

from qualitybrand.core import clock
from qualitybrand.core.codes import industry_code, patent_problem
from qualitybrand.ledgers.engine import register
from qualitybrand.ledgers.normalise import CellError
from qualitybrand.ledgers.rules import check_uscc, digits, ten_years, uscc_valid
from qualitybrand.ledgers.spec import Column as C
from qualitybrand.ledgers.spec import Context, Ledger, Row, choices
from qualitybrand.registry import choices as ch
from qualitybrand.registry import hooks
from qualitybrand.registry import models as m


def _program_code(value: str) -> str:
    value = value.lower()
    if not re.fullmatch(r"[a-z0-9_]+", value):
        raise CellError("项目代码只能由小写字母、数字和下划线组成（如 famous_city）。")
    return value


def _industry(value: str) -> str:
    try:
        return industry_code(value)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def _classes(value: list[str]) -> list[int]:
    out = []
    for part in value:
        if not re.fullmatch(r"\d{1,3}", part) or not 1 <= int(part) <= 45:
            raise CellError(f"国际分类“{part}”无效：每个类别应为 1–45 的整数（尼斯分类）。")
        if int(part) not in out:
            out.append(int(part))
    if not value:
        raise CellError("国际分类不能为空。")
    return sorted(out)


def _load_trademarks(ctx: Context, numbers: set[str]) -> None:
    """ctx.cache["trademarks"]: registration number -> (id, holder id) for the marks the user may see."""
    tms = ctx.cache.setdefault("trademarks", {})
    missing = [n for n in numbers if n not in tms]
    for i in range(0, len(missing), 5000):
        for num, pk, holder, region_id in m.Trademark.objects.filter(number__in=missing[i:i + 5000]).values_list(
                "number", "id", "holder_id", "region_id"):
            if ctx.in_scope(region_id):  # others answer as missing (Context.scope_path)
                tms[num] = (pk, holder)


class EntityOwned(Ledger):
    """A ledger whose records belong to an entity and take its region.

    `restriction_place`: a new record is a write that joint restrictions (credit.md, registry/hooks.py)
    bear on; an import records facts decided elsewhere, so a new row of a restricted entity is kept and
    warned about with the rule's reason (the warning stays in the batch's report), never refused."""

    entity_column = ""
    entity_field = "entity_id"
    restriction_place = ""

    def prefetch(self, ctx: Context, rows: list[Row]) -> None:
        ctx.load_regions()
        usccs = {r.values.get(self.entity_column) for r in rows} - {None}
        ctx.load_entities(usccs)
        if self.restriction_place:
            ids = {found[0] for u in usccs if (found := ctx.entities.get(u)) is not None}
            ctx.cache["restricted"] = hooks.restrictions_for(self.restriction_place, ids, clock.today())

    def warn_restricted(self, ctx: Context, row: Row, merged: dict, new: bool) -> None:
        if new and self.restriction_place:
            for r in ctx.cache.get("restricted", {}).get(merged.get(self.entity_field), ()):
                row.warn(self.entity_column, f"联合惩戒{r.effect}：{r.reason}")

    def build(self, ctx, row):
        out = super().build(ctx, row)
        if self.entity_column in row.values:
            ent = ctx.entity(row, self.entity_column)
            if ent is not None:
                out[self.entity_field] = ent[0]
                out["region_id"] = ent[1]
                ctx.entity_region(row, ent)
            elif row.values.get(self.entity_column) is None:
                out[self.entity_field] = None
        return out


@register
class Programs(Ledger):
    name, title, model = "programs", "认定项目", m.Program
    columns = [
        C("项目代码", "code", True, field="code", check=_program_code),
        C("项目名称", "text", True, field="name"),
        C("对象类型", "choice", True, field="object_kind", choices=choices(ch.PROGRAM_OBJECT_KINDS)),
        C("级别", "choice", True, field="level", choices=choices(ch.PROGRAM_LEVELS)),
        C("有效期(年)", "int", aliases=("有效期",), field="validity_years", minimum=1, maximum=100),
        C("是否开放", "bool", field="is_open", default=True),
        C("奖励金额(万元)", "amount", aliases=("奖励金额",), field="reward", minimum=0),
    ]
    key, key_fields = ("项目代码",), ("code",)

    def prefetch(self, ctx, rows):
        if "program_names" not in ctx.cache:
            ctx.cache["program_names"] = dict(m.Program.objects.values_list("name", "code"))
            ctx.cache["file_program_names"] = {}

    def complete(self, ctx, row, fields, merged, new):
        name = merged.get("name")
        owner = ctx.cache["program_names"].get(name)
        if owner is not None and owner != merged["code"]:
            row.error("项目名称", f"项目名称“{name}”已被项目 {owner} 使用：项目名称不能重复。")
        in_file = ctx.cache["file_program_names"].setdefault(name, row.number)
        if in_file != row.number:
            row.error("项目名称", f"项目名称“{name}”与第 {in_file} 行重复：项目名称不能重复。")


@register
class Entities(Ledger):
    name, title, model = "entities", "市场主体", m.Entity
    columns = [
        C("统一社会信用代码", "code", True, aliases=("社会信用代码", "信用代码"), field="uscc", upper=True,
          precheck=uscc_valid),
        C("名称", "text", True, aliases=("主体名称", "企业名称"), field="name"),
        C("主体类型", "choice", True, field="kind", choices=choices(ch.ENTITY_KINDS)),
        C("区划代码", "code", True),
        C("行业代码", "code", field="industry_code", check=_industry),
        C("成立日期", "date", field="established"),
        C("注销日期", "date", field="deregistered"),
        C("规模", "choice", field="scale", choices=choices(ch.ENTITY_SCALES)),
    ]
    key, key_fields = ("统一社会信用代码",), ("uscc",)
    region_column = "区划代码"
    date_order = (("deregistered", "established", "注销日期", "成立日期", False),)

    def build(self, ctx, row):
        if "统一社会信用代码" in row.values:
            check_uscc(row, "统一社会信用代码", row.values.get("主体类型"))
        return super().build(ctx, row)

    def after_write(self, runner, created, updated):
        moved = [(r.existing["id"], r.fields["region_id"]) for r in updated if "region_id" in r.fields]
        cache = runner.ctx.entities  # only entries already cached are kept in step (memory stays flat)
        for r in created:
            if r.fields["uscc"] in cache:
                cache[r.fields["uscc"]] = (r.fields["id"], r.fields["region_id"], r.fields["kind"])
        for r in updated:
            old = r.existing
            if old["uscc"] in cache:
                cache[old["uscc"]] = (old["id"], r.fields.get("region_id", old["region_id"]),
                                      r.fields.get("kind", old["kind"]))
        if moved:
            from qualitybrand.registry.services import move_entities

            move_entities(runner.user, moved, import_batch_id=runner.batch_id)


@register
class Trademarks(EntityOwned):
    name, title, model = "trademarks", "商标", m.Trademark
    columns = [
        C("注册号", "code", True, aliases=("申请号/注册号", "申请号"), field="number", check=digits(10)),
        C("商标名称", "text", True, aliases=("商标",), field="name"),
        C("国际分类", "list", True, aliases=("类别",), field="classes", check=_classes),
        C("注册人统一社会信用代码", "code", True, upper=True),
        C("申请日期", "date", True, field="applied"),
        C("注册日期", "date", field="registered"),
        C("专用权期限至", "date", field="expires"),
        C("商标类型", "choice", field="mark_type", choices=choices(ch.MARK_TYPES), default="普通商标"),
        C("地理标志", "bool", field="is_gi", default=False),
        C("马德里国际注册号", "text", field="madrid_number"),
        C("国际注册日期", "date", field="madrid_date"),
        C("指定国家", "list", field="madrid_countries"),
        C("注销日期", "date", aliases=("无效日期",), field="cancelled"),
    ]
    key, key_fields = ("注册号",), ("number",)
    entity_column, entity_field = "注册人统一社会信用代码", "holder_id"
    date_order = (("registered", "applied", "注册日期", "申请日期", False),
                  ("expires", "registered", "专用权期限至", "注册日期", True))

    def complete(self, ctx, row, fields, merged, new):
        present = ctx.cache["present"]
        if merged.get("registered") and (
                ("专用权期限至" in present and row.values.get("专用权期限至") is None)
                or ("专用权期限至" not in present and new)):
            fields["expires"] = merged["expires"] = ten_years(merged["registered"])
        if merged.get("is_gi") and merged.get("mark_type") not in ("集体商标", "证明商标"):
            row.error("地理标志", f"只有集体商标或证明商标可以是地理标志，本行商标类型为“{merged.get('mark_type')}”。")
        if merged.get("madrid_number") and not merged.get("madrid_date"):
            row.error("国际注册日期", "填写了马德里国际注册号时，国际注册日期必填。")

    def object_repr(self, merged):
        return f"{merged.get('name')}（{merged.get('number')}）"

    def object_repr_sql(self, column):
        return f"{column('name')} || '（' || {column('number')} || '）'"  # both required


@register
class Recognitions(EntityOwned):
    name, title, model = "recognitions", "荣誉认定", m.Recognition
    columns = [
        C("项目", "text", True, aliases=("项目名称", "项目代码")),
        C("统一社会信用代码", "code", True, upper=True),
        C("商标注册号", "code", check=digits(10)),
        C("产品名称", "text", field="product_name"),
        C("认定年度", "int", True, field="year", minimum=1980, maximum=2100),
        C("有效期至", "date", field="valid_until"),
        C("认定方式", "choice", field="method", choices=choices(ch.RECOGNITION_METHODS), default="评审认定"),
    ]
    key, key_fields = ("项目", "统一社会信用代码", "认定年度"), ("program_id", "object_key", "year")
    entity_column = "统一社会信用代码"
    restriction_place = "recognition.grant"

    def prefetch(self, ctx, rows):
        super().prefetch(ctx, rows)
        if "programs" not in ctx.cache:
            progs = {}
            for p in m.Program.objects.values("id", "code", "name", "object_kind", "validity_years"):
                progs[p["code"].lower()] = p
                progs[p["name"]] = p
            ctx.cache["programs"] = progs
        numbers = {r.values.get("商标注册号") for r in rows} - {None}
        _load_trademarks(ctx, numbers)

    def build(self, ctx, row):
        out = super().build(ctx, row)
        name = row.values.get("项目")
        program = None
        if name:
            program = ctx.cache["programs"].get(name) or ctx.cache["programs"].get(name.lower())
            if program is None:
                row.error("项目", f"项目“{name}”不存在：应为已配置认定项目的名称或项目代码。")
        uscc = row.values.get("统一社会信用代码")
        number = row.values.get("商标注册号")
        tm = None
        if number:
            tm = ctx.cache["trademarks"].get(number)
            if tm is None:
                row.error("商标注册号", f"商标注册号 {number} 不在{ctx.directory}商标名录中：请先导入该商标。")
            elif out.get("entity_id") and tm[1] != out["entity_id"]:
                row.error("商标注册号", f"商标 {number} 不属于统一社会信用代码为 {uscc} 的主体。")
        out["trademark_id"] = tm[0] if tm else None
        if program is None:
            return out
        out["program_id"] = program["id"]
        kind = program["object_kind"]
        product = row.values.get("产品名称")
        if kind == "商标":
            if not number:
                row.error("商标注册号", f"项目“{program['name']}”的对象是商标：商标注册号必填。")
            out["object_key"] = number or None
        elif kind == "产品":
            if not product:
                row.error("产品名称", f"项目“{program['name']}”的对象是产品：产品名称必填。")
            out["object_key"] = f"{uscc}|{product}" if product and uscc else None
        else:
            out["object_key"] = uscc
        return out

    def complete(self, ctx, row, fields, merged, new):
        self.warn_restricted(ctx, row, merged, new)
        program = ctx.cache["programs"].get(row.values.get("项目") or "") or ctx.cache["programs"].get(
            (row.values.get("项目") or "").lower())
        present = ctx.cache["present"]
        if ("有效期至" in present and row.values.get("有效期至") is None) or ("有效期至" not in present and new):
            years = program["validity_years"] if program else None
            value = dt.date(merged["year"] + years - 1, 12, 31) if years else None
            fields["valid_until"] = merged["valid_until"] = value

    def object_repr(self, merged):
        return f"{merged.get('year')} {merged.get('object_key')}"


@register
class Patents(EntityOwned):
    name, title, model = "patents", "专利", m.Patent
    columns = [
        C("申请号", "code", True, aliases=("专利号", "申请号/专利号"), upper=True),
        C("专利名称", "text", True, field="title"),
        C("专利类型", "choice", True, field="patent_type", choices=choices(ch.PATENT_TYPES)),
        C("申请人统一社会信用代码", "code", True, upper=True),
        C("申请日", "date", True, field="filed"),
        C("授权公告日", "date", field="granted"),
        C("法律状态", "choice", True, field="legal_status", choices=choices(ch.PATENT_STATUSES)),
        C("职务发明", "bool", field="is_service", default=True),
    ]
    key, key_fields = ("申请号",), ("number",)
    entity_column, entity_field = "申请人统一社会信用代码", "applicant_id"

    def build(self, ctx, row):
        out = super().build(ctx, row)
        raw = row.values.get("申请号")
        if raw:
            problem, canonical, ptype = patent_problem(raw)
            if problem:
                row.error("申请号", f"专利申请号{problem}")
            else:
                out["number"] = canonical
                given = row.values.get("专利类型")
                if given and given != ptype:
                    row.error("专利类型", f"专利类型“{given}”与申请号的类型位不一致：申请号 {canonical} 表示{ptype}。")
        return out

    date_order = (("granted", "filed", "授权公告日", "申请日", False),)


@register
class Certifications(EntityOwned):
    name, title, model = "certifications", "认证证书", m.Certification
    columns = [
        C("证书编号", "text", True, field="number"),
        C("认证类型", "choice", True, field="cert_type", choices=choices(ch.CERT_TYPES)),
        C("统一社会信用代码", "code", True, upper=True),
        C("发证日期", "date", True, field="issued"),
        C("有效期至", "date", True, field="expires"),
        C("认证范围", "text", field="scope_text"),
    ]
    key, key_fields = ("证书编号",), ("number",)
    entity_column = "统一社会信用代码"

    date_order = (("expires", "issued", "有效期至", "发证日期", True),)


@register
class Standards(EntityOwned):
    name, title, model = "standards", "标准", m.Standard
    columns = [
        C("标准编号", "text", True, field="number"),
        C("标准名称", "text", True, field="name"),
        C("标准层级", "choice", True, field="level", choices=choices(ch.STANDARD_LEVELS)),
        C("工作类型", "choice", True, field="work_type", choices=choices(ch.STANDARD_WORK_TYPES)),
        C("主要起草单位统一社会信用代码", "code", True, upper=True),
        C("发布日期", "date", True, field="published"),
    ]
    key, key_fields = ("标准编号",), ("number",)
    entity_column = "主要起草单位统一社会信用代码"


@register
class Pledges(EntityOwned):
    name, title, model = "pledges", "商标专用权质押", m.Pledge
    columns = [
        C("登记编号", "text", True, field="number"),
        C("出质人统一社会信用代码", "code", True, upper=True),
        C("质权人", "text", True, field="pledgee"),
        C("商标注册号", "list", True),
        C("质押金额", "amount", True, field="amount", minimum=0, exclusive_min=True),
        C("登记日期", "date", True, field="registered"),
        C("到期日期", "date", True, field="expires"),
    ]
    key, key_fields = ("登记编号",), ("number",)
    entity_column, entity_field = "出质人统一社会信用代码", "pledgor_id"
    extra_fields = ("trademarks",)
    restriction_place = "pledge.record"

    def complete(self, ctx, row, fields, merged, new):
        self.warn_restricted(ctx, row, merged, new)

    def prefetch(self, ctx, rows):
        super().prefetch(ctx, rows)
        numbers = set()
        for r in rows:
            numbers.update(r.values.get("商标注册号") or [])
        _load_trademarks(ctx, numbers)

    def build(self, ctx, row):
        out = super().build(ctx, row)
        numbers = row.values.get("商标注册号")
        if numbers is not None:
            ids = []
            for num in numbers:
                tm = ctx.cache["trademarks"].get(num)
                if tm is None:
                    row.error("商标注册号", f"商标注册号 {num} 不在{ctx.directory}商标名录中。")
                elif out.get("pledgor_id") and tm[1] != out["pledgor_id"]:
                    row.error("商标注册号", f"商标 {num} 不属于出质人（注册人不是该主体）。")
                else:
                    ids.append(tm[0])
            if not numbers:
                row.error("商标注册号", "应至少填写一个出质商标的注册号。")
            out["trademarks"] = sorted(set(ids))
        return out

    date_order = (("expires", "registered", "到期日期", "登记日期", True),)

    def fetch_extra(self, pks):
        through = m.Pledge.trademarks.through
        out: dict[int, dict] = {pk: {"trademarks": []} for pk in pks}
        for i in range(0, len(pks), 5000):
            for pid, tid in through.objects.filter(pledge_id__in=pks[i:i + 5000]).values_list(
                    "pledge_id", "trademark_id"):
                out[pid]["trademarks"].append(tid)
        for v in out.values():
            v["trademarks"].sort()
        return out

    def write_extra(self, ctx, values):
        through = m.Pledge.trademarks.through
        ids = list(values)
        through.objects.filter(pledge_id__in=ids).delete()
        through.objects.bulk_create([through(pledge_id=pid, trademark_id=tid) for pid, v in values.items()
                                     for tid in v.get("trademarks") or []], batch_size=2000)


@register
class Services(EntityOwned):
    name, title, model = "services", "企业服务", m.Service
    columns = [
        C("服务编号", "text", True, field="number"),
        C("服务日期", "date", True, field="date"),
        C("统一社会信用代码", "code", True, upper=True),
        C("服务类型", "choice", True, field="service_type", choices=choices(ch.SERVICE_TYPES)),
        C("服务人次", "int", True, field="person_times", minimum=1, maximum=10 ** 9),
        C("解决问题数", "int", field="problems", minimum=0, maximum=10 ** 9, default=0),
    ]
    key, key_fields = ("服务编号",), ("number",)
    entity_column = "统一社会信用代码"


@register
class Publicity(Ledger):
    name, title, model = "publicity", "宣传报道", m.Publicity
    columns = [
        C("稿件编号", "text", True, field="number"),
        C("发布日期", "date", True, field="date"),
        C("标题", "text", True, field="title"),
        C("媒体", "text", True, field="media"),
        C("区划代码", "code", True),
    ]
    key, key_fields = ("稿件编号",), ("number",)
    region_column = "区划代码"
