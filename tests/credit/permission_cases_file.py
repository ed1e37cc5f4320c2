"""The credit file's pages in the permission walk (tests/permission_cases.py): the offices of the
entity's region and above see it; the walk's enterprise user (bound to another entity) and the
expert get 404, as does the county of 麦积区 for an entity of 秦州区."""

from __future__ import annotations

from tests.permission_cases import CASES, OFFICE_ROLES, Case


def _entity(region):
    from tests.factories import EntityFactory

    return EntityFactory(region=region, name=f"{region.name}信用档案样例企业")


CASES.append(Case("credit:file", _entity, kwargs=lambda e: {"uscc": e.uscc}, view_roles=OFFICE_ROLES))
CASES.append(Case("credit:file-report", _entity, kwargs=lambda e: {"uscc": e.uscc}, view_roles=OFFICE_ROLES))
