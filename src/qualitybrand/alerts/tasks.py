"""Background work of the inbox (django-tasks): after the data changed, the first page a user opens shows
the top bar's warning counts of before (alerts/inbox.py `top_bar_alerts`) and queues this refresh, so no
page waits seconds for every rule to run; the inbox page itself always computes what is current."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_inbox(user_id: int, day: str) -> int:
    """Compute one user's warnings of `day` into the cache (shared by every user alike); returns how many."""
    from datetime import date

    from django.contrib.auth import get_user_model

    from qualitybrand.alerts.inbox import user_alerts

    user = get_user_model().objects.filter(pk=user_id, is_active=True).select_related("region").first()
    return len(user_alerts(user, date.fromisoformat(day))) if user is not None else 0
