"""Pages of the inbox (预警): the user's warnings `/alerts/` with 已处理 and export, the digest
`/alerts/digest/`, and the dashboard's panel `/alerts/panel/` (loaded by htmx, so indicators never
imports alerts). Reads come from `alerts.inbox` / `alerts.digest`, writes from `alerts.handling`."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.alerts import inbox
from qualitybrand.alerts.engine import LEVELS
from qualitybrand.core import clock, exports
from qualitybrand.core.paging import get_page
from qualitybrand.core.scoping import regions_in_scope

PAGE_SIZE = 100
FILTER_KEYS = ("rule", "level", "region", "handled")


def _filters(request) -> tuple[inbox.Filters, list[str], dict]:
    """The page's filters from the query string; a bad value is named in a message and ignored."""
    params = request.GET
    problems: list[str] = []
    names = inbox.rule_names()
    found = inbox.Filters(show_handled=params.get("handled") == "1")
    rule = params.get("rule", "").strip()
    if rule:
        if rule in names:
            found.rule = rule
        else:
            problems.append(f"没有代码为“{rule[:60]}”的预警规则，已显示全部规则。")
    level = params.get("level", "").strip()
    if level:
        if level in LEVELS:
            found.level = level
        else:
            problems.append(f"级别“{level[:20]}”无法识别：应为 紧急、预警 或 提示，已显示全部级别。")
    code = params.get("region", "").strip()
    if code and inbox.is_office(request.user):
        region = regions_in_scope(request.user).filter(code=code).first()
        if region is None:
            problems.append(f"区划 {code[:20]} 不存在或不在您的管辖范围内，已显示全部区划。")
        else:
            found.region = region
    return found, problems, names


def _query(request, **changes) -> str:
    params = {k: request.GET.get(k, "") for k in FILTER_KEYS}
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _export_columns():
    return [
        exports.Column("级别", lambda r: r.alert.level, "text"),
        exports.Column("预警规则", "rule_name", "text"),
        exports.Column("对象类型", lambda r: r.alert.object_type, "text"),
        exports.Column("对象", lambda r: r.alert.label or r.alert.key, "text"),
        exports.Column("对象键", lambda r: r.alert.key, "text"),
        exports.Column("区划代码", lambda r: r.alert.region_code, "text"),
        exports.Column("到期日期", lambda r: r.alert.due, "date"),
        exports.Column("剩余天数", "days_left", "int"),
        exports.Column("说明", lambda r: r.alert.message, "text"),
        exports.Column("状态", lambda r: "已处理" if r.handled else "待处理", "text"),
        exports.Column("处理说明", "note", "text"),
    ]


@login_required
def inbox_page(request):
    filters, problems, names = _filters(request)
    today = clock.today()
    rows = inbox.rows_for(request.user, filters, today)
    fmt = exports.export_format(request)
    if fmt:
        shown = [("预警规则", names.get(filters.rule, filters.rule)) if filters.rule else None,
                 ("级别", filters.level) if filters.level else None,
                 ("区划", filters.region.name) if filters.region is not None else None,
                 ("显示已处理", "是") if filters.show_handled else None]
        return exports.export_response(fmt, "预警", _export_columns(), rows,
                                       filters=[f for f in shown if f],
                                       place=exports.place_of(request.user, filters.region))
    for text in problems:
        messages.warning(request, text)
    page = get_page(Paginator(rows, PAGE_SIZE), request.GET.get("page"))
    reminders = {}
    if getattr(request.user, "role", "") == "enterprise":
        from qualitybrand.alerts.reminder import for_alerts

        reminders = {(r.alert.rule, r.alert.key): r for r in for_alerts(request.user, [r.alert for r in page])}
    for row in page:
        row.reminder = reminders.get((row.alert.rule, row.alert.key))
    counts = dict.fromkeys(LEVELS, 0)
    for row in rows:
        counts[row.alert.level] += 1
    rule_choices = sorted(names.items())
    return render(request, "alerts/inbox.html", {
        "groups": inbox.grouped(list(page.object_list)), "page": page, "total": len(rows),
        "level_counts": [(level, counts[level], inbox.LEVEL_TONES[level]) for level in reversed(LEVELS)],
        "filters": filters, "levels": list(reversed(LEVELS)), "rules": rule_choices,
        "regions": (regions_in_scope(request.user).exclude(kind="乡镇街道").order_by("path")[:300]
                    if inbox.is_office(request.user) else []),
        "office": inbox.is_office(request.user), "today": today,
        "query": _query(request), "export_xlsx": _query(request, export="xlsx"),
        "export_csv": _query(request, export="csv"),
        "handled_toggle": _query(request, handled="" if filters.show_handled else "1", page=""),
    })


