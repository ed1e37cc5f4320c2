"""迎检 follow-ups: no tasks after the 报送期限; the city moves the deadline (not before today)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qualitybrand.assignments.models import Task
from qualitybrand.core.models import ChangeLog
from qualitybrand.inspection import services, services_state
from qualitybrand.inspection.models import Preparation
from tests.inspection.factories import finalized, preparation

pytestmark = pytest.mark.django_db


@pytest.fixture
def after_deadline(settings):
    settings.QB_TODAY = dt.date(2014, 1, 25)  # the preparations' deadline is 2014-01-20


def test_tasks_after_the_deadline_are_refused_saying_move_it_first(regions, city_user, after_deadline):
    prep = preparation()
    with pytest.raises(ValidationError, match="报送期限 2014年01月20日 已过.*请先调整报送期限"):
        services.create_tasks(city_user, prep, {"A3": ["region:620502"]})
    assert not Task.objects.exists()


def test_moving_the_deadline_lets_tasks_be_created(regions, city_user, after_deadline):
    prep = preparation()
    services_state.change_deadline(city_user, prep, "2014-02-10")
    prep.refresh_from_db()
    assert prep.deadline == dt.date(2014, 2, 10)
    entry = ChangeLog.objects.filter(model="inspection.preparation", object_id=str(prep.pk)).latest("id")
    assert entry.reason == "调整报送期限：2014-01-20 → 2014-02-10"
    assert entry.before["deadline"] == "2014-01-20" and entry.after["deadline"] == "2014-02-10"
    task = services.create_tasks(city_user, prep, {"A3": ["region:620502"]})[0]
    assert task.deadline == dt.date(2014, 2, 10)


def test_deadline_not_before_today_nor_after_submission(regions, city_user, after_deadline):
    prep = preparation()
    for bad, message in (("2014-01-24", "早于今天"), ("2014/02/01", "不是有效日期"), ("", "不是有效日期"),
                         ("2014-01-20", "早于今天")):
        with pytest.raises(ValidationError, match=message):
            services_state.change_deadline(city_user, prep, bad)
    assert Preparation.objects.get(pk=prep.pk).deadline == dt.date(2014, 1, 20)
    done = finalized()
    services_state.change_deadline(city_user, done, "2014-01-30")  # a finalized one may still move
    services_state.submit(city_user, done)
    with pytest.raises(ValidationError, match="已报送，不能再调整报送期限"):
        services_state.change_deadline(city_user, done, "2014-02-28")


def test_page_offers_the_deadline_form_when_late(client, regions, city_user, after_deadline):
    client.force_login(city_user)
    prep = preparation()
    page = client.get(prep.get_absolute_url()).content.decode()
    assert "已过报送期限" in page and "请先在上方“调整报送期限”" in page
    assert reverse("inspection:create_tasks", args=[prep.pk]) not in page
    response = client.post(reverse("inspection:deadline", args=[prep.pk]), {"deadline": "2014-01-02"}, follow=True)
    assert "早于今天" in response.content.decode()
    client.post(reverse("inspection:deadline", args=[prep.pk]), {"deadline": "2014-02-10"})
    page = client.get(prep.get_absolute_url()).content.decode()
    assert "报送期限 2014年2月10日" in page and reverse("inspection:create_tasks", args=[prep.pk]) in page
