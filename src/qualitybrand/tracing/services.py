"""Writes of the tracing app. Single events go through `core.resources.write_create / write_update`
(change-logged by `core.services`), which call `check_event` from the resource's `prepare`;
imports through the `trace_events` ledger (ledgers.py). Both apply `rules.event_problems`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core import clock
from qualitybrand.core.roles import Role
from qualitybrand.core.services import create_record
from qualitybrand.tracing.graph import Graph
from qualitybrand.tracing.models import TraceEvent
from qualitybrand.tracing.rules import event_problems

FIELDS = {"对方名称": "counterparty_name", "对方统一社会信用代码": "counterparty", "投入追溯码": "source_code",
          "追溯码": "trace_code"}


def new_number() -> str:
    """事件编号 of an event entered without one: ZS + today + a serial of the day."""
    prefix = f"ZS{clock.today():%Y%m%d}"
    taken = set(TraceEvent.objects.filter(number__startswith=prefix).values_list("number", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


def check_event(obj: TraceEvent) -> None:
    """Fill the derived fields and refuse an event that breaks a rule (Chinese ValidationError per
    field, nothing written): counterparty present for 购进/销售, none for 生产, no input on a transfer,
    no cycle for its unit or through inputs."""
    if obj.entity_id is None:
        raise ValidationError({"entity": ["主体统一社会信用代码必填。"]})
    obj.region_id = obj.entity.region_id
    if not obj.number:
        obj.number = new_number()
    values = {f.attname: getattr(obj, f.attname) for f in TraceEvent._meta.concrete_fields}
    graph = Graph()
    graph.load_units([obj.trace_code])
    problems = event_problems(values, graph)
    if problems:
        errors: dict[str, list[str]] = {}
        for header, message in problems:
            errors.setdefault(FIELDS.get(header, "detail"), []).append(message)
        raise ValidationError(errors)


def check_own_entity(user, entity) -> None:
    """An enterprise enters only its own events (scope_entity_field); offices any in their scope."""
    if getattr(user, "role", "") == Role.ENTERPRISE and not user.is_superuser and entity.pk != user.entity_id:
        raise PermissionDenied("企业用户只能录入本企业的追溯事件（主体应为本企业）。")


def record_event(user, **values) -> TraceEvent:
    """One event from code (demo, other apps): the same rules and change log as the form and the API."""
    obj = TraceEvent(**values)
    if user is not None:
        check_own_entity(user, obj.entity)
    check_event(obj)
    return create_record(user, obj)
