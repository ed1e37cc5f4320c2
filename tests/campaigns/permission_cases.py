"""Campaigns in the permission walk: a campaign of 天水市 including only the given county (a county sees
the campaigns that include it, never its neighbour's), its task, and the writes on them."""

from __future__ import annotations

from tests.permission_cases import CASES, CHANGE_CASES, OFFICE_ROLES, Case, ChangeCase

OFFICE = frozenset({"city_admin"})
WORKERS = frozenset({"city_admin", "county"})


def _campaign(region):
    from tests.campaigns.factories import campaign

    return campaign(counties=[region.code], title=f"{region.name}权限样例专项整治")


def _task(region):
    from tests.campaigns.factories import task

    return task(_campaign(region), region.code)


def _report_kwargs(obj):
    return {"pk": obj.pk, "county": obj.counties.get().code}


def _reports(obj):
    return obj.reports.count(), list(obj.reports.values_list("officers", flat=True))


CASES.extend([
    Case("campaigns:detail", _campaign, list_name="campaigns:list", marker=lambda c: c.title),
    Case("campaign-detail", _campaign, list_name="campaign-list", marker=lambda c: c.title),
    Case("campaigns:records", _campaign),
    Case("campaigns:summary", _campaign),
    Case("campaigns:edit", _campaign, view_roles=OFFICE),
    Case("campaigns:task", _task, view_roles=OFFICE_ROLES),
])

CHANGE_CASES.extend([
    ChangeCase("campaigns:report", _campaign, kwargs=_report_kwargs, change_roles=WORKERS,
               data={"officers": "12", "entities_checked": "30", "dens_destroyed": "1"}, state=_reports),
    ChangeCase("campaigns:task", _task, change_roles=WORKERS, data={"text": "已排查辖区经营户 80 户"},
               state=lambda t: (t.progress.count(), t.status)),
    ChangeCase("campaigns:task-add", _campaign, change_roles=OFFICE,
               data={"county": "620502", "due": "2014-05-31", "content": "排查"}, state=lambda c: c.tasks.count()),
    ChangeCase("campaigns:action", _campaign, change_roles=OFFICE, data={"action": "进入总结"},
               state=lambda c: type(c).objects.get(pk=c.pk).status),
    ChangeCase("campaigns:conclusions", _campaign, change_roles=OFFICE, data={"conclusions": "成效明显"},
               state=lambda c: type(c).objects.get(pk=c.pk).conclusions),
])
