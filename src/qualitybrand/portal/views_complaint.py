"""投诉举报 on the portal: the form (filed into the complaints workflow, channel 门户), the receipt page
and the status look-up (status only; nothing of the handling).

Refusals (nothing stored, a Chinese message): a body past `QB_PORTAL_MAX_BODY` (64 KB; Django and
core.middleware refuse past 10 MB before anything reads it), too many submissions from the address
(`throttle`), a filled honeypot or a form timestamp too young/too old (`forms.BotGuard`), markup or a
script in any field. CSRF stays on (a post without the token gets the Chinese 403 page)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from qualitybrand.complaints import services as complaints

from . import throttle
from .forms import ComplaintForm, StatusForm, make_stamp

MAX_BODY = 64 * 1024
RECEIPT_SALT = "qualitybrand.portal.receipt"
RECEIPT_SECONDS = 2 * 3600


def refusal(request, status: int, title: str, message: str, back: str = ""):
    return render(request, "portal/complaint_refused.html",
                  {"title": title, "message": message, "back": back or request.path}, status=status)


def guard(request, kind: str = throttle.POST):
    """The checks every portal post passes before its form is read: body size and the rate limit.
    Returns a refusal response, or None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > getattr(settings, "QB_PORTAL_MAX_BODY", MAX_BODY):
        return refusal(request, 413, "提交内容过大",
                       "提交的内容过大，没有受理。请只填写文字内容（不超过 2000 字），不要附加文件。")
    message = throttle.refused(request, kind)
    if message:
        return refusal(request, 429, "提交过于频繁", message)
    return None


def sign_receipt(value: str) -> str:
    return signing.dumps(value, salt=RECEIPT_SALT)


def read_receipt(token: str) -> str | None:
    try:
        return signing.loads(token or "", salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS)
    except signing.BadSignature:
        return None


@never_cache
@csrf_protect
def complaint(request):
    if request.method == "POST":
        refused = guard(request)
        if refused:
            return refused
        form = ComplaintForm(request.POST)
        bot = form.bot_problem()
        retry = form.retry_stamp() if bot else None
        if bot and retry is None:
            return refusal(request, 400, "提交未受理", bot)
        if bot:  # a person just quick or slow: the form back with what was typed, nothing stored
            form.is_valid()
            form.add_error(None, bot)
            return render(request, "portal/complaint.html", {"form": form, "stamp": retry}, status=400)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in {"website", "stamp"}}
            try:
                c = complaints.file_complaint(data, user=None, channel="门户")
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                throttle.count(request, throttle.POST)
                return redirect(reverse("portal:complaint_done") + "?r=" + sign_receipt(c.number))
        return render(request, "portal/complaint.html", {"form": form, "stamp": request.POST.get("stamp", "")},
                      status=400)
    return render(request, "portal/complaint.html", {"form": ComplaintForm(), "stamp": make_stamp()})


@never_cache
def complaint_done(request):
    number = read_receipt(request.GET.get("r", ""))
    if number is None:
        return refusal(request, 404, "回执已失效", "回执链接已失效（超过 2 小时）或不完整。请凭登记编号和联系电话后 4 位查询办理状态。",
                       back=reverse("portal:complaint_status"))
    return render(request, "portal/complaint_done.html", {"number": number})


@never_cache
@csrf_protect
def complaint_status(request):
    result, asked = None, False
    if request.method == "POST":
        refused = guard(request, throttle.LOOKUP)
        if refused:
            return refused
        form = StatusForm(request.POST)
        if form.is_valid():
            throttle.count(request, throttle.LOOKUP)
            asked = True
            found = complaints.lookup_status(form.cleaned_data["number"], form.cleaned_data["phone_tail"])
            if found:  # status only: nothing of the handling (no result, no comment)
                result = {k: found[k] for k in ("number", "category", "registered", "status", "closed", "office")}
    else:
        form = StatusForm()
    return render(request, "portal/complaint_status.html", {"form": form, "result": result, "asked": asked},
                  status=400 if request.method == "POST" and not form.is_valid() else 200)