@login_required
@require_POST
def handle(request):
    """已处理 for one row (`ids` one value) or the selected rows, with the note; back to the same list."""
    from qualitybrand.alerts.handling import acknowledge, parse_idents

    back = request.POST.get("back", "")
    back = back if back.startswith("?") and "\n" not in back and "\r" not in back else ""
    pairs = parse_idents(request.POST.getlist("ids"))
    try:
        done = acknowledge(request.user, pairs, request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已将 {done} 条预警标记为已处理。级别升高时会重新出现在您的预警列表中。")
    return redirect("/alerts/" + back)


@login_required
@require_POST
def handle_one(request, rule: str, key: str):
    """已处理 for one warning with its note. A warning that is not in the user's inbox (another user's, an
    unknown one, one that has just stopped firing) is answered 404 like any record outside one's scope."""
    from qualitybrand.alerts.handling import acknowledge
    from qualitybrand.alerts.inbox import user_alerts

    if not any(a.rule == rule and a.key == key for a in user_alerts(request.user)):
        raise Http404("该预警不在您的预警列表中。")
    back = request.POST.get("back", "")
    back = back if back.startswith("?") and "\n" not in back and "\r" not in back else ""
    try:
        acknowledge(request.user, [(rule, key)], request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已标记为已处理。级别升高时会重新出现在您的预警列表中。")
    return redirect("/alerts/" + back)


def _parse_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


@login_required
def digest_page(request):
    from qualitybrand.alerts.digest import news, smtp_enabled
    from qualitybrand.alerts.models import DigestRecord

    mine = DigestRecord.objects.filter(user=request.user)
    days = list(mine.order_by("-day").values_list("day", flat=True)[:60])
    record = None
    raw = request.GET.get("day", "")
    if raw:
        day = _parse_day(raw)
        if day is None:
            messages.warning(request, f"日期“{raw[:20]}”无法识别：应为 YYYY-MM-DD，例如 2014-07-10。已显示最近一期。")
        else:
            record = mine.filter(day=day).first()
            if record is None:
                messages.info(request, f"{day:%Y-%m-%d} 没有您的预警摘要，已显示最近一期。")
    if record is None:
        record = mine.order_by("-day").first()
    items = news(record) if record else []
    if record is None or record.emailed or not items:
        unsent = ""
    elif not smtp_enabled():
        unsent = "未发送邮件：系统未配置邮件服务，摘要仅在本页显示。"
    elif not request.user.email:
        unsent = "未发送邮件：您的账号没有填写电子邮箱，请联系管理员补充。"
    else:
        unsent = "邮件发送失败，下次运行时自动重试。"
    return render(request, "alerts/digest.html", {
        "unsent": unsent,
        "record": record, "items": items, "days": days,
        "others": len(record.items or []) - len(items) if record else 0,
        "tones": inbox.LEVEL_TONES,
    })


@login_required
def panel(request):
    """The dashboard's warning counts by rule and level for `?region=` (the user's warnings when it owns
    some, else every warning of the region), each linking to the inbox filtered by rule."""
    code = request.GET.get("region", "").strip()
    regions = regions_in_scope(request.user)
    region = regions.filter(code=code).first() if code else (
        request.user.region if getattr(request.user, "region_id", None) else None)
    if region is None:
        return HttpResponse('<p class="muted">区划不存在或不在您的管辖范围内，无法显示预警。</p>' if code else "")
    rows = inbox.panel_rows(request.user, region, clock.today())
    return render(request, "alerts/_panel.html", {"rows": rows, "region": region,
                                                  "office": inbox.is_office(request.user)})
