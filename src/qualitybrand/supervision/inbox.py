"""What supervision puts in the 待办: credit repair applications waiting for the city office's
decision (never the user's own), flagged overdue when one is past its working-day deadline."""

from qualitybrand.core.inbox import Item


def items(user) -> list[Item]:
    from django.db.models import Count, Q

    from qualitybrand.core import clock
    from qualitybrand.supervision.selectors import pending_decisions

    counts = pending_decisions(user).aggregate(n=Count("id"), late=Count("id", filter=Q(due__lt=clock.today())))
    if not counts["n"]:
        return []
    return [Item("待决定的信用修复申请", "/supervision/repairs/?state=待审核", counts["n"], overdue=bool(counts["late"]))]
