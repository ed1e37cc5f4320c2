"""One clock: with QB_TODAY set every timestamp written is on that day (at the real time of day),
and what compares times (lockout, password age, token expiry, session timeout) still works."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from qualitybrand.accounts import services as accounts
from qualitybrand.accounts import tokens
from qualitybrand.accounts.middleware import SESSION_SEEN
from qualitybrand.accounts.models import ApiToken, SecurityEvent, User
from qualitybrand.core import clock
from qualitybrand.core.models import ChangeLog
from tests.accounts.factories import PASSWORD, make_user

DAY = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_day(settings, fast_hasher):
    settings.QB_TODAY = DAY
    return DAY


def on_day(value: dt.datetime) -> bool:
    return timezone.is_aware(value) and timezone.localtime(value).date() == DAY


def test_now_is_qb_today_at_the_real_time_of_day(demo_day):
    before = timezone.localtime()
    now = clock.now()
    after = timezone.localtime()
    assert timezone.is_aware(now) and timezone.localtime(now).date() == DAY
    if before.date() == after.date():  # not across midnight
        assert before.time() <= timezone.localtime(now).time() <= after.time()


def test_now_is_real_without_qb_today(settings):
    settings.QB_TODAY = None
    before = timezone.now()
    now = clock.now()
    assert before <= now <= timezone.now()


def test_a_service_write_and_django_stamps_are_on_the_day(demo_day, regions):
    from qualitybrand.planning.models import DocumentVersion

    city = make_user(role="city_admin", region=regions["620500"])
    user, _ = accounts.create_user(city, username="qz9", role="county", region=regions["620502"])
    user.refresh_from_db()
    assert on_day(user.date_joined) and on_day(user.password_changed_at)  # default=timezone.now too
    entry = ChangeLog.objects.get(model="accounts.user", object_id=str(user.pk))
    assert on_day(entry.time)
    version = DocumentVersion.objects.create(kind="targets", code="t", version=1, document={}, source_hash="x")
    assert on_day(version.created_at)  # auto_now_add
    SecurityEvent.objects.bulk_create([SecurityEvent(kind="login", username="x")])
    assert on_day(SecurityEvent.objects.get(username="x").time)  # bulk inserts too


def test_a_ledger_import_is_on_the_day(demo_day, regions):
    from qualitybrand.ledgers.engine import import_rows
    from qualitybrand.ledgers.models import ImportBatch
    from tests.ledgers.test_bulk_path import entity_rows

    created = import_rows("entities", entity_rows(range(1, 6)))  # change log built by the database
    rows = entity_rows(range(1, 3))
    for row in rows:
        row["名称"] += "（更名）"
    updated = import_rows("entities", rows)  # change log built in Python
    assert (created.created, updated.updated) == (5, 2)
    for batch in ImportBatch.objects.filter(pk__in=[created.batch_id, updated.batch_id]):
        assert on_day(batch.started) and on_day(batch.finished)
    times = ChangeLog.objects.filter(import_batch_id__in=[created.batch_id, updated.batch_id]).values_list(
        "time", flat=True)
    assert len(times) == 7 and all(on_day(t) for t in times)


def test_a_login_is_on_the_day(demo_day, client, regions):
    user = make_user(role="county", region=regions["620502"])
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert on_day(user.last_login)
    assert on_day(SecurityEvent.objects.get(kind="login", user=user).time)


def test_lockout_works_on_the_demo_clock(demo_day, client, regions):
    user = make_user(role="county", region=regions["620502"])
    for _ in range(5):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong-Pass-1"})
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert "账号已锁定" in response.content.decode() and "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert 29 <= accounts.minutes_left(user) <= 30
    assert on_day(SecurityEvent.objects.get(kind="lockout", user=user).time)
    User.objects.filter(pk=user.pk).update(locked_until=clock.now() - dt.timedelta(seconds=1))
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_lock_never_outlasts_its_minutes(demo_day, regions):
    """Under QB_TODAY the clock goes back a day at midnight: a lock set just before stays no longer."""
    user = make_user(role="county", region=regions["620502"])
    user.locked_until = clock.now() + dt.timedelta(hours=23, minutes=50)
    assert accounts.minutes_left(user) == 0
    user.locked_until = clock.now() + dt.timedelta(minutes=10)
    assert accounts.minutes_left(user) == 10


def test_password_age_is_on_the_demo_clock(demo_day, settings, regions):
    settings.QB_PASSWORD_EXPIRY_DAYS = 90
    city = make_user(role="city_admin", region=regions["620500"])
    user, _ = accounts.create_user(city, username="qz8", role="county", region=regions["620502"], password=PASSWORD)
    assert not accounts.password_expired(user)
    user.password_changed_at = clock.now() - dt.timedelta(days=91)
    assert accounts.password_expired(user)


def test_token_expiry_on_the_demo_clock(demo_day, regions):
    user = make_user(role="county", region=regions["620502"])
    key = tokens.issue_or_show(user)
    token = ApiToken.objects.get(user=user)
    assert on_day(token.created_at) and tokens.check(key)[0] == user
    ApiToken.objects.filter(pk=token.pk).update(expires_at=clock.now() - dt.timedelta(seconds=1))
    with pytest.raises(tokens.TokenRefused, match="过期"):
        tokens.check(key)
    # a password changed after issue ends a fresh token
    key = tokens.issue_or_show(user)
    accounts.change_password(user, "Qb-new-Pass-2025x")
    with pytest.raises(tokens.TokenRefused):
        tokens.check(key)


def test_session_idle_timeout_on_the_demo_clock(demo_day, client, regions):
    user = make_user(role="city_admin", region=regions["620500"])  # lands on 工作台 itself (no role page)
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_SEEN] = session[SESSION_SEEN] - 31 * 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "timeout=1" in response["Location"]
    assert on_day(SecurityEvent.objects.get(kind="timeout", user=user).time)


@pytest.mark.parametrize("today", [None, DAY])
def test_no_migration_changes_with_or_without_qb_today(settings, today):
    settings.QB_TODAY = today
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 on a change
