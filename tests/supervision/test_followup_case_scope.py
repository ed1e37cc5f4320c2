"""立案 on a follow-up never tells a county about another county's cases (review of issue 14)."""

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qualitybrand.supervision import services_followup as svc
from qualitybrand.supervision.models import Case
from tests.factories import EntityFactory
from tests.supervision.factories import batch, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)


def _failed(user, i):
    svc.issue_notice(user, i, today=dt.date(2014, 6, 3))
    svc.submit_report(user, i, pdf(), today=dt.date(2014, 6, 20))
    svc.record_recheck(user, i, "不合格", items="标志不全", today=dt.date(2014, 7, 1))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _case(number, region, party):
    return Case.objects.create(number=number, case_type="质量违法", opened=dt.date(2014, 1, 1), region=region,
                               party=party)


def test_another_countys_case_answers_as_a_missing_one(regions, county_user):
    i = batch(regions["620502"])
    _failed(county_user, i)
    other = _case("麦市监案〔2014〕99号", regions["620503"], EntityFactory(region=regions["620503"]))
    answers = [_api(county_user).post(f"/api/v1/followups/{i.pk}/case/", {"case": pk}, format="json")
               for pk in (other.pk, 987654)]
    assert [a.status_code for a in answers] == [400, 400]
    assert str(answers[0].json()).replace(str(other.pk), "987654") == str(answers[1].json())
    assert "麦市监案" not in str(answers[0].json())
    i.followup.refresh_from_db()
    assert i.followup.case_id is None


def test_a_case_above_the_county_is_neither_listed_nor_linkable(regions, county_user):
    i = batch(regions["620502"])
    _failed(county_user, i)
    city_case = _case("市监案〔2014〕1号", regions["620500"], i.entity)
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(county_user)
    page = client.get(reverse("supervision:followup-detail", args=[i.pk])).content.decode()
    assert "市监案〔2014〕1号" not in page
    answer = _api(county_user).post(f"/api/v1/followups/{i.pk}/case/", {"case": city_case.pk}, format="json")
    assert answer.status_code == 400 and "市监案" not in str(answer.json())


def test_a_new_case_number_held_elsewhere_is_refused_without_saying_so(regions, county_user):
    i = batch(regions["620502"])
    _failed(county_user, i)
    _case("麦市监案〔2014〕99号", regions["620503"], EntityFactory(region=regions["620503"]))
    answer = _api(county_user).post(f"/api/v1/followups/{i.pk}/case/", {"number": "麦市监案〔2014〕99号"},
                                    format="json")
    assert answer.status_code == 400
    assert "已存在" not in str(answer.json()) and "不能使用" in str(answer.json())
    own = _case("秦市监案〔2014〕7号", regions["620502"], EntityFactory(region=regions["620502"]))
    answer = _api(county_user).post(f"/api/v1/followups/{i.pk}/case/", {"number": own.number}, format="json")
    assert "已存在" in str(answer.json())
