import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from qualitybrand.accounts import services
from qualitybrand.accounts.models import SecurityEvent, User
from tests.accounts.factories import PASSWORD, make_user


@pytest.mark.parametrize("password, fragment", [
    ("Ab1-short", "10"),                 # too short
    ("abcdefghijk1", "三类"),            # two classes only
    ("Password123", None),               # common (Django's list), though long and three classes
])
@pytest.mark.django_db
def test_policy_messages(password, fragment):
    problems = services.check_password_policy(password)
    if fragment is None:
        assert problems  # a common password is refused
    else:
        assert any(fragment in p for p in problems)


@pytest.mark.django_db
def test_every_policy_message_is_chinese():
    import re

    problems = services.check_password_policy("123")
    assert len(problems) >= 3 and any("10" in p for p in problems)
    assert all(re.search(r"[\u4e00-\u9fff]", p) for p in problems), problems


@pytest.mark.django_db
def test_password_like_the_username_is_refused(regions):
    user = User(username="qinzhou-office", role="county", region=regions["620502"])
    assert services.check_password_policy("Qinzhou-Office1", user)


@pytest.mark.django_db
def test_generated_passwords_satisfy_the_policy():
    for _ in range(20):
        assert services.check_password_policy(services.generate_password()) == []


@pytest.mark.django_db
def test_change_password_page(client, county_user):
    client.force_login(county_user)
    url = "/accounts/password/"
    response = client.post(url, {"old_password": "wrong", "new_password1": "Neu-Passwort-77",
                                 "new_password2": "Neu-Passwort-77"})
    assert "原密码不正确" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "short",
                                 "new_password2": "short"})
    assert response.status_code == 200 and "三类" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Neu-Passwort-77",
                                 "new_password2": "Neu-Passwort-78"})
    assert "不一致" in response.content.decode()
    response = client.post(url, {"old_password": PASSWORD, "new_password1": "Neu-Passwort-77",
                                 "new_password2": "Neu-Passwort-77"})
    assert response.status_code == 302
    county_user.refresh_from_db()
    assert county_user.check_password("Neu-Passwort-77") and not county_user.must_change_password
    assert SecurityEvent.objects.filter(kind="password", user=county_user).exists()
    # still logged in after the change (a county starts on its 工作清单)
    assert client.get("/", follow=True).status_code == 200
    assert client.get("/me/worklist/").status_code == 200


@pytest.mark.django_db
@override_settings(QB_PASSWORD_EXPIRY_DAYS=90)
def test_expired_password_must_be_changed(client, county_user):
    User.objects.filter(pk=county_user.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client.post("/accounts/login/", {"username": county_user.username, "password": PASSWORD})
    assert client.get("/")["Location"] == "/accounts/password/"


@pytest.mark.django_db
def test_forced_change_leaves_logout_reachable(client, regions):
    user = make_user(role="county", region=regions["620502"], must_change_password=True)
    client.force_login(user)
    assert client.get("/changelog/")["Location"] == "/accounts/password/"
    assert client.post("/accounts/logout/").status_code == 302
