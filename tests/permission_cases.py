"""Declarations for the permission walk (tests/test_permissions.py).

Every area adds one `Case` per region-scoped detail URL (page or API) it serves, and one
`ChangeCase` per write URL on such an object:

    from tests.permission_cases import CASES, Case, ALL_ROLES
    CASES.append(Case("registry:entity_detail", factory=lambda region: EntityFactory(region=region),
                      kwargs=lambda obj: {"pk": obj.pk}))

The walk then checks, for every role, that an object made in 秦州区 (620502) is visible to exactly
`view_roles`, that a county user of 秦州区 gets 404 for the same object made in 麦积区 (620503),
and that the object made in 麦积区 does not show in `list_name`'s response for that county user.
URL patterns that no case declares are still requested with placeholder arguments for every role
(no 500, anonymous refused). Put an area's cases in `tests/<area>/permission_cases.py` and list
the module in AREA_MODULES below (or append here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

ROLES = ["anonymous", "city_admin", "county", "department", "enterprise", "expert", "leader"]
ALL_ROLES = frozenset(ROLES) - {"anonymous"}
OFFICE_ROLES = frozenset({"city_admin", "county", "department", "leader"})
CHANGE_LOG_ROLES = frozenset({"city_admin", "county", "leader"})

# URL names anyone may open without logging in (pages of the public portal are matched by prefix).
PUBLIC_NAMES = {"accounts:login", "accounts:logout", "schema", "api-docs"}
PUBLIC_PREFIXES = ("/portal/", "/static/")
# ... except the office's own pages of the portal (writing, publishing, objections), which are not public.
OFFICE_PREFIXES_UNDER_PUBLIC = ("/portal/manage/",)


@dataclass
class Case:
    name: str                                      # URL name: "app:view" for pages, "<basename>-detail" for the API
    factory: Callable                              # factory(region) -> object inside that region
    kwargs: Callable = field(default=lambda obj: {"pk": obj.pk})
    view_roles: frozenset = OFFICE_ROLES           # roles that get 200 for an object in 620502
    list_name: str | None = None                   # list URL that must not show another county's object
    marker: Callable = field(default=str)          # text of the object in a list response
    list_kwargs: Callable | None = None            # list_kwargs(other object) -> kwargs of list_name


@dataclass
class ChangeCase:
    """A write URL (POST) on a region-scoped object: only `change_roles` may use it on an object in
    620502; a county user of 620502 gets 403/404 on the object of 620503, which stays unchanged."""

    name: str                                      # URL name of the write (POST) view or API detail
    factory: Callable                              # factory(region) -> object inside that region
    kwargs: Callable = field(default=lambda obj: {"pk": obj.pk})
    change_roles: frozenset = frozenset({"city_admin", "county"})
    data: dict = field(default_factory=dict)       # POST body
    state: Callable = field(default=lambda obj: None)  # what must not change on a refused write
    method: str = "post"                           # "post", or "patch"/"delete" for the API


def _region_itself(region):
    return region


def _change_log_entry(region):
    from qualitybrand.core import services
    from qualitybrand.core.models import ChangeLog
    from tests.factories import EntityFactory

    services.create_record(None, EntityFactory.build(region=region, name=f"{region.name}变更样例"))
    return ChangeLog.objects.filter(model="registry.entity").latest("id")


def _entity(region):
    from tests.factories import EntityFactory

    return EntityFactory(region=region, name=f"{region.name}权限样例企业")


def _trademark(region):
    from tests.factories import EntityFactory, TrademarkFactory

    return TrademarkFactory(holder=EntityFactory(region=region), name=f"{region.name}样例商标")


CASES: list[Case] = [
    Case("region-detail", _region_itself, kwargs=lambda r: {"code": r.code}, view_roles=ALL_ROLES,
         list_name="region-list", marker=lambda r: f'"{r.code}"'),
    Case("change-log-detail", _change_log_entry, view_roles=CHANGE_LOG_ROLES, list_name="change-log-list",
         marker=lambda e: e.object_repr),
    Case("entity-detail", _entity, kwargs=lambda e: {"uscc": e.uscc}, list_name="entity-list",
         marker=lambda e: e.uscc),
    Case("registry:entities-detail", _entity, kwargs=lambda e: {"key": e.uscc}, list_name="registry:entities-list",
         marker=lambda e: e.uscc),
    Case("trademark-detail", _trademark, kwargs=lambda t: {"number": t.number}, list_name="trademark-list",
         marker=lambda t: t.name),
    Case("registry:trademarks-detail", _trademark, kwargs=lambda t: {"key": t.number},
         list_name="registry:trademarks-list", marker=lambda t: t.name),
]

def _locked_user(region):
    from django.utils import timezone

    from tests.accounts.factories import make_user

    return make_user(role="county", region=region, locked_until=timezone.now() + timezone.timedelta(hours=1))


def _user_state(user):
    user.refresh_from_db()
    return (user.locked_until, user.is_active, user.password)


CHANGE_CASES: list[ChangeCase] = [
    ChangeCase("accounts:user_unlock", _locked_user, change_roles=frozenset({"city_admin"}), state=_user_state),
    ChangeCase("accounts:user_active", _locked_user, change_roles=frozenset({"city_admin"}),
               data={"active": "0"}, state=_user_state),
    ChangeCase("accounts:user_reset_password", _locked_user, change_roles=frozenset({"city_admin"}),
               state=_user_state),
]

# Modules of other areas that append to CASES when imported.
AREA_MODULES = ["tests.registry.permission_cases", "tests.supervision.permission_cases",
                "tests.indicators.permission_cases", "tests.planning.permission_cases",
                "tests.cultivation.permission_cases", "tests.ledgers.permission_cases",
                "tests.reports.permission_cases", "tests.portal.permission_cases",
                "tests.credit.permission_cases", "tests.alerts.permission_cases",
                "tests.complaints.permission_cases", "tests.tracing.permission_cases",
                "tests.recalls.permission_cases", "tests.risks.permission_cases",
                "tests.campaigns.permission_cases", "tests.assignments.permission_cases",
                "tests.inspection.permission_cases"]


def all_cases() -> list[Case]:
    for module in AREA_MODULES:
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name not in {module, module.rsplit(".", 1)[0]}:
                raise
    seen: dict[tuple, Case] = {}
    for case in CASES:
        seen.setdefault(_case_key(case), case)
    return list(seen.values())


def _case_key(case) -> tuple:
    """A URL may be walked with several objects (a town's and a department's round, say); the same
    declaration imported twice counts once."""
    code = getattr(case.factory, "__code__", None)
    where = (code.co_filename, code.co_firstlineno) if code else repr(case.factory)
    return (case.name, where)


def all_change_cases() -> list[ChangeCase]:
    all_cases()  # imports the areas' modules
    seen: dict[tuple, ChangeCase] = {}
    for case in CHANGE_CASES:
        seen.setdefault(_case_key(case), case)
    return list(seen.values())


# --- exports (tests/exports/test_export_permissions.py) -----------------------------------------
# Every list page that exports (`?export=xlsx` / `?export=csv`): the export answers as the page does
# for every role (no 500; anonymous sent to log in), and a county user's export of 620502 holds the
# object made in 620502 and never the one made in 620503.

@dataclass
class ExportCase:
    url: str                                       # the list page
    factory: Callable                              # factory(region) -> object inside that region
    marker: Callable = field(default=str)          # text of the object in the export


def _export_entity(region):
    from tests.factories import EntityFactory

    return EntityFactory(region=region, name=f"{region.name}导出样例企业")


def _export_inspection(region):
    from tests.api.factories import InspectionFactory

    return InspectionFactory(entity=_export_entity(region), number=f"CJ-{region.code}")


def _export_pledge(region):
    from tests.api.factories import PledgeFactory

    return PledgeFactory(pledgor=_export_entity(region), number=f"ZY-{region.code}")


def _export_reward(region):
    from qualitybrand.cultivation.models import RewardPayment

    entity = _export_entity(region)
    return RewardPayment.objects.create(entity=entity, region=region, object_key=entity.uscc, event="马德里国际注册",
                                        year=2013, amount=1)


def _export_application(region):
    import datetime as dt

    from qualitybrand.cultivation import services
    from qualitybrand.registry.models import Program
    from tests.factories import TrademarkFactory

    program, _ = Program.objects.get_or_create(code="export_walk_tm", defaults={
        "name": "导出权限测试项目", "object_kind": "商标", "level": "市"})
    call = services.create_call(None, name=f"导出权限批次{region.code}", year=2014, opening=dt.date(2014, 6, 1),
                                closing=dt.date(2014, 8, 31), programs=[program], region=region.parent or region)
    entity = _export_entity(region)
    return services.create_application(None, call=call, program=program, entity=entity,
                                       trademark=TrademarkFactory(holder=entity))


EXPORT_CASES: list[ExportCase] = [
    ExportCase("/registry/entities/", _export_entity, marker=lambda e: e.uscc),
    ExportCase("/registry/trademarks/", _trademark, marker=lambda t: t.name),
    ExportCase("/registry/pledges/", _export_pledge, marker=lambda p: p.number),
    ExportCase("/supervision/inspections/", _export_inspection, marker=lambda i: i.number),
    ExportCase("/cultivation/applications/", _export_application, marker=lambda a: a.entity.uscc),
    ExportCase("/cultivation/rewards/", _export_reward, marker=lambda p: p.entity.uscc),
    ExportCase("/changelog/", _change_log_entry, marker=lambda e: e.object_repr),
]
# Lists without a region of their own: the export answers as the page does (checked for every role).
EXPORT_URLS = [case.url for case in EXPORT_CASES] + [
    "/cultivation/scoring/", "/cultivation/pipeline/", "/accounts/security-log/", "/accounts/users/",
    "/registry/programs/", "/registry/recognitions/", "/registry/patents/", "/registry/certifications/",
    "/registry/standards/", "/registry/services/", "/registry/publicity/", "/supervision/incidents/",
    "/supervision/cases/", "/supervision/blacklist/"]
