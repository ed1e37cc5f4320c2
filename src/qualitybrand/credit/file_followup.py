"""The credit file's 抽查后处理 section: each follow-up of the entity's failed batches from its 责令整改
notice on, with the state it had on `as_of` (its dated steps say which) and its deadline then."""

from __future__ import annotations

from qualitybrand.core.roles import VIEW
from qualitybrand.credit import file as credit_file
from qualitybrand.credit.file import Event

TONES = {"整改中": "blue", "待复查": "blue", "复查合格": "green", "复查不合格": "red", "已立案": "grey", "已结案": "grey"}


def state_on(f, day):
    """(state, deadline) of a follow-up on `day`, from its dates."""
    if f.closed and f.closed <= day:
        return f.status, None
    if f.recheck_date and f.recheck_date <= day:
        return "复查不合格", f.dispose_due
    if f.report_date and f.report_date <= day:
        return "待复查", f.recheck_due
    return "整改中", f.rectify_due


def followups(entity, user, as_of):
    from qualitybrand.supervision.models import FollowUp

    qs = (FollowUp.objects.for_user(user, VIEW).filter(entity=entity, notice_date__lte=as_of)
          .select_related("inspection", "case").order_by("id"))
    for f in qs:
        state, due = state_on(f, as_of)
        i = f.inspection
        facts = [("抽检编号", i.number), ("通知书", f.notice_number)]
        if due:
            facts.append(("处理期限", due.isoformat()))
        if f.recheck_date and f.recheck_date <= as_of:
            facts.append(("复查", f"{f.recheck_date.isoformat()} {f.recheck_result}"))
        if f.case_id and f.closed and f.closed <= as_of:
            facts.append(("关联案件", f.case.number))
        yield Event(f.notice_date, "followups", f"责令整改：{i.product_category}（{i.number}）", facts,
                    f.get_absolute_url(), f"followups:{i.number}", TONES.get(state, "blue"), state)


def register() -> None:
    credit_file.register_section("followups", "抽查后处理", followups, order=45)
