"""Feeding the generated rows to the registries.

The one way in is the ledger engine's bulk service (`ledgers.engine.import_rows`), the same
path an office's Excel import takes. Until that service is on main, `_fallback` writes the
same rows with bulk_create and change-log entries (to be removed once `import_rows` lands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from qualitybrand.demo.generator import LEDGER_ORDER

FILE_NAME = "演示数据"


class DemoLoadError(Exception):
    """A ledger refused the demo's rows (a bug in the generator): message in Chinese."""


def _import_rows() -> Callable | None:
    try:
        from qualitybrand.ledgers.engine import import_rows
    except ImportError:
        return None
    return import_rows


def write_ledgers(data: dict[str, list[dict]], *, user=None, progress: Callable[[str, int], None] | None = None
                  ) -> dict[str, int]:
    """Write every ledger's rows in order; returns {ledger: rows written}."""
    import_rows = _import_rows()
    counts: dict[str, int] = {}
    for ledger in LEDGER_ORDER:
        rows = data.get(ledger, [])
        if not rows:
            continue
        if import_rows is not None:
            result = import_rows(ledger, rows, mode="atomic", user=user, file_name=FILE_NAME)
            errors = getattr(result, "errors", None) or []
            if errors:
                first = errors[0]
                raise DemoLoadError(f"演示数据台账“{ledger}”导入失败（{len(errors)} 处错误），首个错误：{first}")
        else:
            _FALLBACK[ledger](rows, user)
        counts[ledger] = len(rows)
        if progress:
            progress(ledger, len(rows))
    return counts


# --- fallback: direct bulk writes (until ledgers.engine.import_rows is on main) ------------

def _date(text) -> dt.date | None:
    if not text:
        return None
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(str(text))


def _bool(text) -> bool:
    return str(text) in ("是", "Y", "1", "true", "True", "√")


def _amount(value) -> Decimal | None:
    if value in ("", None):
        return None
    return Decimal(str(value))


def _list(text) -> list[str]:
    return [part for part in str(text or "").replace(",", "、").split("、") if part]


class _Ctx:
    def __init__(self):
        from qualitybrand.core.models import Region

        self.regions = {r.code: r for r in Region.objects.all()}
        self.paths = {r.pk: r.path for r in self.regions.values()}
        self._entities: dict[str, tuple[int, int]] | None = None

    def entities(self) -> dict[str, tuple[int, int]]:
        from qualitybrand.registry.models import Entity

        if self._entities is None:
            self._entities = {u: (pk, rid) for u, pk, rid in Entity.objects.values_list("uscc", "pk", "region_id")}
        return self._entities


# natural keys: rows whose key is already in the database are left alone (load_demo --force)
_KEYS = {
    "Entity": ("uscc",), "Trademark": ("number",), "Patent": ("number",), "Certification": ("number",),
    "Standard": ("number",), "Inspection": ("number",), "Incident": ("number",), "Case": ("number",),
    "Service": ("number",), "Publicity": ("number",), "Pledge": ("number",), "Program": ("code",),
    "Recognition": ("program_id", "object_key", "year"), "IndicatorValue": ("code", "region_id", "year"),
    "BlacklistEntry": ("entity_id", "listed"),
}


def _new_only(model, objs: list) -> list:
    fields = _KEYS[model.__name__]
    if not model.objects.exists():
        return objs
    existing = set(model.objects.values_list(*fields))
    if len(fields) == 1:
        existing = {(value,) for value in existing}
    return [o for o in objs if tuple(getattr(o, f) for f in fields) not in existing]


def _save(model, objs: list, user, ctx: _Ctx) -> list:
    from qualitybrand.core import changelog

    created = model.objects.bulk_create(_new_only(model, objs), batch_size=2000)
    if created and created[0].pk is None:  # backends that do not return ids
        raise DemoLoadError("数据库未返回新记录的编号，无法记录变更日志。")
    entries = [changelog.build_entry(user=user, action="create", obj=o, before=None,
                                     after=changelog.snapshot(o), region_path=ctx.paths.get(o.region_id, ""),
                                     reason=FILE_NAME)
               for o in created]
    changelog.record_many(entries)
    return created


def _regions(rows, user):
    from qualitybrand.core.models import Region
    from qualitybrand.core.services import save_region

    for row in rows:
        parent = Region.objects.get(code=row["上级区划代码"]) if row["上级区划代码"] else None
        save_region(user, code=row["区划代码"], name=row["名称"], kind=row["类型"], parent=parent,
                    former_codes=_list(row.get("曾用代码")), reason=FILE_NAME)


