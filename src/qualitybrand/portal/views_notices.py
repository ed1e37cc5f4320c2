"""公示 on the portal: cultivation applications in their notice period today, each with an objection
form (→ `services_forms.file_objection`). Only what is on notice today is reachable: any other
application answers 404, and an objection posted after the period is refused with a Chinese message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from qualitybrand.core import clock
from qualitybrand.cultivation.models import Application, State

from . import services_forms, throttle
from .brands import current_version
from .forms import ObjectionForm, make_stamp
from .views_brands import rendered
from .views_complaint import guard, read_receipt, refusal, sign_receipt


def on_notice_today():
    today = clock.today()
    return (Application.objects.filter(state=State.NOTICE, notice_start__lte=today, notice_end__gte=today)
            .select_related("program", "entity", "region", "trademark").order_by("notice_end", "id"))


def _row(app: Application) -> dict:
    """Public fields only: program, entity, object, region, the period."""
    return {"id": app.pk, "program": app.program.name, "tier": app.program.level, "entity": app.entity.name,
            "object": app.object_label, "region": app.region.name, "year": app.year,
            "start": app.notice_start, "end": app.notice_end}


def notices(request):
    def build():
        rows = [_row(a) for a in on_notice_today()]
        return render(request, "portal/notices.html", {"rows": rows, "today": clock.today()})

    response = rendered(request, current_version(), build)
    response["Cache-Control"] = "public, max-age=60"
    return response


def _find(pk) -> Application | None:
    return Application.objects.select_related("program", "entity", "region", "trademark").filter(pk=pk).first()


def _was_on_notice(app: Application | None) -> bool:
    """On 公示 once (the period has started): its period may be named in a refusal."""
    return (app is not None and app.notice_start is not None and app.notice_end is not None
            and app.notice_start <= clock.today())


@never_cache
@csrf_protect
def notice(request, pk: int):
    app = _find(pk)
    if app is None or not services_forms.on_notice(app):
        if request.method == "POST" and _was_on_notice(app):
            return refusal(request, 400, "公示期已结束",
                           f"该项目的公示期已于 {app.notice_end:%Y年%-m月%-d日} 结束，不再受理异议，您提交的内容没有保存。"
                           "如有问题请直接联系认定机关。", back=reverse("portal:notices"))
        raise Http404("该公示不存在或已结束。")
    status = 200
    if request.method == "POST":
        refused = guard(request)
        if refused:
            return refused
        form = ObjectionForm(request.POST)
        bot = form.bot_problem()
        retry = form.retry_stamp() if bot else None
        if bot and retry is None:
            return refusal(request, 400, "提交未受理", bot)
        if bot:  # a person just quick or slow: the form back with what was typed, nothing stored
            form.is_valid()
            form.add_error(None, bot)
            return render(request, "portal/notice_detail.html", {"row": _row(app), "form": form, "stamp": retry},
                          status=400)
        if form.is_valid():
            try:
                obj = services_forms.file_objection(app, form.cleaned_data)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, messages in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, messages)
                else:
                    form.add_error(None, exc.messages)
            else:
                throttle.count(request, throttle.POST)
                return redirect(reverse("portal:objection_done") + "?r=" + sign_receipt(obj.receipt))
        stamp, status = request.POST.get("stamp", ""), 400
    else:
        form, stamp = ObjectionForm(), make_stamp()
    return render(request, "portal/notice_detail.html", {"row": _row(app), "form": form, "stamp": stamp},
                  status=status)


@never_cache
def objection_done(request):
    receipt = read_receipt(request.GET.get("r", ""))
    if receipt is None:
        return refusal(request, 404, "回执已失效", "回执链接已失效（超过 2 小时）或不完整。异议已提交的，办理部门会按您留下的联系方式答复。",
                       back=reverse("portal:notices"))
    return render(request, "portal/objection_done.html", {"receipt": receipt})
