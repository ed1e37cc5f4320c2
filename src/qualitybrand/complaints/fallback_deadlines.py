"""A thin stand-in for complaints/deadlines.py (owned by the complaintkpi branch) with the interface
of its contract, used only while that module is absent (see `dues.deadlines`). Remove once merged."""

from __future__ import annotations

from qualitybrand.core.workdays import CalendarMissing, add_working_days

from .models import DeadlineRule

NOTICE = "规则版本未确认"


def rule_for(registered):
    rules = list(DeadlineRule.objects.order_by("valid_from"))
    confirmed = [r for r in rules if r.confirmed]
    for r in rules:
        if r.confirmed and r.valid_from <= registered and (r.valid_to is None or registered <= r.valid_to):
            return r, None
    if rules and registered < rules[0].valid_from:
        return rules[0], None
    return (confirmed[-1] if confirmed else rules[-1]), NOTICE


def _add(start, n):
    try:
        return add_working_days(start, n)
    except CalendarMissing:
        return None


def accept_due(c):
    return _add(c.registered, rule_for(c.registered)[0].accept_days)


def mediate_due(c):
    return _add(c.accepted, rule_for(c.registered)[0].mediate_days) if c.accepted else None


def verify_due(c):
    rule = rule_for(c.registered)[0]
    return _add(c.registered, rule.verify_days + (rule.extension_days if c.extended else 0))


def current_due(c, on):
    if c.category == "举报":
        return verify_due(c)
    if c.accepted and c.accepted <= on:
        return mediate_due(c)
    return accept_due(c)


def close_due(c):
    return current_due(c, c.closed) if c.closed else None


def overdue_on(on, qs):
    from django.db.models import Q

    open_qs = qs.filter(registered__lte=on).filter(Q(closed__isnull=True) | Q(closed__gt=on))
    out = []
    for c in open_qs:
        due = current_due(c, on)
        if due is not None and due < on:
            out.append((c, due))
    return out
