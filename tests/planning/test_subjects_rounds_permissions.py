"""Who opens which subject page and who may write for a subject, role by role (the permission
walk keeps one case per URL name, so department, town and enterprise rounds are walked here)."""

import datetime as dt

import pytest
from django.test import Client, override_settings

from qualitybrand.core.models import Department
from qualitybrand.planning import services
from qualitybrand.planning.models import Dispute, SelfEvaluation
from tests.accounts.factories import make_user
from tests.factories import EntityFactory
from tests.planning.subjects_rounds_setup import DEPARTMENTS, TOWNS, enterprise_scheme, load, towns

ROLES = ["city_admin", "county", "department", "enterprise", "expert", "leader", "other_department",
         "town", "other_county"]


@pytest.fixture
def users(regions):
    t = towns(regions)
    firm = EntityFactory(region=regions["620502"], name="责任书企业")
    other_firm = EntityFactory(region=regions["620502"], name="另一企业")
    dept, other = Department.objects.get(name="住建"), Department.objects.get(name="环保")
    return {
        "city_admin": make_user(role="city_admin", region=regions["620500"]),
        "county": make_user(role="county", region=regions["620502"]),
        "department": make_user(role="department", region=regions["620500"], department=dept),
        "other_department": make_user(role="department", region=regions["620500"], department=other),
        "enterprise": make_user(role="enterprise", region=regions["620502"], entity=firm),
        "other_enterprise": make_user(role="enterprise", region=regions["620502"], entity=other_firm),
        "expert": make_user(role="expert", region=regions["620500"]),
        "leader": make_user(role="leader", region=regions["620500"]),
        "town": make_user(role="county", region=t["620502001"]),
        "other_county": make_user(role="county", region=regions["620503"]),
    }, firm, other_firm


def client(user):
    c = Client(raise_request_exception=False)
    c.force_login(user)
    return c


def walk(users, rnd, key, view, write):
    """Every role: the subject page (200 or 404) and a self-evaluation (saved or refused)."""
    failures = []
    for role, user in users.items():
        status = client(user).get(f"/planning/rounds/{rnd.pk}/{key}/").status_code
        want = 200 if role in view else 404
        if status != want:
            failures.append(f"{role} page {key}: {status}, want {want}")
        before = SelfEvaluation.objects.count()
        with override_settings(QB_TODAY=dt.date(rnd.as_of.year, 12, 1)):
            status = client(user).post(f"/planning/rounds/{rnd.pk}/{key}/self/",
                                       {"item": manual(rnd), "score": "1"}).status_code
        saved = SelfEvaluation.objects.count() > before
        if saved != (role in write) or status >= 500:
            failures.append(f"{role} self-evaluation for {key}: status {status}, saved {saved}")
        SelfEvaluation.objects.all().delete()
    assert not failures, "\n".join(failures)


def manual(rnd):
    return next(i["code"] for i in rnd.document["items"] if i["rule"] == "manual")


def test_department_round(users, settings, tmp_path):
    people, *_ = users
    settings.MEDIA_ROOT = tmp_path
    scheme = load(DEPARTMENTS.replace("evidence: required", "evidence: optional"))
    rnd = services.create_round(None, scheme, "年终考核", deadline=dt.date(2014, 12, 31))
    walk(people, rnd, "住建", view={"city_admin", "department", "expert", "leader"},
         write={"city_admin", "department"})
    # the county and a town are not in a city's department round at all
    assert client(people["county"]).get(f"/planning/rounds/{rnd.pk}/").status_code == 404
    assert client(people["town"]).get(f"/planning/rounds/{rnd.pk}/").status_code == 404


def test_towns_round(users):
    people, *_ = users
    rnd = services.create_round(None, load(TOWNS), "年终考核", deadline=dt.date(2014, 12, 31))
    # department users of the city see the city's regions and towns as they always saw its counties
    view = {"city_admin", "county", "department", "other_department", "expert", "leader", "town"}
    walk(people, rnd, "620502001", view=view, write={"city_admin", "county", "town"})
    walk(people, rnd, "620502100", view=view - {"town"}, write={"city_admin", "county"})
    # the neighbour county writes nothing through a dispute either
    r = client(people["other_county"]).post(f"/planning/rounds/{rnd.pk}/620502001/dispute/",
                                             {"item": "T1", "records": "x", "reason": "y"})
    assert r.status_code in (403, 404) and not Dispute.objects.exists()


def test_enterprise_round(users):
    people, firm, other = users
    text = enterprise_scheme([firm.uscc, other.uscc]).replace("evidence: required", "evidence: optional")
    rnd = services.create_round(None, load(text), "年终考核", deadline=dt.date(2014, 12, 31))
    # the city's 责任书 round is the city's and the enterprise's: not a county's, department's or another firm's
    walk(people, rnd, firm.uscc, view={"city_admin", "enterprise", "expert", "leader"},
         write={"city_admin", "enterprise"})
    assert client(people["other_enterprise"]).get(f"/planning/rounds/{rnd.pk}/{firm.uscc}/").status_code == 404
