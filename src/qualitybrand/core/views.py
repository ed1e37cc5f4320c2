"""Pages of the shell: 工作台, region/year selection, 待办, the change log, and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qualitybrand.core import exports, selectors
from qualitybrand.core.navigation import menu_for
from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import Role

SHORTCUTS = {
    Role.CITY_ADMIN: ["/reports/dashboard/", "/ledgers/", "/planning/", "/cultivation/", "/reports/", "/accounts/users/"],
    Role.COUNTY: ["/ledgers/", "/registry/entities/", "/registry/trademarks/", "/planning/", "/cultivation/",
                  "/reports/dashboard/"],
    Role.DEPARTMENT: ["/indicators/values/", "/ledgers/", "/reports/dashboard/", "/planning/"],  # 填报 is its work
    Role.ENTERPRISE: ["/cultivation/", "/registry/entities/", "/registry/trademarks/", "/supervision/blacklist/"],
    Role.EXPERT: ["/cultivation/"],
    Role.LEADER: ["/reports/dashboard/", "/reports/", "/planning/", "/changelog/"],
}


@login_required
def home(request):
    from qualitybrand.core.landing import landing_url
    from qualitybrand.core.templatetags.shell import _resolves

    if landing := landing_url(request.user):  # an expert, enterprise, county or leader starts on its own page
        return redirect(landing)
    labels = {url: label for _, items in menu_for(request.user) for label, url in items}
    wanted = SHORTCUTS.get(request.user.role, [url for url in labels][:6])
    shortcuts = [{"url": url, "label": labels[url], "ready": _resolves(url)} for url in wanted if url in labels]
    previous = request.session.get("qb_previous_login") or None
    if previous:
        import datetime as dt

        previous = dt.datetime.fromisoformat(previous)
    from qualitybrand.core.first_steps import steps_for

    steps = steps_for(request.user)
    return render(request, "core/home.html", {"shortcuts": shortcuts, "previous_login": previous,
                                              "first_steps": steps,
                                              "first_steps_left": sum(not s.done for s in steps or [])})


@login_required
@require_POST
def select(request):
    """Remember the region and year of the top bar. A region outside the user's scope is refused."""
    from qualitybrand.core.selection import select as remember

    if not remember(request.user, region_code=request.POST.get("region"), year=request.POST.get("year")):
        raise PermissionDenied("所选区划或年度不在您的权限范围内。")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect(target)


@login_required
def inbox(request):
    from qualitybrand.core.inbox import items_for, messages_for

    return render(request, "core/inbox.html", {"items": items_for(request.user),
                                               "unread": messages_for(request.user)})


@login_required
def change_log(request):
    if not selectors.may_read_change_log(request.user):
        raise PermissionDenied("您没有查看变更记录的权限。")
    params, problems = selectors.clean_change_log_params(request.GET)
    qs = selectors.change_log_for_user(request.user, params)
    fmt = exports.export_format(request)
    if fmt and not problems:
        return change_log_export(request, fmt, qs)
    try:
        size = int(request.GET.get("page_size", 20))
    except ValueError:
        size = 20
    size = size if size in (20, 50, 100) else 20
    page = get_page(Paginator(qs, size), request.GET.get("page"))
    entries = selectors.with_readable_changes(page.object_list)
    return render(request, "core/change_log.html", {
        "page": page, "entries": entries, "filters": request.GET, "problems": problems,
        "models": selectors.change_log_models(), "regions": selectors.change_log_regions(request.user),
        "page_size": size,
    })


def _plain(value) -> str:
    """A formatted value as text for a spreadsheet cell: a nested table (HTML on the page) becomes
    `key value；key value`."""
    import html
    import re

    from django.utils.html import strip_tags

    text = str(value)
    if "<" not in text:
        return text
    text = re.sub(r"</t[dh]>\s*<t[dh][^>]*>", " ", text)
    text = re.sub(r"</tr>", "；", text)
    return html.unescape(strip_tags(text)).strip("；")


