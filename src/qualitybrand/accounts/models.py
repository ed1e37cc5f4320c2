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

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
