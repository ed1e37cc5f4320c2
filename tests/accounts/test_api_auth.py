"""API tokens: stored hashed, printed again only by the command, ending by expiry, password change or
reset and deactivation, each with its own Chinese 401 detail; locked accounts get 403."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.test import APIRequestFactory

from qualitybrand.accounts import services, tokens
from qualitybrand.accounts.authentication import QBTokenAuthentication
from qualitybrand.accounts.models import ApiToken, SecurityEvent, User
from qualitybrand.core.models import ChangeLog
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def call(client, key, url="/api/v1/regions/"):
    return client.get(url, HTTP_AUTHORIZATION=f"Token {key}")


def test_token_auth_refuses_locked_and_inactive(county_user):
    key = tokens.issue_or_show(county_user)
    auth = QBTokenAuthentication()
    request = APIRequestFactory().get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert auth.authenticate(request)[0] == county_user
    User.objects.filter(pk=county_user.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=5))
    with pytest.raises(exceptions.PermissionDenied) as info:
        auth.authenticate(request)
    assert "账号已锁定" in str(info.value.detail)
    User.objects.filter(pk=county_user.pk).update(locked_until=None, is_active=False)
    with pytest.raises(exceptions.AuthenticationFailed) as info:
        auth.authenticate(request)
    assert "账号已停用" in str(info.value.detail)


def test_anonymous_api_refused_and_token_answers(client, county_user):
    response = client.get("/api/v1/regions/")
    assert response.status_code in (401, 403) and "detail" in response.json()
    response = call(client, tokens.issue_or_show(county_user))
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == {"620502"}


def test_only_the_hash_is_stored_and_the_same_token_is_shown_again(county_user):
    key = tokens.issue_or_show(county_user)
    row = ApiToken.objects.get(user=county_user)
    assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert key not in stored
    assert tokens.issue_or_show(county_user) == key and ApiToken.objects.count() == 1
    # the change log and the security log say a token was issued, never its text
    entry = ChangeLog.objects.get(model="accounts.apitoken", action="create")
    assert key not in str(entry.after) and row.key_hash not in str(entry.after)
    assert entry.region_path == county_user.region.path
    assert SecurityEvent.objects.filter(kind="token", user=county_user).count() == 1


def test_a_copy_of_the_database_without_the_secret_key_cannot_print_it(county_user, settings):
    key = tokens.issue_or_show(county_user)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    other = tokens.issue_or_show(county_user)
    assert other != key and ApiToken.objects.filter(user=county_user).count() == 2


def test_expired_token_answers_401_in_chinese_and_a_new_one_is_issued(client, county_user, settings):
    settings.QB_API_TOKEN_DAYS = 30
    key = tokens.issue_or_show(county_user)
    row = ApiToken.objects.get(user=county_user)
    assert dt.timedelta(days=29, hours=23) < row.expires_at - row.created_at <= dt.timedelta(days=30)
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = call(client, key)
    assert response.status_code == 401
    assert "过期" in response.json()["detail"] and f"api_token {county_user.username}" in response.json()["detail"]
    fresh = tokens.issue_or_show(county_user)
    assert fresh != key and call(client, fresh).status_code == 200


def test_password_change_revokes(client, county_user):
    key = tokens.issue_or_show(county_user)
    services.change_password(county_user, "Another-Pass-2025!", old_password=PASSWORD)
    response = call(client, key)
    assert response.status_code == 401 and "作废" in response.json()["detail"]
    assert "密码已修改" in response.json()["detail"]
    assert ApiToken.objects.get(user=county_user).revoked_reason == tokens.REVOKED_PASSWORD
    assert call(client, tokens.issue_or_show(county_user)).status_code == 200


def test_password_reset_by_an_administrator_revokes(client, county_user, city_user):
    key = tokens.issue_or_show(county_user)
    services.reset_password(city_user, county_user)
    response = call(client, key)
    assert response.status_code == 401 and "管理员重置了密码" in response.json()["detail"]


def test_a_password_set_outside_the_services_still_ends_older_tokens(client, county_user):
    key = tokens.issue_or_show(county_user)
    User.objects.filter(pk=county_user.pk).update(password_changed_at=timezone.now() + dt.timedelta(seconds=1))
    response = call(client, key)
    assert response.status_code == 401 and "密码已修改" in response.json()["detail"]


def test_deactivation_revokes_and_reactivation_does_not_restore(client, county_user, city_user):
    key = tokens.issue_or_show(county_user)
    services.set_active(city_user, county_user, False)
    assert ApiToken.objects.get(user=county_user).revoked_reason == tokens.REVOKED_INACTIVE
    assert "账号已停用" in call(client, key).json()["detail"]
    services.set_active(city_user, county_user, True)
    response = call(client, key)
    assert response.status_code == 401 and "作废" in response.json()["detail"]
    services.set_active(city_user, county_user, False)
    with pytest.raises(tokens.TokenRefused):
        tokens.issue_or_show(User.objects.get(pk=county_user.pk))


def test_unknown_token_answers_401_in_chinese(client, county_user):
    response = call(client, "0" * 40)
    assert response.status_code == 401 and "未找到该令牌" in response.json()["detail"]


def test_migration_hashes_plain_tokens_and_they_keep_working(client, county_user):
    """The data migration: DRF's plain `authtoken_token` rows become hashed tokens; the table is dropped."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("qualitybrand.accounts.migrations.0003_api_tokens_hashed")
    plain = "a" * 40
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, "
                       "user_id bigint)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [plain, timezone.now(), county_user.pk])
    migration.hash_plain_tokens(apps, SimpleNamespace(connection=connection))  # it only reads .connection
    assert "authtoken_token" not in connection.introspection.table_names()  # plain texts gone with it
    row = ApiToken.objects.get(user=county_user)
    assert row.key_hash == hashlib.sha256(plain.encode()).hexdigest() and row.salt == ""
    assert row.expires_at > timezone.now() + dt.timedelta(days=80)
    assert call(client, plain).status_code == 200
    # the command cannot print a token from before hashing: it issues a new one beside it
    fresh = tokens.issue_or_show(county_user)
    assert fresh != plain and call(client, fresh).status_code == 200 and call(client, plain).status_code == 200


@pytest.mark.parametrize("raw, ok", [("", 90), ("30", 30), ("0", None), ("abc", None), ("9999", None)])
def test_token_days_validated_at_start(monkeypatch, tmp_path, raw, ok):
    from qualitybrand import config

    monkeypatch.setenv("QB_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QB_API_TOKEN_DAYS", raw)
    if ok is None:
        with pytest.raises(config.ConfigError) as info:
            config.load()
        assert "QB_API_TOKEN_DAYS" in str(info.value) and "1–3650" in str(info.value)
    else:
        assert config.load().api_token_days == ok
