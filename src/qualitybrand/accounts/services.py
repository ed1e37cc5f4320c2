"""Every write about accounts: logins and lockouts, password changes, user administration.

Login security follows 等保 2.0: lockout per account (not per IP) after
`QB_LOCKOUT_ATTEMPTS` failures for `QB_LOCKOUT_MINUTES`, a password policy, a forced change at
first login for accounts an administrator created, and a security event for every login,
failure, lockout, logout, timeout and password change.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
import string
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F

from qualitybrand.accounts import tokens
from qualitybrand.accounts.models import SecurityEvent, User
from qualitybrand.core import changelog, clock
from qualitybrand.core.roles import Role
from qualitybrand.core.scoping import has_scoped_role, may_act_on_region, within_scope

WRONG_CREDENTIALS = "用户名或密码错误。请检查后重试（连续错误 {n} 次将锁定账号 {m} 分钟）。"
# Fields of a user recorded in the change log (never the password hash).
AUDIT_FIELDS = ["username", "display_name", "role", "region", "entity", "department", "is_active",
                "must_change_password", "locked_until"]


def locked_message(minutes: int) -> str:
    return f"账号已锁定，请于 {minutes} 分钟后再试或联系管理员。"


def _client(request) -> dict:
    if request is None:
        return {"ip": None, "user_agent": ""}
    return {"ip": request.META.get("REMOTE_ADDR") or None,
            "user_agent": (request.META.get("HTTP_USER_AGENT") or "")[:300]}


def record_event(kind: str, *, username: str, user=None, request=None, detail: str = "") -> SecurityEvent:
    return SecurityEvent.objects.create(kind=kind, username=(username or "")[:150], user=user,
                                        detail=detail[:300], **_client(request))


def minutes_left(user: User, now: dt.datetime | None = None) -> int:
    """Minutes the account stays locked (0: not locked). Times come from `clock.now()`; a lock
    reaching further than QB_LOCKOUT_MINUTES ahead is over (the QB_TODAY clock went back at
    midnight, or the lock was set on the real clock before QB_TODAY was)."""
    now = now or clock.now()
    if not user.locked_until or user.locked_until <= now:
        return 0
    if user.locked_until - now > dt.timedelta(minutes=settings.QB_LOCKOUT_MINUTES):
        return 0
    return max(1, math.ceil((user.locked_until - now).total_seconds() / 60))


@dataclass
class LoginResult:
    user: User | None
    error: str = ""
    password_expired: bool = False


def attempt_login(request, username: str, password: str) -> LoginResult:
    """Check the credentials against the lockout rule; record the outcome. Does not log in."""
    username = (username or "").strip()
    attempts = settings.QB_LOCKOUT_ATTEMPTS
    lock_minutes = settings.QB_LOCKOUT_MINUTES
    wrong = WRONG_CREDENTIALS.format(n=attempts, m=lock_minutes)
    account = User.objects.filter(username=username).first() if username else None
    now = clock.now()
    if account is not None and minutes_left(account, now):
        record_event(SecurityEvent.Kind.FAILURE, username=username, user=account, request=request,
                     detail="账号锁定期间尝试登录")
        return LoginResult(None, locked_message(minutes_left(account, now)))
    user = authenticate(request, username=username, password=password) if username and password else None
    if user is None:
        if account is None:
            # Unknown names answer exactly like real ones, lockout included, so that nobody can
            # learn from the messages which accounts exist.
            window = now - dt.timedelta(minutes=lock_minutes)
            recent = SecurityEvent.objects.filter(kind=SecurityEvent.Kind.FAILURE, user__isnull=True,
                                                  username=username[:150], time__gte=window).count()
            record_event(SecurityEvent.Kind.FAILURE, username=username, request=request, detail="账号不存在")
            return LoginResult(None, locked_message(lock_minutes) if recent + 1 >= attempts else wrong)
        with transaction.atomic():
            User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
            account.refresh_from_db(fields=["failed_logins"])
            record_event(SecurityEvent.Kind.FAILURE, username=username, user=account, request=request,
                         detail=f"第 {account.failed_logins} 次连续失败" if account.is_active else "账号已停用")
            if account.failed_logins >= attempts:
                until = now + dt.timedelta(minutes=lock_minutes)
                User.objects.filter(pk=account.pk).update(locked_until=until, failed_logins=0)
                record_event(SecurityEvent.Kind.LOCKOUT, username=username, user=account, request=request,
                             detail=f"连续 {attempts} 次登录失败，锁定 {lock_minutes} 分钟")
                return LoginResult(None, locked_message(lock_minutes))
        return LoginResult(None, wrong)
    expired = password_expired(user, now)
    updates = {"failed_logins": 0, "locked_until": None}
    if expired:
        updates["must_change_password"] = True
    User.objects.filter(pk=user.pk).update(**updates)
    for key, value in updates.items():
        setattr(user, key, value)
    record_event(SecurityEvent.Kind.LOGIN, username=user.username, user=user, request=request,
                 detail="密码已过期，须修改" if expired else "")
    return LoginResult(user, password_expired=expired)


def password_expired(user: User, now: dt.datetime | None = None) -> bool:
    days = getattr(settings, "QB_PASSWORD_EXPIRY_DAYS", 0) or 0
    if days <= 0 or user.password_changed_at is None:
        return False
    return (now or clock.now()) - user.password_changed_at > dt.timedelta(days=days)


def check_password_policy(password: str, user: User | None = None) -> list[str]:
    """The policy's messages for this password (empty when it is acceptable)."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def generate_password(length: int = 14) -> str:
    """A random password that satisfies the policy (all four character classes)."""
    alphabet = string.ascii_letters + string.digits + "-_@#%+"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)
                and any(c.isdigit() for c in candidate) and any(c in "-_@#%+" for c in candidate)
                and not check_password_policy(candidate)):
            return candidate


