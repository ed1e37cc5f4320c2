"""Users, their role and region, and the security log of logins."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from qualitybrand.core.roles import Role


class User(AbstractUser):
    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="users", verbose_name="所属区划")
    entity = models.ForeignKey("registry.Entity", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="users", verbose_name="所属企业")
    department = models.ForeignKey("core.Department", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="users", verbose_name="所属部门")
    display_name = models.CharField("姓名", max_length=50, blank=True)
    must_change_password = models.BooleanField("首次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField(null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Remembered selection of the page shell (region code and year), limited to the scope.
    selected_region = models.CharField(max_length=12, blank=True)
    selected_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label if self.role in Role.values else ("系统管理员" if self.is_superuser else "")


class SecurityEvent(models.Model):
    """Every login, failure, lockout, logout and password change (等保 2.0 audit)."""

    class Kind(models.TextChoices):
        LOGIN = "login", "登录成功"
        FAILURE = "failure", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        LOGOUT = "logout", "退出登录"
        TIMEOUT = "timeout", "会话超时"
        PASSWORD = "password", "修改密码"
        TOKEN = "token", "API 令牌"

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        from django.utils import timezone

        when = f"（{timezone.localtime(self.time):%Y-%m-%d %H:%M}）" if self.time else ""
        return f"{self.get_kind_display()}：{self.username}{when}"


class ApiToken(models.Model):
    """An API token, kept as the SHA-256 of its text only: a copy of the database cannot call the
    API. `salt` lets `api_token NAME` print the same token again, but only where the secret key is
    (the text is an HMAC of the salt under SECRET_KEY). A token ends at `expires_at`, or when it is
    revoked (password changed or reset, account deactivated); the row stays so that the API can say
    which of these happened."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name="用户")
    key_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    salt = models.CharField(max_length=32)
    created_at = models.DateTimeField("签发时间")
    expires_at = models.DateTimeField("到期时间")
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    revoked_reason = models.CharField("作废原因", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        ordering = ["-id"]

    @property
    def region(self):
        """The user's region: whoever may see the user's changes sees the token's."""
        return self.user.region

    def __str__(self) -> str:
        return f"{self.user} 的 API 令牌（{self.created_at:%Y-%m-%d}）"
