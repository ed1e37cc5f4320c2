"""Built-in rules on the registry's records held by an entity (warnings.md): trademarks, recognitions,
certifications, pledges. Each is one query filtered by a date range, for every region at once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import DateField, F, Q, TextField
from django.db.models.functions import Cast

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.rules import Context, Param, add_months, register, unindexed, url_maker

WINDOW = Param("window_days", "提前天数", "days", "到期日不晚于 D + 此天数时产生预警")
LEVEL = Param("level", "级别", "level", "级别由低到高：提示、预警、紧急")
URGENT_DAYS = Param("urgent_days", "紧急天数", "days", "到期日不晚于 D + 此天数时使用紧急时级别；应小于提前天数")
URGENT_LEVEL = Param("urgent_level", "紧急时级别", "level", "应高于级别")


def classes_text(classes) -> str:
    nums = sorted({int(c) for c in (classes or []) if str(c).strip().isdecimal()})
    return "、".join(str(n) for n in nums)


def mark_label(name: str, number: str, classes) -> str:
    cls = classes_text(classes)
    return f"商标“{name}”（第 {number} 号{f'，第 {cls} 类' if cls else ''}）"


def _classes_suffix(cache: dict, raw: str) -> str:
    """“，第 29、30 类” from the stored JSON text, once per distinct text (marks share a few class sets)."""
    found = cache.get(raw)
    if found is None:
        try:
            cls = classes_text(json.loads(raw) if raw else [])
        except (TypeError, ValueError):
            cls = ""
        found = cache[raw] = f"，第 {cls} 类" if cls else ""
    return found


def _live_marks(ctx: Context):
    """Registered on D (注册日期 ≤ D) and not cancelled (注销日期 empty or after D)."""
    from qualitybrand.registry.models import Trademark

    d = ctx.as_of
    qs = Trademark.objects.alias(registered_on=unindexed("registered", DateField())).filter(
        registered_on__lte=d).filter(Q(cancelled__isnull=True) | Q(cancelled__gt=d))
    return ctx.within(qs, entity_field="holder_id").order_by()


def _mark_rows(qs):
    """(number, name, label, expires, holder_id, region_id): the classes are read as their stored text
    (no JSON decoding per row) and the label built once per class set."""
    cache: dict[str, str] = {}
    rows = qs.annotate(classes_raw=Cast("classes", TextField())).values_list(
        "number", "name", "classes_raw", "expires", "holder_id", "region_id")
    for number, name, raw, expires, holder_id, region_id in rows:
        yield number, f"商标“{name}”（第 {number} 号{_classes_suffix(cache, raw)}）", expires, holder_id, region_id


def tm_renewal(ctx: Context) -> Iterable[Alert]:
    d, p = ctx.as_of, ctx.params
    qs = _live_marks(ctx).filter(expires__gte=d, expires__lte=d + timedelta(days=p["window_days"]))
    urgent_until = d + timedelta(days=p["urgent_days"])
    url = url_maker("registry:trademarks-detail")
    for number, label, expires, holder_id, region_id in _mark_rows(qs):
        level = p["urgent_level"] if expires <= urgent_until else p["level"]
        yield Alert(ctx.code, number, ctx.region_code(region_id), level, expires,
                    f"{label}专用权期限至 {expires:%Y-%m-%d}，已进入续展期，请于期限届满前提出续展申请",
                    label, url(number), holder_id, "商标")


def tm_grace(ctx: Context) -> Iterable[Alert]:
    d, p = ctx.as_of, ctx.params
    months = p["grace_months"]
    # 期限至 + months ≥ D holds for every 期限至 from D − months (a few days earlier at a month's end);
    # a week more is fetched and the exact test made on each row.
    earliest = add_months(d, -months) - timedelta(days=7)
    qs = _live_marks(ctx).filter(expires__lt=d, expires__gte=earliest)
    url = url_maker("registry:trademarks-detail")
    for number, label, expires, holder_id, region_id in _mark_rows(qs):
        grace_end = add_months(expires, months)
        if d > grace_end:
            continue
        yield Alert(ctx.code, number, ctx.region_code(region_id), p["level"], grace_end,
                    f"{label}专用权期限已于 {expires:%Y-%m-%d} 届满，现处于宽展期，请于 {grace_end:%Y-%m-%d} 前"
                    f"提出续展申请（宽展期内续展须缴纳宽展费），逾期商标将被注销",
                    label, url(number), holder_id, "商标")


def _dec31_years(start: date, end: date) -> list[int]:
    """Years whose 31 December lies in [start, end]."""
    return [y for y in range(start.year, end.year + 1) if start <= date(y, 12, 31) <= end]


def rec_expiry(ctx: Context) -> Iterable[Alert]:
    """Valid on D as rec.valid counts it (认定年度 ≤ year of D, 有效期至 empty or ≥ D) with an 有效期至 —
    the stored one, or the default of ledgers.md (31 December of 认定年度 + validity − 1) when the record
    has none and the program a validity — and that 有效期至 ≤ D + window."""
    from qualitybrand.registry.models import Recognition

    d, p = ctx.as_of, ctx.params
    last = d + timedelta(days=p["window_days"])
    given = Q(valid_until__gte=d, valid_until__lte=last)
    default_years = _dec31_years(d, last)
    defaulted = Q(valid_until__isnull=True, program__validity_years__isnull=False,
                  default_end__in=default_years) if default_years else Q(pk__in=[])
    qs = ctx.within(Recognition.objects.filter(year__lte=d.year), entity_field="entity_id").annotate(
        default_end=F("year") + F("program__validity_years") - 1).filter(given | defaulted).order_by()
    rows = qs.values_list("id", "program__code", "program__name", "program__object_kind", "object_key", "year",
                          "valid_until", "default_end", "product_name", "trademark__name", "entity__name",
                          "entity_id", "region_id")
    url = url_maker("registry:recognitions-detail")
    for (pk, code, program, kind, object_key, year, valid_until, default_end, product, mark, entity,
         entity_id, region_id) in rows:
        until = valid_until or date(default_end, 12, 31)
        # The contract's object: trademark number, USCC/产品名称 or the USCC (stored as "USCC|产品名称").
        obj = object_key.replace("|", "/", 1) if kind == "产品" else object_key
        subject = (f"“{product}”（{entity}）" if kind == "产品" else
                   f"商标“{mark}”（第 {object_key} 号，{entity}）" if kind == "商标" else f"“{entity}”")
        label = f"{program} {year} {subject}"
        yield Alert(ctx.code, f"{code}|{obj}|{year}", ctx.region_code(region_id), p["level"], until,
                    f"{subject}的{program}（{year} 年度认定）有效期至 {until:%Y-%m-%d}，请及时准备复评或重新申报",
                    label, url(pk), entity_id, "荣誉认定")


def cert_expiry(ctx: Context) -> Iterable[Alert]:
    from qualitybrand.registry.models import Certification

    d, p = ctx.as_of, ctx.params
    qs = ctx.within(Certification.objects.filter(
        issued__lte=d, expires__gte=d, expires__lte=d + timedelta(days=p["window_days"])),
        entity_field="entity_id").order_by()
    url = url_maker("registry:certifications-detail")
    for pk, number, cert_type, expires, entity, entity_id, region_id in qs.values_list(
            "id", "number", "cert_type", "expires", "entity__name", "entity_id", "region_id"):
        label = f"{cert_type}认证证书 {number}（{entity}）"
        yield Alert(ctx.code, number, ctx.region_code(region_id), p["level"], expires,
                    f"{label}有效期至 {expires:%Y-%m-%d}，请在到期前向认证机构申请再认证",
                    label, url(pk), entity_id, "认证证书")


def pledge_maturity(ctx: Context) -> Iterable[Alert]:
    from qualitybrand.registry.models import Pledge

    d, p = ctx.as_of, ctx.params
    qs = ctx.within(Pledge.objects.filter(
        registered__lte=d, expires__gte=d, expires__lte=d + timedelta(days=p["window_days"])),
        entity_field="pledgor_id").order_by()
    url = url_maker("registry:pledges-detail")
    for pk, number, pledgee, expires, entity, entity_id, region_id in qs.values_list(
            "id", "number", "pledgee", "expires", "pledgor__name", "pledgor_id", "region_id"):
        label = f"商标专用权质押 {number}（出质人 {entity}，质权人 {pledgee}）"
        yield Alert(ctx.code, number, ctx.region_code(region_id), p["level"], expires,
                    f"{label}将于 {expires:%Y-%m-%d} 到期，请办理还款及注销登记或延期登记",
                    label, url(pk), entity_id, "质押")


register("tm.renewal", tm_renewal, name="商标续展提醒", object_type="商标", order=10,
         meaning="已注册（注册日期 ≤ D）、未注销，且专用权期限至在 D 至 D + 提前天数之内（商标法第四十条的十二个月续展期）",
         level_text="期限至 ≤ D + 紧急天数时用紧急时级别，否则用级别", due_text="专用权期限至",
         defaults={"window_days": 365, "urgent_days": 90, "level": "提示", "urgent_level": "紧急"},
         params=(WINDOW, URGENT_DAYS, LEVEL, URGENT_LEVEL))
register("tm.grace", tm_grace, name="商标宽展期提醒", object_type="商标", order=20,
         meaning="已注册、未注销，专用权期限至 < D ≤ 专用权期限至 + 宽展期（同月同日，该月无此日取月末）",
         level_text="固定（见阈值）", due_text="专用权期限至 + 宽展期",
         defaults={"grace_months": 6, "level": "紧急"},
         params=(Param("grace_months", "宽展期", "months", "专用权期限届满后可续展的月数（商标法：六个月）"), LEVEL))
register("rec.expiry", rec_expiry, name="荣誉认定复评提醒", object_type="荣誉认定", order=30,
         meaning="在 D 有效（认定年度 ≤ D 所在年，有效期至为空或 ≥ D），有有效期至（填写的或按项目有效期推定的），"
                 "且有效期至 ≤ D + 提前天数",
         level_text="固定（见阈值）", due_text="有效期至",
         defaults={"window_days": 180, "level": "预警"}, params=(WINDOW, LEVEL))
register("cert.expiry", cert_expiry, name="认证证书到期提醒", object_type="认证证书", order=40,
         meaning="在 D 有效（发证日期 ≤ D ≤ 有效期至），且有效期至 ≤ D + 提前天数",
         level_text="固定（见阈值）", due_text="有效期至",
         defaults={"window_days": 90, "level": "提示"}, params=(WINDOW, LEVEL))
register("pledge.maturity", pledge_maturity, name="质押到期提醒", object_type="质押", order=50,
         meaning="登记日期 ≤ D ≤ 到期日期 ≤ D + 提前天数",
         level_text="固定（见阈值）", due_text="到期日期",
         defaults={"window_days": 30, "level": "预警"}, params=(WINDOW, LEVEL))
