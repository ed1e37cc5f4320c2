"""The life of a preparation (every step change-logged through core.services.update_record):
准备中 → 已定稿 (finalize: every manual item scored and reviewed; the self-evaluation is frozen) →
已报送 (submit: the date of submission in the log entry's reason). 退回修改 takes 已定稿 back to 准备中
with a reason. The city may move the 报送期限 (not before today) while the preparation is not submitted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from qualitybrand.core import clock
from qualitybrand.core.services import update_record
from qualitybrand.inspection import selectors
from qualitybrand.inspection.models import Preparation
from qualitybrand.inspection.services import _date, _ensure_may_change

State = Preparation.State
FINALIZE_REASON = selectors.FINALIZE_REASON
SUBMIT_REASON = "报送上级"


def _locked(prep: Preparation) -> Preparation:
    """The row locked for the transition, so two clicks never both pass the state check."""
    return Preparation.objects.select_for_update().select_related("scheme", "region").get(pk=prep.pk)


def missing_for_final(prep: Preparation) -> list[str]:
    """What keeps the self-evaluation from being finalized, one Chinese line per manual item."""
    stored = {e.item_code: e for e in prep.items.all()}
    unscored, unreviewed = [], []
    for item in selectors.scheme_items(prep):
        if item["rule"] != "manual":
            continue
        label = f"{item['code']} {item.get('name', '')}".strip()
        ev = stored.get(item["code"])
        if ev is None or ev.score is None:
            unscored.append(label)
        elif not ev.reviewed:
            unreviewed.append(label)
    out = []
    if not stored:
        out.append("自评尚未起草")
    if unscored:
        out.append(f"尚未评分：{'、'.join(unscored)}")
    if unreviewed:
        out.append(f"尚未审核：{'、'.join(unreviewed)}")
    return out


@transaction.atomic
def finalize(user, prep: Preparation) -> Preparation:
    """定稿: the city freezes the self-evaluation (its scores, the report and the evidence package)."""
    _ensure_may_change(user, prep)
    prep = _locked(prep)
    if prep.state != State.DRAFT:
        raise ValidationError(f"迎检自评{prep.state}，不能再定稿。")
    missing = missing_for_final(prep)
    if missing:
        raise ValidationError(f"还不能定稿：{'；'.join(missing)}。请先完成评分并勾选“已审核”。")
    return update_record(user, prep, {"state": State.READY}, reason=FINALIZE_REASON)


@transaction.atomic
def reopen(user, prep: Preparation, reason: str) -> Preparation:
    """退回修改: a finalized self-evaluation goes back to 准备中, with the reason in the log."""
    _ensure_may_change(user, prep)
    prep = _locked(prep)
    if prep.state != State.READY:
        raise ValidationError(f"迎检自评{prep.state}：只有已定稿的自评可以退回修改。")
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError("请填写退回修改的原因。")
    if len(reason) > 400:
        raise ValidationError("退回修改的原因过长：不超过 400 字。")
    return update_record(user, prep, {"state": State.DRAFT}, reason=f"退回修改：{reason}")


@transaction.atomic
def submit(user, prep: Preparation, submitted_on=None) -> Preparation:
    """报送: the finalized self-evaluation goes to the level above on `submitted_on` (default today;
    not in the future, not before the statistics date); the date stands in the log entry."""
    _ensure_may_change(user, prep)
    prep = _locked(prep)
    if prep.state == State.DRAFT:
        raise ValidationError("迎检自评尚未定稿：请先定稿，再报送。")
    if prep.state != State.READY:
        raise ValidationError("迎检自评已报送，不能重复报送。")
    day = clock.today() if submitted_on in (None, "") else _date(submitted_on, "报送日期")
    if day > clock.today():
        raise ValidationError(f"报送日期 {day:%Y-%m-%d} 晚于今天（{clock.today():%Y-%m-%d}）：请填写实际报送的日期。")
    if day < prep.as_of:
        raise ValidationError(f"报送日期 {day:%Y-%m-%d} 早于统计截止日 {prep.as_of:%Y-%m-%d}。")
    return update_record(user, prep, {"state": State.SUBMITTED}, reason=f"{SUBMIT_REASON}：{day:%Y-%m-%d}")


@transaction.atomic
def change_deadline(user, prep: Preparation, deadline) -> Preparation:
    """The city moves the 报送期限 (not before today, not before the statistics date)."""
    _ensure_may_change(user, prep)
    prep = _locked(prep)
    if prep.state == State.SUBMITTED:
        raise ValidationError("迎检自评已报送，不能再调整报送期限。")
    day: dt.date = _date(deadline, "报送期限")
    if day < clock.today():
        raise ValidationError(f"报送期限 {day:%Y-%m-%d} 早于今天（{clock.today():%Y-%m-%d}）：请填写今天或以后的日期。")
    if day < prep.as_of:
        raise ValidationError("报送期限不能早于统计截止日。")
    if day == prep.deadline:
        raise ValidationError(f"报送期限已是 {day:%Y-%m-%d}，未作调整。")
    return update_record(user, prep, {"deadline": day}, reason=f"调整报送期限：{prep.deadline:%Y-%m-%d} → {day:%Y-%m-%d}")