@transaction.atomic
def change_password(user: User, new_password: str, *, request=None, old_password: str | None = None) -> None:
    """Set a new password under the policy; raises ValidationError with Chinese messages."""
    if old_password is not None and not user.check_password(old_password):
        raise ValidationError({"old_password": ["原密码不正确。"]})
    if old_password is not None and old_password == new_password:
        raise ValidationError({"new_password1": ["新密码不能与原密码相同。"]})
    problems = check_password_policy(new_password, user)
    if problems:
        raise ValidationError({"new_password1": problems})
    user.set_password(new_password)
    user.password_changed_at = clock.now()
    user.must_change_password = False
    user.save(update_fields=["password", "password_changed_at", "must_change_password"])
    record_event(SecurityEvent.Kind.PASSWORD, username=user.username, user=user, request=request)
    tokens.revoke_all(user, tokens.REVOKED_PASSWORD, actor=user)


# --- user administration ---------------------------------------------------------------

def _snapshot(user: User) -> dict:
    return changelog.snapshot(user, AUDIT_FIELDS)


def may_administer(actor) -> bool:
    return has_scoped_role(actor, {Role.CITY_ADMIN})


def users_for(actor):
    """The accounts an administrator may see and manage: those bound to its region and below."""
    qs = User.objects.select_related("region", "entity", "department")
    if actor is None or not may_administer(actor):
        return qs.none()
    return within_scope(qs, actor)  # a superuser's: every account, also those of no region


def _check_in_scope(actor, region) -> None:
    if actor is None or actor.is_superuser:
        return
    if not may_administer(actor):
        raise PermissionDenied("只有市级管理员可以管理用户。")
    if not may_act_on_region(actor, region, {Role.CITY_ADMIN}):
        raise PermissionDenied("只能在本辖区内创建用户。")


