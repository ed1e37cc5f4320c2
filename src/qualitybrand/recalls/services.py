"""Every write of recalls (change-logged): create a recall with its batches and affected holders,
recompute the holders, the workflow steps, and each holder's notification and disposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from qualitybrand.core import changelog, clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, may_act_on_region
from qualitybrand.core.services import create_record, update_record
from qualitybrand.core.workflow import record_step, role_of
from qualitybrand.registry.models import Entity

from . import selectors
from . import workflow as wf
from .models import (
    FOOD_LEVELS,
    KINDS,
    NOTIFY_METHODS,
    PRODUCT_TYPES,
    Disposal,
    Recall,
    RecallBatch,
    RecallHolder,
    RecallStep,
)

OFFICE = {Role.CITY_ADMIN, Role.COUNTY}


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _choice(value, choices, label) -> str:
    allowed = [c for c, _ in choices]
    value = (value or "").strip()
    if value not in allowed:
        raise ValidationError(f"{label}“{value}”无效：应为 {'、'.join(allowed)} 之一。" if value
                              else f"请选择{label}：{'、'.join(allowed)}。")
    return value


def split_codes(text) -> list[str]:
    """追溯码 from a text box or a list: one per line (commas and spaces also separate), in order, once each."""
    if isinstance(text, list | tuple):
        parts = [str(p) for p in text]
    else:
        parts = str(text or "").replace("，", ",").replace(",", "\n").split()
    out: list[str] = []
    for p in (p.strip() for p in parts):
        if p and p not in out:
            out.append(p)
    return out


def _check_batches(codes: list[str], user=None) -> list[RecallBatch]:
    from qualitybrand.tracing import selectors as tracing
    from qualitybrand.tracing.models import TraceEvent
    from qualitybrand.tracing.selectors_pages import visible_codes

    if not codes:
        raise ValidationError("请填写召回批次的追溯码（每行一个）。")
    for code in codes:
        if len(code) > 100:
            raise ValidationError(f"追溯码“{code[:20]}…”过长：不超过 100 个字符。")
    # a unit the user may not open (no event in its scope) answers as one without events: a recall must
    # never show a county the downstream trade of a batch that never reached it
    visible = visible_codes(user, codes) if user is not None else set(codes)
    missing = [c for c in codes if c not in visible or not tracing.has_events(c)]
    if missing:
        raise ValidationError(f"追溯码 {'、'.join(missing)} 没有任何追溯事件（生产、购进或销售），无法计算受影响的下游主体："
                              f"请先录入或导入该批次的追溯事件，或核对追溯码。")
    known = {}
    for code, product, batch in (TraceEvent.objects.filter(trace_code__in=codes).order_by("occurred", "id")
                                 .values_list("trace_code", "product", "batch")):
        known.setdefault(code, (product, batch))
    return [RecallBatch(trace_code=c, product=known.get(c, ("", ""))[0], batch=known.get(c, ("", ""))[1])
            for c in codes]


def _next_number(year: int) -> str:
    prefix = f"ZH{year}-"
    taken = Recall.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    seq = max((int(n[len(prefix):]) for n in taken if n[len(prefix):].isdecimal()), default=0) + 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def create_recall(user, *, entity: Entity, product: str, product_type: str, kind: str, reason: str,
                  trace_codes, decided: dt.date, decided_at: dt.datetime | None = None, level: str = "",
                  started: dt.date | None = None, number: str = "") -> Recall:
    """A recall of the defective batches (追溯码) by the office of the enterprise's region; the affected
    downstream holders are computed at once and stored. Refused (nothing written) for a batch without
    trace events, a food recall without a level, an enterprise outside the user's region."""
    if user is not None and not has_scoped_role(user, OFFICE):
        raise PermissionDenied("只有市、县区市场监管部门可以登记召回。")
    if entity is None:
        raise ValidationError("请选择召回责任企业（按统一社会信用代码）。")
    if user is not None and not may_act_on_region(user, entity.region, OFFICE):
        raise PermissionDenied("该企业不在您的管辖范围内：召回由责任企业所在地的市场监管部门登记。")
    product_type = _choice(product_type, PRODUCT_TYPES, "产品类别")
    kind = _choice(kind, KINDS, "召回方式")
    if product_type == "食品":
        if not (level or "").strip():
            raise ValidationError("食品召回须选择召回级别（一级、二级、三级）：级别决定停止生产销售和完成召回的时限。")
        level = _choice(level, FOOD_LEVELS, "召回级别")
    else:
        level = ""  # 消费品召回不分级
    product, reason = (product or "").strip(), (reason or "").strip()
    if not product:
        raise ValidationError("请填写召回产品名称。")
    if not reason:
        raise ValidationError("请填写召回原因（产品缺陷或食品安全风险）。")
    today = clock.today()
    if decided is None:
        raise ValidationError("请填写召回决定日期。")
    if decided > today:
        raise ValidationError(f"决定日期 {decided.isoformat()} 晚于今天（{today.isoformat()}）：请填写已作出的决定的日期。")
    if started is not None and started < decided:
        raise ValidationError("启动日期不能早于决定日期。")
    if decided_at is None:
        decided_at = clock.now() if decided == today else timezone.make_aware(dt.datetime.combine(decided, dt.time()))
    elif timezone.localtime(decided_at).date() != decided:
        raise ValidationError("决定时间应在决定日期当天。")
    batches = _check_batches(split_codes(trace_codes), user)
    number = (number or "").strip() or _next_number(decided.year)
    if Recall.objects.filter(number=number).exists():
        seen = user is None or selectors.recalls_for(user).filter(number=number).exists()
        raise ValidationError(f"召回编号 {number} {'已存在' if seen else '不能使用'}，请换一个编号。")
    recall = Recall(number=number, entity=entity, region=entity.region, product=product[:200],
                    product_type=product_type, level=level, kind=kind, reason=reason, decided=decided,
                    decided_at=decided_at, started=started or decided, created_by=user if getattr(user, "pk", None)
                    else None)
    try:
        with transaction.atomic():
            create_record(user, recall, reason="登记召回", check=False)
    except IntegrityError:
        raise ValidationError(f"召回编号 {number} 已存在，请换一个编号。") from None
    for b in batches:
        b.recall = recall
    RecallBatch.objects.bulk_create(batches)
    changelog.record_many([changelog.build_entry(user=user, action="create", obj=b, before=None,
                                                 after=changelog.snapshot(b), reason=f"召回 {number} 的缺陷批次",
                                                 region_path=recall.region.path) for b in batches])
    compute_holders(user, recall, reason="登记召回时计算受影响主体")
    record_step(RecallStep, user=user, role=role_of(user), action="登记", from_state="", to_state=recall.status,
                comment=f"{kind}，{product_type}{('（' + level + '召回）') if level else ''}", recall=recall)
    return recall


