import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from qualitybrand.accounts.middleware import SESSION_SEEN, SESSION_START
from qualitybrand.accounts.models import SecurityEvent, User
from tests.accounts.factories import make_user

PASSWORD = "Qb-test-Pass-2024"
LOGIN = "/accounts/login/"


def post_login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名" in body and "密码" in body and "登录" in body


@pytest.mark.django_db
def test_successful_login_cycles_session_and_stamps(client, county_user):
    client.get(LOGIN)
    before = client.cookies.get("sessionid")
    response = post_login(client, county_user.username)
    assert response.status_code == 302 and response["Location"] == "/"
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    session = client.session
    assert SESSION_START in session and SESSION_SEEN in session
    assert SecurityEvent.objects.filter(kind="login", user=county_user).exists()


@pytest.mark.django_db
def test_wrong_password_does_not_reveal_whether_the_account_exists(client, county_user):
    known = post_login(client, county_user.username, "wrong-Password-1").content.decode()
    unknown = post_login(client, "nobody-here", "wrong-Password-1").content.decode()
    assert "用户名或密码错误" in known and "用户名或密码错误" in unknown
    assert SecurityEvent.objects.filter(kind="failure").count() == 2


@pytest.mark.django_db
def test_lockout_after_five_failures_per_account(client, county_user):
    for _ in range(4):
        response = post_login(client, county_user.username, "wrong-Password-1")
        assert "用户名或密码错误" in response.content.decode()
    response = post_login(client, county_user.username, "wrong-Password-1")
    assert "账号已锁定，请于 30 分钟后再试或联系管理员。" in response.content.decode()
    # even the right password is refused while locked, from any client (per account, not per IP)
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    response = post_login(other, county_user.username)
    assert "账号已锁定" in response.content.decode()
    assert "_auth_user_id" not in other.session
    assert SecurityEvent.objects.filter(kind="lockout", user=county_user).count() == 1
    county_user.refresh_from_db()
    assert county_user.locked_until > timezone.now() + dt.timedelta(minutes=29)


@pytest.mark.django_db
def test_lock_expires(client, county_user):
    User.objects.filter(pk=county_user.pk).update(locked_until=timezone.now() - dt.timedelta(seconds=1))
    response = post_login(client, county_user.username)
    assert response.status_code == 302


@pytest.mark.django_db
@override_settings(QB_LOCKOUT_ATTEMPTS=2, QB_LOCKOUT_MINUTES=10)
def test_lockout_is_configurable(client, county_user):
    post_login(client, county_user.username, "x")
    response = post_login(client, county_user.username, "x")
    assert "账号已锁定，请于 10 分钟后再试" in response.content.decode()


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, county_user):
    for _ in range(4):
        post_login(client, county_user.username, "bad")
    assert post_login(client, county_user.username).status_code == 302
    county_user.refresh_from_db()
    assert county_user.failed_logins == 0


@pytest.mark.django_db
def test_inactive_user_cannot_log_in(client, county_user):
    User.objects.filter(pk=county_user.pk).update(is_active=False)
    response = post_login(client, county_user.username)
    assert response.status_code == 200 and "用户名或密码错误" in response.content.decode()


@pytest.mark.django_db
def test_next_is_followed_only_on_this_site(client, county_user):
    assert post_login(client, county_user.username, next="/changelog/")["Location"] == "/changelog/"
    client.logout()
    assert post_login(client, county_user.username, next="https://evil.example/")["Location"] == "/"


@pytest.mark.django_db
def test_logout_requires_post_and_is_recorded(client, county_user):
    post_login(client, county_user.username)
    assert client.get("/accounts/logout/").status_code == 302
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind="logout", user=county_user).exists()


@pytest.mark.django_db
def test_idle_timeout_logs_out_and_is_recorded(client, county_user):
    post_login(client, county_user.username)
    session = client.session
    session[SESSION_SEEN] = session[SESSION_SEEN] - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert SecurityEvent.objects.filter(kind="timeout", user=county_user).exists()
    assert "会话已到期" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_absolute_session_limit(client, county_user):
    post_login(client, county_user.username)
    session = client.session
    session[SESSION_START] = session[SESSION_START] - 12 * 3600 - 5
    session.save()
    assert client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@override_settings(QB_DEMO=True)
def test_demo_accounts_shown_in_demo_mode(client):
    from qualitybrand.core.demo_accounts import DEMO_PASSWORD

    body = client.get(LOGIN).content.decode()
    assert DEMO_PASSWORD in body and "qinzhou" in body


@pytest.mark.django_db
@override_settings(QB_DEMO=False)
def test_demo_accounts_hidden_otherwise(client):
    from qualitybrand.core.demo_accounts import DEMO_PASSWORD

    assert DEMO_PASSWORD not in client.get(LOGIN).content.decode()


@pytest.mark.django_db
def test_session_cookie_flags(client, county_user):
    response = post_login(client, county_user.username)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_first_login_forces_password_change(client, regions):
    user = make_user(role="county", region=regions["620502"], must_change_password=True)
    response = post_login(client, user.username)
    assert client.get("/").status_code == 302
    assert client.get("/")["Location"] == "/accounts/password/"
    assert response.status_code == 302
    assert client.get("/accounts/password/").status_code == 200


@pytest.mark.django_db
def test_unknown_names_lock_like_real_ones(client):
    messages = [post_login(client, "no-such-user", "x").content.decode() for _ in range(5)]
    assert all("用户名或密码错误" in m for m in messages[:4])
    assert "账号已锁定，请于 30 分钟后再试或联系管理员。" in messages[4]
