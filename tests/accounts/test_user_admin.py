import re

import pytest

from qualitybrand.accounts.models import SecurityEvent, User
from qualitybrand.core.models import ChangeLog
from tests.accounts.factories import make_user


@pytest.mark.django_db
def test_city_admin_creates_a_user_who_must_change_password(client, city_user, regions):
    client.force_login(city_user)
    response = client.post("/accounts/users/new/", {"username": "maiji2", "role": "county", "region": "620503",
                                                    "display_name": "麦积区质监"})
    assert response.status_code == 200
    body = response.content.decode()
    password = re.search(r'<code class="secret">([^<]+)</code>', body).group(1)
    user = User.objects.get(username="maiji2")
    assert user.must_change_password and user.region == regions["620503"]
    assert user.check_password(password)
    entry = ChangeLog.objects.get(model="accounts.user", object_id=str(user.pk))
    assert entry.username == city_user.username and "password" not in entry.after


@pytest.mark.django_db
def test_county_user_may_not_administer(client, county_user):
    client.force_login(county_user)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/security-log/").status_code == 403
    assert client.post("/accounts/users/new/", {"username": "x", "role": "county", "region": "620502"}).status_code == 403


@pytest.mark.django_db
def test_create_form_refuses_region_outside_scope(client, regions):
    admin = make_user(role="city_admin", region=regions["620502"])  # an admin bound to a district
    client.force_login(admin)
    response = client.post("/accounts/users/new/", {"username": "y", "role": "county", "region": "620503"})
    assert response.status_code == 200 and not User.objects.filter(username="y").exists()


@pytest.mark.django_db
def test_unlock_and_deactivate(client, city_user, county_user):
    from django.utils import timezone

    User.objects.filter(pk=county_user.pk).update(locked_until=timezone.now() + timezone.timedelta(minutes=20))
    client.force_login(city_user)
    assert "已锁定" in client.get("/accounts/users/").content.decode()
    assert client.post(f"/accounts/users/{county_user.pk}/unlock/").status_code == 302
    county_user.refresh_from_db()
    assert county_user.locked_until is None
    assert client.post(f"/accounts/users/{county_user.pk}/active/", {"active": "0"}).status_code == 302
    county_user.refresh_from_db()
    assert not county_user.is_active
    assert ChangeLog.objects.filter(model="accounts.user", object_id=str(county_user.pk)).count() == 2
    assert client.post(f"/accounts/users/{city_user.pk}/active/", {"active": "0"}).status_code == 403


@pytest.mark.django_db
def test_admin_cannot_touch_users_outside_scope(client, regions):
    admin = make_user(role="city_admin", region=regions["620502"])
    other = make_user(role="county", region=regions["620503"])
    client.force_login(admin)
    assert client.post(f"/accounts/users/{other.pk}/unlock/").status_code == 404
    assert other.username not in client.get("/accounts/users/").content.decode()


@pytest.mark.django_db
def test_security_log_page(client, city_user, county_user):
    client.post("/accounts/login/", {"username": county_user.username, "password": "bad"})
    client.force_login(city_user)
    body = client.get("/accounts/security-log/?kind=failure").content.decode()
    assert county_user.username in body and "登录失败" in body
    assert client.get("/accounts/security-log/?since=notadate").status_code == 200
    assert SecurityEvent.objects.count() == 1