def _key(entity_id, name, trace_code):
    return (entity_id, "" if entity_id else name, trace_code)


@transaction.atomic
def compute_holders(user, recall: Recall, *, reason: str = "重新计算受影响主体") -> dict:
    """Store the downstream holders of the recall's batches (tracing.selectors.downstream: one query,
    any depth). Holders already stored keep their rows (and their notification and disposal); new
    ones are added, level by level so each finds the row it received the goods from. Returns
    {"added": n, "kept": n, "gone": [names no longer downstream]}."""
    from qualitybrand.tracing import selectors as tracing

    codes = list(recall.batches.values_list("trace_code", flat=True))
    found = [h for h in tracing.downstream(codes) if h.depth >= 1]  # depth 0: the producers
    existing = list(recall.holders.all())
    by_key = {_key(h.entity_id, h.name, h.trace_code): h for h in existing}
    # the row a holder got the goods from: the supplier's row of the same unit, else (processing:
    # the unit was made from the recalled one) the supplier's shallowest row
    by_unit: dict[tuple, RecallHolder] = {(h.entity_id, h.trace_code): h for h in existing if h.entity_id}
    by_entity: dict[int, RecallHolder] = {}
    for h in sorted(existing, key=lambda h: h.depth):
        if h.entity_id:
            by_entity.setdefault(h.entity_id, h)
    names = dict(Entity.objects.filter(pk__in={h.parent_entity_id for h in found if h.parent_entity_id})
                 .values_list("pk", "name"))
    new_keys: set = set()
    added: list[RecallHolder] = []
    for depth in sorted({h.depth for h in found}):
        level, level_keys = [], set()
        for h in (x for x in found if x.depth == depth):
            key = _key(h.entity_id, h.name, h.trace_code)
            new_keys.add(key)
            if key in by_key or key in level_keys:
                continue
            level_keys.add(key)
            parent = by_unit.get((h.parent_entity_id, h.trace_code))
            if parent is None or parent.depth >= depth:
                parent = by_entity.get(h.parent_entity_id)
            if parent is not None and parent.depth >= depth:
                parent = None
            level.append(RecallHolder(
                recall=recall, entity_id=h.entity_id, name=(h.name or "")[:200], region_id=h.region_id, depth=depth,
                parent=parent, via_id=h.parent_entity_id, trace_code=h.trace_code or "",
                via_name=names.get(h.parent_entity_id, "")[:200], quantity=h.quantity, first_date=h.first_date))
        RecallHolder.objects.bulk_create(level)
        for row in level:
            if row.entity_id:
                by_entity.setdefault(row.entity_id, row)
                by_unit.setdefault((row.entity_id, row.trace_code), row)
        added.extend(level)
    if added:
        changelog.record_many([changelog.build_entry(user=user, action="create", obj=h, before=None,
                                                     after=changelog.snapshot(h), reason=f"召回 {recall.number}：{reason}",
                                                     region_path=recall.region.path) for h in added])
    update_record(user, recall, {"holders_computed_at": clock.now()}, reason=reason, check=False)
    gone = [h.name for h in existing if _key(h.entity_id, h.name, h.trace_code) not in new_keys]
    return {"added": len(added), "kept": len(existing), "gone": gone}


