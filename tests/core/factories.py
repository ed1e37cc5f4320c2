"""Builders for the role pages' tests (tests/core/test_landing.py): an award application in 资料评审
assigned to an expert, an assessment round with a manual item, a rectification task, a message.
The shared tests/factories.py is not edited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qualitybrand.cultivation import awards
from qualitybrand.cultivation.models import Application, Expert, Notification, State
from qualitybrand.planning.models import RectificationTask
from qualitybrand.registry.models import Program
from tests.cultivation.factories import make_application, make_call
from tests.factories import EntityFactory


def award_program() -> Program:
    program = Program.objects.filter(code="city_quality_award").first()
    return program or Program.objects.create(
        code="city_quality_award", name="市政府质量奖", object_kind="企业", level="市", reward=10,
        rules=[{"type": "min_score", "score": 600}])


def expert_profile(user, name: str = "专家") -> Expert:
    return Expert.objects.get_or_create(user=user, defaults={"name": name})[0]


def award_application(city_user, region, *, entity=None, state=State.DOC_REVIEW, year=2014) -> Application:
    """An application for the city's quality award of an entity in `region`, in `state`."""
    program = award_program()
    call = make_call(city_user.region, [program], year=year)
    entity = entity or EntityFactory(region=region)
    return make_application(call, program, entity, state=state)


def assigned(city_user, expert_user, region, **kwargs):
    """An award application in 资料评审 assigned (through the service) to this expert."""
    app = award_application(city_user, region, **kwargs)
    return awards.assign_expert(city_user, app, expert_profile(expert_user, f"专家{expert_user.pk}"))


def rectification(rnd, region, *, deadline=dt.date(2014, 1, 31), state=RectificationTask.State.OPEN):
    return RectificationTask.objects.create(round=rnd, region=region, item_code="M1", item_name="工作机制建设",
                                            points=10, lost=6, owner="质量强市办", deadline=deadline, state=state)


def message(user, text="您的申报已退回", read=False) -> Notification:
    now = timezone.now()
    return Notification.objects.create(recipient=user, region=user.region, message=text, url="",
                                       created=now, read_at=now if read else None)
