"""Reads of campaigns shared by the pages, the API, the worklist and the summary document.

A user sees a campaign of its own region or below, or one that includes its county
(`Campaign.objects.for_user`); inside it, only the counties in its scope: a county sees its own
tasks, results and reports, never its neighbours' (not even as a total)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from qualitybrand.campaigns.models import Campaign, CampaignReport, CampaignTask, TaskProgress, TaskStatus
from qualitybrand.core import clock
from qualitybrand.core.models import Region
from qualitybrand.core.roles import CHANGE, VIEW
from qualitybrand.core.scoping import may_create_in, within_scope


def campaigns_for(user, action: str = VIEW):
    return Campaign.objects.for_user(user, action).select_related("region", "lead_department")


def get_campaign(user, pk) -> Campaign | None:
    if not str(pk).isdecimal() or len(str(pk)) > 18:
        return None
    return campaigns_for(user).filter(pk=int(pk)).first()


def may_change(user, campaign: Campaign) -> bool:
    return Campaign.objects.for_user(user, CHANGE).filter(pk=campaign.pk).exists()


def counties_for(user, campaign: Campaign) -> list[Region]:
    """The campaign's counties the user may see (all of them for the owner office)."""
    return list(within_scope(campaign.counties.all(), user, "path").order_by("code"))


def sees_whole(user, campaign: Campaign) -> bool:
    return len(counties_for(user, campaign)) == campaign.counties.count()


def writable_counties(user, campaign: Campaign) -> list[Region]:
    """Counties whose tasks and reports this user may write (its own county, or all for the office)."""
    return [c for c in counties_for(user, campaign) if may_create_in(user, CampaignReport, c)]


def tasks_for(user, campaign: Campaign | None = None):
    qs = CampaignTask.objects.for_user(user, VIEW).select_related("campaign", "region", "department")
    return qs if campaign is None else qs.filter(campaign=campaign)


def progress_for(user, task: CampaignTask):
    return TaskProgress.objects.for_user(user, VIEW).filter(task=task).select_related("reported_by")


def reports_for(user, campaign: Campaign):
    return CampaignReport.objects.for_user(user, VIEW).filter(campaign=campaign).select_related("region")


def is_overdue(task: CampaignTask, today: dt.date | None = None) -> bool:
    return task.status != TaskStatus.DONE and task.due < (today or clock.today())


def open_tasks(user):
    """The open tasks of the user's region and below in campaigns under way (the county's worklist)."""
    return (tasks_for(user).exclude(status=TaskStatus.DONE).filter(campaign__status__in=["实施中", "总结"])
            .order_by("due", "id"))


def overdue_counts(user) -> tuple[int, int]:
    """(open tasks, of which overdue) for the 待办 badge: one query."""
    today = clock.today()
    agg = open_tasks(user).aggregate(n=Count("id"), late=Count("id", filter=Q(due__lt=today)))
    return agg["n"] or 0, agg["late"] or 0


def task_counts(campaign: Campaign, counties: list[Region]) -> dict[int, dict]:
    """Per county: tasks, done, overdue (one grouped query)."""
    today = clock.today()
    rows = (CampaignTask.objects.filter(campaign=campaign, region__in=counties).order_by().values("region_id")
            .annotate(n=Count("id"), done=Count("id", filter=Q(status=TaskStatus.DONE)),
                      late=Count("id", filter=~Q(status=TaskStatus.DONE) & Q(due__lt=today))))
    return {r["region_id"]: r for r in rows}