@transaction.atomic
def recompute(user, recall: Recall) -> dict:
    recall = Recall.objects.select_for_update(of=("self",)).select_related("entity", "region").get(pk=recall.pk)
    if user is not None and not may_act_on_region(user, recall.region, OFFICE):
        raise PermissionDenied("只有召回责任企业所在地的市场监管部门可以重新计算受影响主体。")
    if recall.is_closed:
        raise ValidationError(f"召回已{recall.status}，不再重新计算受影响主体。")
    result = compute_holders(user, recall)
    record_step(RecallStep, user=user, role=role_of(user), action="重新计算", from_state=recall.status,
                to_state=recall.status, comment=f"新增 {result['added']} 户受影响主体", recall=recall)
    return result


def _parse_day(value, label: str, *, not_before: dt.date | None = None) -> dt.date:
    if isinstance(value, str):
        value = value.strip()
        try:
            value = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise ValidationError(f"{label}“{value}”不是有效日期：应为 2024-10-12 这样的格式。") from None
    if value is None:
        return clock.today()
    if value > clock.today():
        raise ValidationError(f"{label}不能晚于今天（{clock.today().isoformat()}）。")
    if not_before and value < not_before:
        raise ValidationError(f"{label} {value.isoformat()} 早于召回决定日期 {not_before.isoformat()}。")
    return value


@transaction.atomic
def take_step(user, recall: Recall, action: str, *, comment: str = "", on=None,
              at: dt.datetime | None = None) -> Recall:
    """One workflow step; a step out of order is refused with the allowed ones named, nothing changed."""
    recall = Recall.objects.select_for_update(of=("self",)).select_related("entity", "region").get(pk=recall.pk)
    comment = (comment or "").strip()
    role = role_of(user)
    transition, values = wf.RECALL.check(user, recall, recall.status, action, role=role, comment=comment,
                                         context={"comment": comment})
    changes = {"status": transition.next_state, **values}
    if action == wf.STOP:
        when = at or clock.now()
        if when > clock.now() or when < recall.decided_at:
            raise ValidationError("停止生产销售时间应在召回决定之后、不晚于现在。")
        changes["stopped_at"] = when
    elif action in wf.DATE_FIELDS:
        field = wf.DATE_FIELDS[action]
        if not (action == wf.END and recall.closed):
            changes[field] = _parse_day(on, f"{action}日期", not_before=recall.decided)
    previous = recall.status
    update_record(user, recall, changes, reason=f"召回{action}" + (f"：{comment}" if comment else ""), check=False)
    record_step(RecallStep, user=user, role=role, action=action, from_state=previous, to_state=recall.status,
                comment=comment, recall=recall)
    return recall


def available_actions(user, recall: Recall) -> list[str]:
    if recall.is_closed and recall.status == "监督结束":
        return []
    if not selectors.sees_all_holders(user, recall) or not _may_change(user, recall):
        return []
    out = [t.action for t in wf.RECALL.available(user, recall.status, role_of(user))]
    if recall.product_type != "食品" or recall.stopped_at:
        out = [a for a in out if a != wf.STOP]
    return list(dict.fromkeys(out))


def _may_change(user, recall) -> bool:
    return selectors.is_responsible(user, recall)