def _programs(rows, user):
    from qualitybrand.core import changelog
    from qualitybrand.registry.models import Program

    objs = Program.objects.bulk_create(_new_only(Program, [
        Program(code=row["项目代码"], name=row["项目名称"], object_kind=row["对象类型"], level=row["级别"],
                validity_years=row["有效期(年)"] or None, is_open=_bool(row["是否开放"]),
                reward=_amount(row["奖励金额(万元)"]))
        for row in rows]))
    changelog.record_many([changelog.build_entry(user=user, action="create", obj=o, before=None,
                                                 after=changelog.snapshot(o), region_path="", reason=FILE_NAME)
                           for o in objs])


def _entities(rows, user):
    from qualitybrand.registry.models import Entity

    ctx = _Ctx()
    _save(Entity, [Entity(uscc=row["统一社会信用代码"], name=row["名称"], kind=row["主体类型"],
                          region=ctx.regions[row["区划代码"]], industry_code=row["行业代码"],
                          established=_date(row["成立日期"]), deregistered=_date(row["注销日期"]),
                          scale=row["规模"]) for row in rows], user, ctx)


def _default_expiry(registered: dt.date | None) -> dt.date | None:
    from qualitybrand.demo.generator import default_tm_expiry

    return default_tm_expiry(registered) if registered else None


def _trademarks(rows, user):
    from qualitybrand.registry.models import Trademark

    ctx = _Ctx()
    ents = ctx.entities()
    objs = []
    for row in rows:
        holder_id, region_id = ents[row["注册人统一社会信用代码"]]
        registered = _date(row["注册日期"])
        objs.append(Trademark(
            number=row["注册号"], name=row["商标名称"], classes=[int(c) for c in _list(row["国际分类"])],
            holder_id=holder_id, region_id=region_id, applied=_date(row["申请日期"]), registered=registered,
            expires=_date(row["专用权期限至"]) or _default_expiry(registered), mark_type=row["商标类型"] or "普通商标",
            is_gi=_bool(row["地理标志"]), madrid_number=row["马德里国际注册号"],
            madrid_date=_date(row["国际注册日期"]), madrid_countries=_list(row["指定国家"]),
            cancelled=_date(row["注销日期"])))
    _save(Trademark, objs, user, ctx)


def _recognitions(rows, user):
    from qualitybrand.registry.models import Program, Recognition, Trademark

    ctx = _Ctx()
    ents = ctx.entities()
    programs = {}
    for program in Program.objects.all():
        programs[program.code] = programs[program.name] = program
    marks = dict(Trademark.objects.values_list("number", "pk"))
    objs = []
    for row in rows:
        program = programs[row["项目"]]
        entity_id, region_id = ents[row["统一社会信用代码"]]
        year = int(row["认定年度"])
        until = _date(row["有效期至"])
        if until is None and program.validity_years:
            until = dt.date(year + program.validity_years - 1, 12, 31)
        if program.object_kind == "商标":
            key = row["商标注册号"]
        elif program.object_kind == "产品":
            key = f"{row['统一社会信用代码']}|{row['产品名称']}"
        else:
            key = row["统一社会信用代码"]
        objs.append(Recognition(
            program=program, entity_id=entity_id, region_id=region_id,
            trademark_id=marks[row["商标注册号"]] if row["商标注册号"] else None,
            product_name=row["产品名称"], object_key=key, year=year, valid_until=until,
            method=row["认定方式"] or "评审认定"))
    _save(Recognition, objs, user, ctx)


def _entity_owned(model, entity_header: str, entity_field: str, build: Callable[[dict], dict]):
    def write(rows, user):
        ctx = _Ctx()
        ents = ctx.entities()
        objs = []
        for row in rows:
            uscc = row.get(entity_header) or ""
            fields = build(row)
            if uscc:
                entity_id, region_id = ents[uscc]
                fields[entity_field] = entity_id
                fields.setdefault("region_id", region_id)
            if "区划代码" in row:
                fields["region_id"] = ctx.regions[row["区划代码"]].pk
            objs.append(model(**fields))
        _save(model, objs, user, ctx)
    return write


def _lazy(name: str, *args):
    def write(rows, user):
        from qualitybrand.registry import models as registry
        from qualitybrand.supervision import models as supervision

        model = getattr(registry, name, None) or getattr(supervision, name)
        return _entity_owned(model, *args)(rows, user)
    return write


