"""The office's objection pages: scoped by the objection's region, handling change-logged; the
permission cases of tests/portal/permission_forms.py walked here until the lead imports them."""

import pytest
from django.urls import reverse

from qualitybrand.core.models import ChangeLog
from qualitybrand.portal.models import ObjectionState
from tests import test_permissions as walk
from tests.factories import UserFactory
from tests.portal.factories_portalpublic import objection
from tests.portal.permission_forms import CASES as _ALL  # noqa: N811
from tests.portal.permission_forms import CHANGE_CASES as _ALL_CHANGES
from tests.test_permissions import role_users  # noqa: F401  (the walk's fixture)

pytestmark = pytest.mark.django_db

MINE = [c for c in _ALL if c.name.startswith("portal:objection")]
MY_CHANGES = [c for c in _ALL_CHANGES if c.name.startswith("portal:objection")]


@pytest.mark.parametrize("case", MINE, ids=[c.name for c in MINE])
def test_permission_walk_view(case, role_users, regions):  # noqa: F811
    walk.test_declared_scoping(case, role_users, regions)


@pytest.mark.parametrize("case", MY_CHANGES, ids=[c.name for c in MY_CHANGES])
def test_permission_walk_change(case, role_users, regions):  # noqa: F811
    walk.test_declared_writes(case, role_users, regions)


def test_a_county_sees_only_its_regions_objections(client, regions):
    mine = objection(regions["620502"], name="秦州异议人")
    other = objection(regions["620503"], name="麦积异议人")
    client.force_login(UserFactory(role="county", region=regions["620502"]))
    body = client.get("/portal/manage/objections/").content.decode()
    assert mine.receipt in body and other.receipt not in body
    assert client.get(f"/portal/manage/objections/{mine.pk}/").status_code == 200
    assert client.get(f"/portal/manage/objections/{other.pk}/").status_code == 404
    city = UserFactory(role="city_admin", region=regions["620500"])
    client.force_login(city)
    body = client.get("/portal/manage/objections/").content.decode()
    assert mine.receipt in body and other.receipt in body


def test_handling_records_the_reply_in_the_change_log(client, regions):
    obj = objection(regions["620502"])
    user = UserFactory(role="county", region=regions["620502"])
    client.force_login(user)
    detail = client.get(reverse("portal:objection", args=[obj.pk])).content.decode()
    assert "异议人甲" in detail and "13911112222" in detail  # the office sees the filer
    response = client.post(reverse("portal:objection_handle", args=[obj.pk]), {"reply": "经核实，异议不成立。"})
    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.state == ObjectionState.HANDLED and obj.reply == "经核实，异议不成立。" and obj.handled_by == user
    entry = ChangeLog.objects.get(model="portal.objection", action="update")
    assert "经核实" in str(entry.after) and "异议人甲" not in str(entry.after)


def test_an_empty_reply_is_refused(client, regions):
    obj = objection(regions["620502"])
    client.force_login(UserFactory(role="city_admin", region=regions["620500"]))
    response = client.post(reverse("portal:objection_handle", args=[obj.pk]), {"reply": "  "})
    assert response.status_code == 400 and "请填写处理结果" in response.content.decode()
    obj.refresh_from_db()
    assert obj.state == ObjectionState.RECEIVED and not ChangeLog.objects.filter(action="update").exists()


@pytest.mark.parametrize("role", ["department", "leader", "enterprise", "expert"])
def test_other_roles_are_refused(client, regions, role):
    objection(regions["620502"])
    client.force_login(UserFactory(role=role, region=regions["620500"]))
    assert client.get("/portal/manage/objections/").status_code == 403


def test_anonymous_is_sent_to_login(client, regions):
    response = client.get("/portal/manage/objections/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/portal/brands/", "/portal/notices/", "/portal/complaint/", "/portal/complaint/status/",
                                 "/portal/complaint/receipt/", "/portal/notices/receipt/"])
def test_an_empty_post_by_a_signed_in_user_is_no_500(client, regions, url):
    client.force_login(UserFactory(role="city_admin", region=regions["620500"]))
    assert client.post(url, {}).status_code < 500