def _holder_rows(user, recall: Recall, holder_ids) -> list[RecallHolder]:
    if user is not None and not selectors.may_record_any_holder(user, recall):
        if role_of(user) == Role.ENTERPRISE:
            raise PermissionDenied("企业用户只能登记本企业作为受影响主体的通知和处置情况，其他主体由召回所在地的市场监管部门登记。")
        raise PermissionDenied("您不能登记该召回的通知或处置：由召回所在地或受影响主体所在地的市场监管部门登记。")
    if recall.is_closed:
        raise ValidationError(f"召回已{recall.status}，不能再登记通知或处置。")
    ids = [int(i) for i in holder_ids if str(i).isdecimal() and len(str(i)) < 19]
    rows = list(RecallHolder.objects.select_for_update(of=("self",)).filter(recall=recall, pk__in=ids)
                .select_related("recall", "region"))
    if not rows or len(rows) != len(set(ids)):
        raise ValidationError("请选择本召回的受影响主体。")
    allowed = selectors.recordable_ids(user, recall, rows)
    for h in rows:
        if h.pk not in allowed:
            if role_of(user) == Role.ENTERPRISE:
                raise PermissionDenied(f"不能登记“{h.name}”的通知或处置：企业用户只能登记本企业自己的情况，"
                                       f"其他主体由召回所在地的市场监管部门登记。")
            raise PermissionDenied(f"不能登记“{h.name}”的通知或处置：该主体不在您的辖区，由召回所在地或"
                                   f"该主体所在地的市场监管部门登记。")
    return rows


def _write_holders(user, recall, rows, changes: dict, reason: str, action: str, comment: str):
    logs = []
    for h in rows:
        before = changelog.snapshot(h)
        for k, v in changes.items():
            setattr(h, k, v)
        logs.append(changelog.build_entry(user=user, action="update", obj=h, before=before,
                                          after=changelog.snapshot(h), reason=reason, region_path=recall.region.path))
    RecallHolder.objects.bulk_update(rows, list(changes))
    changelog.record_many([e for e in logs if e.after])
    record_step(RecallStep, user=user, role=role_of(user), action=action, from_state=recall.status,
                to_state=recall.status, comment=comment, recall=recall, holder=rows[0] if len(rows) == 1 else None)


@transaction.atomic
def notify_holders(user, recall: Recall, holder_ids, *, on=None, method: str = "", note: str = "") -> int:
    """通知: the date and method the holders were told (one or many rows at once)."""
    recall = Recall.objects.select_related("region").get(pk=recall.pk)
    rows = _holder_rows(user, recall, holder_ids)
    day = _parse_day(on, "通知日期", not_before=recall.decided)
    method = _choice(method, NOTIFY_METHODS, "通知方式")
    changes = {"notified": day, "notify_method": method}
    if note:
        changes["note"] = note.strip()[:500]
    names = "、".join(h.name for h in rows[:5]) + (f"等 {len(rows)} 户" if len(rows) > 5 else "")
    _write_holders(user, recall, rows, changes, f"召回 {recall.number}：通知受影响主体", "通知",
                   f"{names}：{_cn(day)} {method}")
    return len(rows)


@transaction.atomic
def dispose_holder(user, recall: Recall, holder_id, *, disposal: str, on=None, quantity=None,
                   note: str = "") -> RecallHolder:
    """处置: 已下架 / 已退回 / 已销毁 / 已整改 with the date and the quantity disposed."""
    recall = Recall.objects.select_related("region").get(pk=recall.pk)
    [row] = _holder_rows(user, recall, [holder_id])
    allowed = [(c, c) for c in Disposal.values if c != Disposal.NONE]
    disposal = _choice(disposal, allowed, "处置状态")
    day = _parse_day(on, "处置日期", not_before=recall.decided)
    if row.notified and day < row.notified:
        raise ValidationError(f"处置日期 {day.isoformat()} 早于通知日期 {row.notified.isoformat()}。")
    amount = None
    if quantity not in (None, ""):
        try:
            amount = Decimal(str(quantity).strip())
        except InvalidOperation:
            raise ValidationError(f"处置数量“{quantity}”不是数字。") from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e15"):
            raise ValidationError("处置数量应为不小于 0 的数字。")
    changes = {"disposal": disposal, "disposed": day, "disposed_quantity": amount}
    if note:
        changes["note"] = note.strip()[:500]
    if row.notified is None:  # disposing implies the holder knew: the day counts as its notification
        changes.update({"notified": day, "notify_method": row.notify_method or "其他"})
    _write_holders(user, recall, [row], changes, f"召回 {recall.number}：{row.name}{disposal}", "处置",
                   f"{row.name}：{disposal}（{_cn(day)}{'，数量 ' + format(amount, 'f') if amount is not None else ''}）")
    return row
