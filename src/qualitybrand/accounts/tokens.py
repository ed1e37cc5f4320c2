"""API tokens: issued, checked and revoked here (the only writer of `ApiToken`).

The database keeps only the SHA-256 of a token. The token itself is an HMAC of a random salt under
SECRET_KEY, so `api_token NAME` (contract: prints the user's token, creating it once) can print the
same token again on the server, while a copy of the database alone gives nothing to call the API with.
A token ends `QB_API_TOKEN_DAYS` after it was issued, and is revoked when the password is changed or
reset and when the account is deactivated; `check` then says which of these happened, in Chinese.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qualitybrand.accounts.models import ApiToken, SecurityEvent, User
from qualitybrand.core import changelog, clock

REVOKED_PASSWORD = "密码已修改"
REVOKED_RESET = "管理员重置了密码"
REVOKED_INACTIVE = "账号已停用"
# Fields of a token the change log may show (never the hash or the salt).
AUDIT_FIELDS = ["user", "created_at", "expires_at", "revoked_at", "revoked_reason"]
RENEW = "请联系管理员用 qualitybrand api_token {name} 重新签发。"


class TokenRefused(Exception):
    """A token that does not authenticate; the message says why, in Chinese."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _derive(user_id: int, salt: str) -> str:
    mac = hmac.new(settings.SECRET_KEY.encode(), f"qb-api-token:{user_id}:{salt}".encode(), hashlib.sha256)
    return mac.hexdigest()[:40]


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _record(token: ApiToken, action: str, before: dict | None, detail: str, actor=None) -> None:
    changelog.record(user=actor, action=action, obj=token, before=before,
                     after=changelog.snapshot(token, AUDIT_FIELDS), reason=detail)
    SecurityEvent.objects.create(kind=SecurityEvent.Kind.TOKEN, username=token.user.username,
                                 user=token.user, detail=detail)


def _usable(token: ApiToken, now: dt.datetime) -> bool:
    user = token.user
    return (token.revoked_at is None and token.expires_at > now
            and not (user.password_changed_at and user.password_changed_at > token.created_at))


@transaction.atomic
def issue_or_show(user: User) -> str:
    """The text of the user's current token; a new one when it has none in force (first call,
    expired, revoked, or the secret key changed since). Raises TokenRefused for an inactive user."""
    if not user.is_active:
        raise TokenRefused(f"用户“{user.username}”已停用，不能签发令牌。")
    now = clock.now()
    User.objects.select_for_update().filter(pk=user.pk).first()  # one issuer at a time per user
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True).select_related("user"):
        key = _derive(user.pk, token.salt)
        if token.salt and _usable(token, now) and hmac.compare_digest(digest(key), token.key_hash):
            return key
    # None in force that can be printed (none yet, expired, revoked, a token from before hashing, or
    # SECRET_KEY changed since): a new one. Others still in force keep working until they end.
    salt = secrets.token_hex(16)
    key = _derive(user.pk, salt)
    days = settings.QB_API_TOKEN_DAYS
    token = ApiToken.objects.create(user=user, key_hash=digest(key), salt=salt, created_at=now,
                                    expires_at=now + dt.timedelta(days=days))
    _record(token, "create", None, f"签发 API 令牌，有效期 {days} 天")
    return key


def _revoke(token: ApiToken, now: dt.datetime, reason: str, actor=None) -> None:
    before = changelog.snapshot(token, AUDIT_FIELDS)
    token.revoked_at = now
    token.revoked_reason = reason
    token.save(update_fields=["revoked_at", "revoked_reason"])
    _record(token, "update", before, f"API 令牌作废：{reason}", actor)


@transaction.atomic
def revoke_all(user: User, reason: str, *, actor=None) -> int:
    """End every token of the user still in force; returns how many."""
    now = clock.now()
    tokens = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
                  .select_related("user"))
    for token in tokens:
        _revoke(token, now, reason, actor)
    return len(tokens)


def check(key: str) -> tuple[User, ApiToken]:
    """The user a token authenticates, or TokenRefused saying why not."""
    token = ApiToken.objects.select_related("user").filter(key_hash=digest(key)).first()
    if token is None:
        raise TokenRefused("令牌无效：未找到该令牌，请检查 Authorization: Token 后的令牌是否完整。")
    user = token.user
    renew = RENEW.format(name=user.username)
    if not user.is_active:
        raise TokenRefused(f"令牌已作废：账号已停用。{renew}")
    if token.revoked_at is not None:
        raise TokenRefused(f"令牌已于 {_local(token.revoked_at)} 作废（{token.revoked_reason}）。{renew}")
    if user.password_changed_at and user.password_changed_at > token.created_at:
        # a password set by any path (a command, the admin) ends the tokens issued before it
        raise TokenRefused(f"令牌已作废：签发后账号密码已修改（{_local(user.password_changed_at)}）。{renew}")
    if token.expires_at <= clock.now():
        raise TokenRefused(f"令牌已于 {_local(token.expires_at)} 过期。{renew}")
    return user, token
