"""Writes of the portal's forms: objections (异议) filed on a 公示 and their handling by the office.
Every write is in the change log; the filer's name and contact are masked there (as complaints mask
the complainant's identity): they stay on the record, for the office's objection pages only."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from qualitybrand.core import changelog, clock
from qualitybrand.core.roles import CHANGE
from qualitybrand.cultivation.models import Application, State

from .models import Objection, ObjectionState

MASK = "（已隐去）"
IDENTITY = ("name", "contact")
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _snapshot(obj: Objection) -> dict:
    data = changelog.snapshot(obj)
    for name in IDENTITY:
        if data.get(name):
            data[name] = MASK
    return data


def new_receipt() -> str:
    return "YY" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


def on_notice(app: Application, today=None) -> bool:
    today = today or clock.today()
    return (app.state == State.NOTICE and app.notice_start is not None and app.notice_end is not None
            and app.notice_start <= today <= app.notice_end)


def file_objection(app: Application, data: dict) -> Objection:
    """An anonymous objection to an application on 公示. Refused (ValidationError) once the period is
    over or when a field is missing; nothing is written then. Returns the Objection (its receipt)."""
    if not on_notice(app):
        raise ValidationError("该项目的公示期已结束（或不在公示中），不再受理异议。如有问题请直接联系认定机关。")
    values = {k: str(data.get(k) or "").strip() for k in ("name", "contact", "text")}
    errors = {k: "必填。" for k, v in values.items() if not v}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for _ in range(5):
            obj = Objection(region_id=app.region_id, target_kind="application", target_id=app.pk,
                            target_label=_label(app), receipt=new_receipt(), **values)
            try:
                with transaction.atomic():
                    obj.full_clean(exclude=["receipt"])
                    obj.save()
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - five receipts of 32^10 all taken
            raise ValidationError("回执编号生成失败，请重新提交。")
        changelog.record(user=None, action="create", obj=obj, after=_snapshot(obj), reason="门户公示异议")
    return obj


def _label(app: Application) -> str:
    subject = app.object_label if app.object_label else ""
    return f"{app.program.name} {app.year}：{app.entity.name}" + (f"（{subject}）" if subject else "")


def handle_objection(user, obj: Objection, reply: str) -> Objection:
    """The office records how it handled an objection: the reply and state 已处理 (change-logged)."""
    if not Objection.objects.for_user(user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied("只有异议所在区划的市、县区管理部门可以处理该异议。")
    reply = (reply or "").strip()
    if not reply:
        raise ValidationError({"reply": "请填写处理结果（核实情况和处理意见）。"})
    with transaction.atomic():
        obj = Objection.objects.select_for_update().get(pk=obj.pk)
        before = _snapshot(obj)
        obj.reply = reply
        obj.state = ObjectionState.HANDLED
        obj.handled_at = clock.now()
        obj.handled_by = user
        obj.full_clean()
        obj.save()
        changelog.record(user=user, action="update", obj=obj, before=before, after=_snapshot(obj),
                         reason="处理公示异议")
    return obj
