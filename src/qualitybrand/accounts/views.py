"""Login, logout, password change, the security log and user administration."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from qualitybrand.accounts import services
from qualitybrand.accounts.forms import LoginForm, PasswordChangeForm, UserCreateForm
from qualitybrand.accounts.middleware import SESSION_SEEN, SESSION_START
from qualitybrand.accounts.models import SecurityEvent
from qualitybrand.core import exports
from qualitybrand.core.paging import get_page


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return target
    return fallback


def _demo_accounts():
    if not settings.QB_DEMO:
        return None
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    return {"accounts": DEMO_ACCOUNTS, "password": DEMO_PASSWORD}


@never_cache
@csrf_protect
def login_view(request):
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        result = services.attempt_login(request, form.cleaned_data["username"], form.cleaned_data["password"])
        if result.user is not None:
            previous = result.user.last_login
            login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
            request.session.cycle_key()
            now = time.time()
            request.session[SESSION_START] = now
            request.session[SESSION_SEEN] = now
            request.session["qb_previous_login"] = previous.isoformat() if previous else ""
            if result.password_expired:
                messages.warning(request, "您的密码已过期，请先修改密码。")
            return redirect(_safe_next(request))
        error = result.error
    elif request.method == "POST":
        error = "请填写用户名和密码。"
    notice = "您长时间未操作或会话已到期，已自动退出，请重新登录。" if request.GET.get("timeout") else ""
    return render(request, "accounts/login.html", {
        "form": form, "error": error, "notice": notice, "demo": _demo_accounts(),
        "next": _safe_next(request, ""),
        "lockout_attempts": settings.QB_LOCKOUT_ATTEMPTS, "lockout_minutes": settings.QB_LOCKOUT_MINUTES,
    })


def logout_view(request):
    if request.method != "POST":
        return redirect("core:home" if request.user.is_authenticated else "accounts:login")
    if request.user.is_authenticated:
        services.record_event(SecurityEvent.Kind.LOGOUT, username=request.user.username, user=request.user,
                              request=request)
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, form.cleaned_data["new_password1"], request=request,
                                     old_password=form.cleaned_data["old_password"])
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {"form": form})


def _require_admin(request):
    if not services.may_administer(request.user):
        raise PermissionDenied("只有市级管理员可以访问此页面。")


def _page(request, qs, default_size: int = 20):
    try:
        size = int(request.GET.get("page_size", default_size))
    except ValueError:
        size = default_size
    size = size if size in (20, 50, 100) else default_size
    return get_page(Paginator(qs, size), request.GET.get("page"))


@login_required
def security_log(request):
    _require_admin(request)
    events = services.security_events_for(request.user, request.GET)
    fmt = exports.export_format(request)
    if fmt:
        filters = exports.described(request.GET, {"username": "用户名", "kind": "事件", "since": "起始日期",
                                                  "until": "截止日期"}, {"kind": dict(SecurityEvent.Kind.choices)})
        return exports.export_response(fmt, "安全日志", SECURITY_LOG_COLUMNS, events, filters=filters,
                                       place=exports.place_of(request.user))
    return render(request, "accounts/security_log.html", {
        "page": _page(request, events), "kinds": SecurityEvent.Kind.choices, "filters": request.GET,
    })


def _user_status(u, now) -> str:
    if not u.is_active:
        return "已停用"
    if u.locked_until and u.locked_until > now:
        return "已锁定"
    return "待改密" if u.must_change_password else "正常"


def user_columns(now) -> list[exports.Column]:
    """The user list as shown: names beside codes (区划, 部门/企业 and its credit code)."""
    return [
        exports.Column("用户名", "username", "text"), exports.Column("姓名", "display_name", "text"),
        exports.Column("角色", "role_label", "text"), exports.Column("所属区划", "region.name", "text"),
        exports.Column("区划代码", "region.code", "text"),
        exports.Column("所属部门/企业", lambda u: u.department.name if u.department_id else
                       u.entity.name if u.entity_id else None, "text"),
        exports.Column("企业统一社会信用代码", lambda u: u.entity.uscc if u.entity_id else None, "text"),
        exports.Column("状态", lambda u: _user_status(u, now), "text"),
        exports.Column("上次登录", "last_login", "datetime"),
    ]


SECURITY_LOG_COLUMNS = [
    exports.Column("用户名", "username", "text"), exports.Column("时间", "time", "datetime"),
    exports.Column("事件", lambda e: e.get_kind_display(), "text"), exports.Column("IP 地址", "ip", "text"),
    exports.Column("说明", "detail", "text"), exports.Column("浏览器", "user_agent", "text", width=50),
]


@login_required
def user_list(request):
    _require_admin(request)
    qs = services.users_for(request.user).order_by("region__path", "username")
    q = request.GET.get("q", "").strip()
    if q:
        from django.db.models import Q

        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    from qualitybrand.core import clock

    fmt = exports.export_format(request)
    if fmt:
        return exports.export_response(fmt, "用户管理", user_columns(clock.now()), qs,
                                       filters=[("用户名或姓名", q)] if q else [], place=exports.place_of(request.user))
    return render(request, "accounts/user_list.html", {"page": _page(request, qs), "q": q,
                                                       "now_ts": clock.now()})


def _admin_regions(user):
    from qualitybrand.core.selection import scope_regions

    return scope_regions(user).exclude(kind="乡镇街道")


@login_required
def user_create(request):
    _require_admin(request)
    form = UserCreateForm(request.POST or None, regions=_admin_regions(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entity = None
        uscc = (data.get("entity_uscc") or "").strip().upper()
        if uscc:
            from qualitybrand.accounts.entities import entity_model

            entity = entity_model().objects.for_user(request.user).filter(uscc=uscc).first()
            if entity is None:
                form.add_error("entity_uscc", f"未在本辖区找到统一社会信用代码为 {uscc} 的市场主体。")
        if form.is_valid():
            try:
                user, password = services.create_user(
                    request.user, username=data["username"], role=data["role"], region=data["region"],
                    entity=entity, department=data.get("department"), display_name=data.get("display_name", ""),
                )
            except ValidationError as exc:
                for field, problems in exc.message_dict.items():
                    target = {"entity": "entity_uscc", "password": None}.get(field, field)
                    for problem in problems:
                        form.add_error(target if target in form.fields else None, problem)
            else:
                return render(request, "accounts/user_created.html", {"new_user": user, "password": password})
    return render(request, "accounts/user_form.html", {"form": form})


def _managed_user(request, pk):
    _require_admin(request)
    return get_object_or_404(services.users_for(request.user), pk=pk)


@login_required
@require_POST
def user_unlock(request, pk):
    user = _managed_user(request, pk)
    services.unlock_user(request.user, user, request=request)
    messages.success(request, f"已解锁账号 {user.username}。")
    return redirect("accounts:users")


@login_required
@require_POST
def user_active(request, pk):
    user = _managed_user(request, pk)
    active = request.POST.get("active") == "1"
    services.set_active(request.user, user, active)
    messages.success(request, f"已{'启用' if active else '停用'}账号 {user.username}。")
    return redirect("accounts:users")


@login_required
@require_POST
def user_reset_password(request, pk):
    user = _managed_user(request, pk)
    password = services.reset_password(request.user, user, request=request)
    return render(request, "accounts/user_created.html", {"new_user": user, "password": password, "reset": True})