def _pledges(rows, user):
    from qualitybrand.core import changelog
    from qualitybrand.registry.models import Pledge, Trademark

    ctx = _Ctx()
    ents = ctx.entities()
    marks = dict(Trademark.objects.values_list("number", "pk"))
    objs = []
    for row in rows:
        entity_id, region_id = ents[row["出质人统一社会信用代码"]]
        objs.append(Pledge(number=row["登记编号"], pledgor_id=entity_id, region_id=region_id, pledgee=row["质权人"],
                           amount=_amount(row["质押金额"]), registered=_date(row["登记日期"]),
                           expires=_date(row["到期日期"])))
    by_number = {row["登记编号"]: row for row in rows}
    created = Pledge.objects.bulk_create(_new_only(Pledge, objs))
    pairs = [(p, by_number[p.number]) for p in created]
    through = Pledge.trademarks.through
    through.objects.bulk_create([through(pledge_id=p.pk, trademark_id=marks[n])
                                 for p, row in pairs for n in _list(row["商标注册号"])])
    entries = []
    for p, row in pairs:
        after = changelog.snapshot(p)
        after["trademarks"] = _list(row["商标注册号"])
        entries.append(changelog.build_entry(user=user, action="create", obj=p, before=None, after=after,
                                             region_path=ctx.paths[p.region_id], reason=FILE_NAME))
    changelog.record_many(entries)


def _indicator_values(rows, user):
    from qualitybrand.indicators.models import IndicatorValue

    ctx = _Ctx()
    _save(IndicatorValue, [IndicatorValue(code=row["指标代码"], region=ctx.regions[row["区划代码"]],
                                          year=int(row["年度"]), value=Decimal(str(row["数值"])),
                                          department=row["填报部门"], note=row["说明"],
                                          status=IndicatorValue.Status.APPROVED)
                           for row in rows], user, ctx)


_FALLBACK: dict[str, Callable] = {
    "regions": _regions,
    "programs": _programs,
    "entities": _entities,
    "trademarks": _trademarks,
    "recognitions": _recognitions,
    "patents": _lazy("Patent", "申请人统一社会信用代码", "applicant_id", lambda row: dict(
        number=row["申请号"], title=row["专利名称"], patent_type=row["专利类型"], filed=_date(row["申请日"]),
        granted=_date(row["授权公告日"]), legal_status=row["法律状态"], is_service=_bool(row["职务发明"]))),
    "certifications": _lazy("Certification", "统一社会信用代码", "entity_id", lambda row: dict(
        number=row["证书编号"], cert_type=row["认证类型"], issued=_date(row["发证日期"]),
        expires=_date(row["有效期至"]), scope_text=row["认证范围"])),
    "standards": _lazy("Standard", "主要起草单位统一社会信用代码", "entity_id", lambda row: dict(
        number=row["标准编号"], name=row["标准名称"], level=row["标准层级"], work_type=row["工作类型"],
        published=_date(row["发布日期"]))),
    "inspections": _lazy("Inspection", "被抽查单位统一社会信用代码", "entity_id", lambda row: dict(
        number=row["抽检编号"], level=row["抽查级别"], product_category=row["产品类别"],
        sampled=_date(row["抽样日期"]), conclusion=row["结论"], failed_items=row["不合格项目"],
        key_product=_bool(row["重点产品"]))),
    "incidents": _lazy("Incident", "-", "-", lambda row: dict(
        number=row["事故编号"], occurred=_date(row["发生日期"]), domain=row["领域"], grade=row["等级"],
        summary=row["简要情况"])),
    "cases": _lazy("Case", "当事人统一社会信用代码", "party_id", lambda row: dict(
        number=row["案件编号"], case_type=row["案件类型"], source=row["线索来源"], opened=_date(row["立案日期"]),
        closed=_date(row["结案日期"]), goods_value=_amount(row["涉案货值"]), fines=_amount(row["罚没金额"]),
        transferred=_bool(row["移送司法"]))),
    "pledges": _pledges,
    "services": _lazy("Service", "统一社会信用代码", "entity_id", lambda row: dict(
        number=row["服务编号"], date=_date(row["服务日期"]), service_type=row["服务类型"],
        person_times=int(row["服务人次"]), problems=int(row["解决问题数"] or 0))),
    "publicity": _lazy("Publicity", "-", "-", lambda row: dict(
        number=row["稿件编号"], date=_date(row["发布日期"]), title=row["标题"], media=row["媒体"])),
    "indicator_values": _indicator_values,
    "blacklist": _lazy("BlacklistEntry", "统一社会信用代码", "entity_id", lambda row: dict(
        listed=_date(row["列入日期"]), reason=row["列入事由"], authority=row["决定机关"],
        removed=_date(row["移出日期"]), removal_method=row["移出方式"])),
}