def _changes_text(entry) -> str:
    """The changed fields as one line of text, as the page lists them (plain values)."""
    parts = []
    for row in entry.changes:
        if entry.before and entry.after:
            parts.append(f"{row['field']}：{_plain(row['before'])} → {_plain(row['after'])}")
        else:
            parts.append(f"{row['field']}：{_plain(row['after'] if entry.after else row['before'])}")
    return "；".join(parts)


CHANGE_LOG_COLUMNS = [
    exports.Column("对象", lambda e: e.object_name or e.object_id, "text"),
    exports.Column("对象编号", "object_id", "text"), exports.Column("对象类型", "model_name", "text"),
    exports.Column("操作", lambda e: e.get_action_display(), "text"),
    exports.Column("时间", "time", "datetime"), exports.Column("用户", lambda e: e.username or "系统", "text"),
    exports.Column("导入批次", "import_batch_id", "int"), exports.Column("变更内容", _changes_text, "text", width=60),
    exports.Column("原因", "reason", "text"),
]


def change_log_export(request, fmt: str, qs):
    from qualitybrand.core.filtering import find_region

    params = request.GET
    models = dict(selectors.change_log_models())
    filters = exports.described(params, {"user": "用户", "model": "对象类型", "object_id": "对象编号",
                                         "region": "区划", "import_batch": "导入批次", "since": "起始日期",
                                         "until": "截止日期"}, {"model": models})
    region = find_region(params.get("region")) if params.get("region") else None
    # Field names and referenced records are read once per chunk of entries, never per entry.
    rows = exports.in_chunks(qs, selectors.with_readable_changes, size=1000)
    return exports.export_response(fmt, "变更记录", CHANGE_LOG_COLUMNS, rows, filters=filters,
                                   place=exports.place_of(request.user, region))


# --- error pages: never say whether an object exists elsewhere ----------------------------

def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def _error(request, status: int, title: str, message: str):
    if _wants_json(request):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, f"errors/{status}.html", {"title": title, "message": message}, status=status)


def permission_denied(request, exception=None):
    message = str(exception or "")
    if not any("\u4e00" <= ch <= "\u9fff" for ch in message):
        message = "您没有访问此页面或执行此操作的权限。如需开通，请联系市级管理员。"
    return _error(request, 403, "无权访问", message)


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在",
                  "您访问的页面或数据不存在，或不在您的管辖范围内。请检查地址，或从左侧菜单进入。")


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "系统内部错误，已记录。请稍后重试或联系系统管理员。"}, status=500,
                            json_dumps_params={"ensure_ascii": False})
    # A plain template without context processors: the error may lie in the database.
    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def nul_refused(request):
    return _error(request, 400, "请求有误", "地址或查询参数中含有不允许的控制字符（NUL，%00），请检查后重试。")


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return _error(request, 413, "提交内容过大",
                      "提交的内容超过了允许的大小。请减小文件或分批提交；大批量数据请使用台账导入功能。")
    return _error(request, 400, "请求有误", "请求无法处理：内容不完整或格式不正确。请返回上一页检查后重试。")


def csrf_failure(request, reason=""):
    return _error(request, 403, "页面已过期",
                  "页面已过期或来源无法验证（CSRF 校验失败），您提交的内容没有保存。请刷新页面后重新提交。")


def too_many_requests(request, exception=None):
    return _error(request, 429, "请求过于频繁", "请求过于频繁，请稍后再试。")


def method_not_allowed(request, allowed: str = ""):
    """A page for a GET of an address that only takes a submitted form (core/not_allowed.py)."""
    from qualitybrand.core.not_allowed import parent_page

    return render(request, "errors/405.html", {
        "title": "此地址不能直接打开",
        "message": "这个地址用于提交表单（例如“提交”“撤销”“确认”等按钮），不能在地址栏直接打开或刷新。"
                   "请回到所属页面，在页面上点击相应按钮完成操作。",
        "back": parent_page(request),
    }, status=405)
