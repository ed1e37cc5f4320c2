"""A workflow as a table of transitions (state, action, next state, roles, conditions), shared by
the credit repair workflow and the workflows to come (follow-ups, complaints, recalls).

The idea is `cultivation/workflow.py` (which keeps its own table): a workflow is data, the service
that moves a record asks `Workflow.check` which transition applies, refuses with a Chinese message
when none does, then writes the record and a step of its timeline (`record_step`).

    REPAIR = Workflow("信用修复", [
        Transition("待审核", "批准", "已修复", {CITY}, ("not_self",)),
        Transition("待审核", "不予修复", "未通过", {CITY}, ("not_self", "comment")),
    ], checks={"one_year": one_year_on_list})

Built-in conditions:
- `comment`   a comment is required (退回, 不予修复 … the reasons)
- `not_self`  no self-approval: the user is none of the record's actors (whoever created or
              submitted it; the caller says who they are)
Any other condition name is looked up in the workflow's `checks`: `fn(user, obj, context)` raising
ValidationError / PermissionDenied (Chinese), or returning a dict of values to set on the record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from qualitybrand.core import clock
from qualitybrand.core.roles import Role

ROLE_LABELS = dict(Role.choices)
BUILTIN_CONDITIONS = ("comment", "not_self")


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    roles: frozenset
    conditions: tuple = ()

    def __init__(self, state: str, action: str, next_state: str, roles: Iterable[str], conditions=()):
        object.__setattr__(self, "state", state)
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "next_state", next_state)
        object.__setattr__(self, "roles", frozenset(roles))
        object.__setattr__(self, "conditions", tuple(conditions))


@dataclass
class Workflow:
    name: str                       # “信用修复”: used in messages
    transitions: list[Transition]
    checks: dict[str, Callable] = field(default_factory=dict)

    def __post_init__(self):
        unknown = {c for t in self.transitions for c in t.conditions} - set(BUILTIN_CONDITIONS) - set(self.checks)
        if unknown:  # a typo in the table must fail at start-up, not let a transition through
            raise ValueError(f"workflow {self.name}: unknown conditions {sorted(unknown)}")

    @property
    def actions(self) -> list[str]:
        return sorted({t.action for t in self.transitions})

    def transitions_from(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.state == state]

    def find(self, state: str, action: str) -> Transition | None:
        return next((t for t in self.transitions_from(state) if t.action == action), None)

    def allowed_text(self, state: str) -> str:
        options = [f"{t.action}（{'、'.join(ROLE_LABELS.get(r, r) for r in sorted(t.roles))}）"
                   for t in self.transitions_from(state)]
        return "、".join(options) if options else "无（流程已结束）"

    def available(self, user, state: str, role: str, actors: Iterable[int | None] = ()) -> list[Transition]:
        """The transitions this user may take now (role and self-approval; the other conditions are
        checked when it acts)."""
        actor_ids = {a for a in actors if a is not None}
        return [t for t in self.transitions_from(state)
                if role in t.roles and not ("not_self" in t.conditions and _user_id(user) in actor_ids)]

    def check(self, user, obj, state: str, action: str, *, role: str, comment: str = "",
              actors: Iterable[int | None] = (), context: dict | None = None) -> tuple[Transition, dict]:
        """The transition `action` from `state`, every condition checked; (transition, values to set).
        Raises ValidationError / PermissionDenied with a Chinese message, having changed nothing."""
        t = self.find(state, action)
        if t is None:
            raise ValidationError(f"{self.name}当前状态为“{state}”，不能执行“{action}”。"
                                  f"当前可执行的操作：{self.allowed_text(state)}。")
        if role not in t.roles:
            raise PermissionDenied(f"{ROLE_LABELS.get(role, '当前用户')}不能对“{state}”的{self.name}执行“{action}”："
                                   f"该操作由{'、'.join(ROLE_LABELS.get(r, r) for r in sorted(t.roles))}办理。")
        values: dict = {}
        for cond in t.conditions:
            if cond == "comment":
                if not (comment or "").strip():
                    raise ValidationError(f"“{action}”须填写理由：请写明原因和需要补正的内容。")
            elif cond == "not_self":
                if _user_id(user) is not None and _user_id(user) in {a for a in actors if a is not None}:
                    raise PermissionDenied(f"不能审批自己提交的{self.name}（不允许自我审批），请由其他人员办理。")
            else:
                values.update(self.checks[cond](user, obj, context or {}) or {})
        return t, values


def _user_id(user) -> int | None:
    return getattr(user, "pk", None)


class WorkflowStep(models.Model):
    """One step of a record's timeline (the change log holds the same change too). A workflow's
    app subclasses it with a foreign key to its record."""

    action = models.CharField("操作", max_length=10)
    from_state = models.CharField("原状态", max_length=10, blank=True)
    to_state = models.CharField("新状态", max_length=10)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField("操作人", max_length=150, blank=True)
    role = models.CharField("角色", max_length=16, blank=True)
    comment = models.TextField("意见", blank=True)
    time = models.DateTimeField("时间")

    class Meta:
        abstract = True
        ordering = ["time", "id"]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role or "系统")


def record_step(step_model: type[WorkflowStep], *, user, role: str, action: str, from_state: str, to_state: str,
                comment: str = "", **owner) -> WorkflowStep:
    """Append a step to the timeline; `owner` names the record (`application=app`)."""
    return step_model.objects.create(
        action=action, from_state=from_state, to_state=to_state,
        user=user if _user_id(user) else None, username=str(user) if user is not None else "系统",
        role=role, comment=(comment or "").strip(), time=clock.now(), **owner)


def role_of(user) -> str:
    """The workflow role of a user (a superuser acts as the city office; None is the system)."""
    if user is None:
        return Role.CITY_ADMIN
    if getattr(user, "is_superuser", False):
        return Role.CITY_ADMIN
    return getattr(user, "role", "") or ""
