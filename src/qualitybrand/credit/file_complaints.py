"""The 投诉举报 section of the credit file (credit/file.py): complaints and reports naming the entity as
the respondent, registered on or before as_of, as their state stood on that day.

Never the complainant's identity (name, telephone, address) nor the free-text summary, which may carry
it: only what the office decided. Scoped through `for_user` like every section (complaints are office
records: an enterprise user's file has none)."""

from __future__ import annotations

from qualitybrand.core.roles import VIEW
from qualitybrand.credit import file as credit_file
from qualitybrand.credit.file import Event, _amount, _url, cn

RESULT_TONES = {"调解成功": "green", "立案": "red", "调解不成": "orange", "终止调解": "orange"}


def complaints(entity, user, as_of):
    from qualitybrand.complaints.models import Complaint

    qs = (Complaint.objects.for_user(user, VIEW).filter(entity=entity, registered__lte=as_of)
          .only("id", "number", "category", "channel", "registered", "accepted", "closed", "result", "product",
                "recovered", "region_id")
          .order_by("id"))
    for c in qs:
        closed = c.closed if c.closed and c.closed <= as_of else None
        if closed:
            status, tone = c.result or "已办结", RESULT_TONES.get(c.result, "grey")
        elif c.accepted and c.accepted <= as_of:
            status, tone = ("调解中" if c.category == "投诉" else "核查中"), "blue"
        else:
            status, tone = ("待受理" if c.category == "投诉" else "核查中"), "blue"
        facts = [("渠道", c.channel), ("涉及产品", c.product or "—")]
        if closed:
            facts.append(("办结日期", cn(closed)))
            if c.recovered is not None:
                facts.append(("挽回经济损失", _amount(c.recovered)))
        title = f"被{c.category} {c.number}" + (f"：{c.product}" if c.product else "")
        yield Event(c.registered, "complaints", title, facts, _url(c), f"complaints:{c.number}", tone, status)


def register() -> None:
    credit_file.register_section("complaints", "投诉举报", complaints, order=45)
