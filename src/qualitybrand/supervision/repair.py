"""The credit repair workflow (信用修复, credit.md § Blacklist lifecycle) as a transitions table.

```
(new) ──提交──▶ 待审核 ──批准──▶ 已修复      (移出日期 = decision date, 移出方式 信用修复)
                  ├────不予修复──▶ 未通过    (reasons required)
                  └────终止──────▶ 已终止    (the entry left the list otherwise; credit_maintenance
                                              closes those of the entries it removes)
```
- 提交: by the entity's own enterprise user, or a county/city office user whose region holds the
  entry; only for an entry in force on the day, at least 1 year after 列入日期, with the three
  required materials, and no other application of the entry waiting for a decision.
- 批准 / 不予修复: by the city office (the county may apply for an entity but the city decides, so
  the office that listed or helped never approves alone), never by the applicant itself
  (`not_self`), and only while the entry is still listed (maintenance may have removed it).
The decision is due `RepairPolicy.decision_days` working days (default 15) after the submission
(core/workdays.py); a later decision is flagged overdue.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.roles import CHANGE, Role
from qualitybrand.core.workflow import Transition, Workflow

from .models import BlacklistEntry, RepairApplication, RepairMaterial, RepairState

CITY, COUNTY, ENTERPRISE = Role.CITY_ADMIN, Role.COUNTY, Role.ENTERPRISE
NEW = ""
SUBMIT, APPROVE, REFUSE, CLOSE = "提交", "批准", "不予修复", "终止"


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def may_apply_for(user, entry: BlacklistEntry, *_):
    """The entity's own enterprise user, or an office whose region holds the entry."""
    if user is None:
        return {}
    if getattr(user, "role", "") == ENTERPRISE and not user.is_superuser:
        if user.entity_id != entry.entity_id:
            raise PermissionDenied("企业用户只能为本企业的失信记录申请信用修复。")
        return {}
    if not BlacklistEntry.objects.for_user(user, CHANGE).filter(pk=entry.pk).exists():
        raise PermissionDenied("该失信记录不在您的管辖范围内，不能代为申请信用修复。")
    return {}


def entry_listed(user, entry: BlacklistEntry, context: dict):
    from .selectors import public_until

    today = context["today"]
    if entry.listed > today:
        raise ValidationError(f"该主体于 {_cn(entry.listed)} 才列入名单，目前不在名单中，无需信用修复。")
    if entry.removed and entry.removed <= today:
        raise ValidationError(f"该主体已于 {_cn(entry.removed)} 移出严重违法失信名单（{entry.removal_method or '其他'}），"
                              f"不在名单中，无需信用修复。")
    if public_until(entry.listed) <= today:
        raise ValidationError(f"该记录的 3 年公示期已于 {_cn(public_until(entry.listed))} 届满，将由系统期满移出，"
                              f"无需信用修复。")
    return {}


def one_year_on_list(user, entry: BlacklistEntry, context: dict):
    from .selectors import repair_possible_from

    earliest = repair_possible_from(entry.listed)
    if context["today"] < earliest:
        raise ValidationError(f"列入严重违法失信名单满 1 年后才能申请信用修复：该主体 {_cn(entry.listed)} 列入，"
                              f"最早可于 {_cn(earliest)} 申请。")
    return {}


def materials_complete(user, entry, context: dict):
    kinds = {kind for kind, _ in context.get("uploads", [])}
    missing = [k for k in RepairMaterial.REQUIRED if k not in kinds]
    if missing:
        raise ValidationError(f"缺少必需的修复材料：{'、'.join(missing)}。请上传后再提交。")
    return {}


def none_pending(user, entry: BlacklistEntry, context: dict):
    waiting = RepairApplication.objects.filter(entry=entry, state=RepairState.PENDING).first()
    if waiting is not None:
        raise ValidationError(f"该记录已有一份信用修复申请（{_cn(waiting.submitted)} 提交）正在审核，"
                              f"请等待决定后再申请。")
    return {}


def still_listed(user, app: RepairApplication, context: dict):
    entry = app.entry
    if entry.removed and entry.removed <= context["today"]:
        raise ValidationError(f"该记录已于 {_cn(entry.removed)} 移出名单（{entry.removal_method or '其他'}），"
                              f"不能再作修复决定。")
    return {}


def entry_gone(user, app: RepairApplication, context: dict):
    entry = app.entry
    if not (entry.removed and entry.removed <= context["today"]):
        raise ValidationError("名单记录仍在名单中，不能终止申请：请作出批准或不予修复的决定。")
    return {}


def office_in_scope(user, app: RepairApplication, context: dict):
    if user is not None and not RepairApplication.objects.for_user(user, CHANGE).filter(pk=app.pk).exists():
        raise PermissionDenied("该信用修复申请不在您的管辖范围内，不能办理。")
    return {}


REPAIR = Workflow("信用修复申请", [
    Transition(NEW, SUBMIT, RepairState.PENDING, {ENTERPRISE, COUNTY, CITY},
               ("may_apply", "listed", "one_year", "materials", "none_pending")),
    Transition(RepairState.PENDING, APPROVE, RepairState.APPROVED, {CITY}, ("office_scope", "not_self", "still_listed")),
    Transition(RepairState.PENDING, REFUSE, RepairState.REFUSED, {CITY},
               ("office_scope", "not_self", "comment", "still_listed")),
    # Closing is no decision on the merits (the entry is gone already): the applicant office may do it.
    Transition(RepairState.PENDING, CLOSE, RepairState.CLOSED, {CITY}, ("office_scope", "entry_gone")),
], checks={"entry_gone": entry_gone, "may_apply": may_apply_for, "listed": entry_listed, "one_year": one_year_on_list,
           "materials": materials_complete, "none_pending": none_pending, "still_listed": still_listed,
           "office_scope": office_in_scope})

DECISIONS = (APPROVE, REFUSE, CLOSE)