@transaction.atomic
def create_user(actor, *, username: str, role: str, region=None, entity=None, department=None,
                display_name: str = "", password: str | None = None, must_change: bool | None = None,
                reason: str = "") -> tuple[User, str]:
    """Create an account. Without a password a strong one is generated and must be changed at
    first login. Returns the user and its initial password. Raises ValidationError (Chinese)."""
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = ["用户名不能为空。"]
    elif len(username) > 150 or any(c.isspace() for c in username):
        errors["username"] = ["用户名不能含空格，长度不超过 150 个字符。"]
    elif User.objects.filter(username=username).exists():
        errors["username"] = [f"用户名“{username}”已存在，请换一个。"]
    if role not in Role.values:
        errors["role"] = [f"角色“{role}”不存在：应为 {', '.join(Role.values)} 之一。"]
    if role != Role.ENTERPRISE and entity is not None:
        errors["entity"] = ["只有企业用户可以绑定企业。"]
    if role == Role.ENTERPRISE and entity is None:
        errors["entity"] = ["企业用户须绑定一家企业（统一社会信用代码）。"]
    if entity is not None and region is None:
        region = entity.region
    if region is None and role in Role.values:
        errors["region"] = ["请选择所属区划。"]
    if entity is not None and region is not None and not entity.region.is_within(region):
        errors["entity"] = ["该企业不在所选区划内。"]
    if errors:
        raise ValidationError(errors)
    _check_in_scope(actor, region)
    generated = password is None
    if generated:
        password = generate_password()
    user = User(username=username, role=role, region=region, entity=entity, department=department,
                display_name=display_name or "")
    problems = check_password_policy(password, user)
    if problems:
        raise ValidationError({"password": problems})
    user.set_password(password)
    user.password_changed_at = clock.now()
    user.must_change_password = generated if must_change is None else must_change
    user.save()
    changelog.record(user=actor, action="create", obj=user, after=_snapshot(user), reason=reason)
    return user, password


def _update(actor, user: User, changes: dict, reason: str) -> User:
    if user.pk == getattr(actor, "pk", None) and changes.get("is_active") is False:
        raise PermissionDenied("不能停用自己的账号。")
    if actor is not None and not users_for(actor).filter(pk=user.pk).exists():
        raise PermissionDenied("该用户不在您的管辖范围内。")
    before = _snapshot(user)
    for key, value in changes.items():
        setattr(user, key, value)
    user.save(update_fields=list(changes))
    changelog.record(user=actor, action="update", obj=user, before=before, after=_snapshot(user), reason=reason)
    return user


@transaction.atomic
def unlock_user(actor, user: User, *, request=None, reason: str = "") -> User:
    _update(actor, user, {"locked_until": None, "failed_logins": 0}, reason or "管理员解锁")
    record_event(SecurityEvent.Kind.LOCKOUT, username=user.username,
                 user=user, request=request, detail=f"由 {getattr(actor, 'username', '系统')} 解锁")
    return user


@transaction.atomic
def set_active(actor, user: User, active: bool, *, reason: str = "") -> User:
    _update(actor, user, {"is_active": active}, reason or ("启用账号" if active else "停用账号"))
    if not active:  # enabling the account again does not bring its old tokens back
        tokens.revoke_all(user, tokens.REVOKED_INACTIVE, actor=actor)
    return user


@transaction.atomic
def reset_password(actor, user: User, *, request=None) -> str:
    """A new generated password the user must change at next login."""
    if actor is not None and not users_for(actor).filter(pk=user.pk).exists():
        raise PermissionDenied("该用户不在您的管辖范围内。")
    password = generate_password()
    user.set_password(password)
    user.password_changed_at = clock.now()
    before = _snapshot(user)
    user.must_change_password = True
    user.locked_until = None
    user.failed_logins = 0
    user.save()
    changelog.record(user=actor, action="update", obj=user, before=before, after=_snapshot(user),
                     reason="管理员重置密码")
    record_event(SecurityEvent.Kind.PASSWORD, username=user.username, user=user, request=request,
                 detail=f"由 {getattr(actor, 'username', '系统')} 重置")
    tokens.revoke_all(user, tokens.REVOKED_RESET, actor=actor)
    return password


def security_events_for(actor, params=None):
    qs = SecurityEvent.objects.select_related("user")
    if not may_administer(actor):
        return qs.none()
    params = params or {}
    if params.get("username"):
        qs = qs.filter(username=params["username"].strip())
    if params.get("kind") in SecurityEvent.Kind.values:
        qs = qs.filter(kind=params["kind"])
    for key, lookup in (("since", "time__date__gte"), ("until", "time__date__lte")):
        value = params.get(key)
        if value:
            try:
                qs = qs.filter(**{lookup: dt.date.fromisoformat(value)})
            except ValueError:
                qs = qs.none()
    return qs
