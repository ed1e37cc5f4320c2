"""Roles and what each may do by default. Models may narrow this with `scope_actions`."""

from django.db import models


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", "市级管理员"
    COUNTY = "county", "县区用户"
    DEPARTMENT = "department", "部门用户"
    ENTERPRISE = "enterprise", "企业用户"
    EXPERT = "expert", "评审专家"
    LEADER = "leader", "领导"


VIEW = "view"
CHANGE = "change"

# Default action table for region-scoped registry records.
DEFAULT_ACTIONS: dict[str, set[str]] = {
    VIEW: {Role.CITY_ADMIN, Role.COUNTY, Role.DEPARTMENT, Role.ENTERPRISE, Role.LEADER},
    CHANGE: {Role.CITY_ADMIN, Role.COUNTY},
}


def role_may(role: str, action: str, model: type[models.Model] | None = None) -> bool:
    table = getattr(model, "scope_actions", None) or DEFAULT_ACTIONS
    return role in table.get(action, set())
