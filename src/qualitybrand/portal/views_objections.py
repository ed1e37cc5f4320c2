"""The office's objection pages (/portal/manage/objections/): the objections filed on 公示 from the
portal, for the city office and the county offices, each scoped by the objection's region
(`Objection.objects.for_user`); the handling (reply, state 已处理) through services_forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qualitybrand.core.paging import get_page
from qualitybrand.core.roles import CHANGE, VIEW, Role
from qualitybrand.core.scoping import has_scoped_role
from qualitybrand.core.selectors import history_for

from . import services_forms
from .forms import ReplyForm
from .models import Objection, ObjectionState

ROLES = {Role.CITY_ADMIN, Role.COUNTY}


def _ensure_office(user) -> None:
    if not (user.is_superuser or has_scoped_role(user, ROLES)):
        raise PermissionDenied("公示异议由市、县区管理部门处理，您的角色不能查看。")


def _scoped(user, action=VIEW):
    return Objection.objects.for_user(user, action).select_related("region", "handled_by")


@login_required
def objections(request):
    _ensure_office(request.user)
    qs = _scoped(request.user)
    state = request.GET.get("state", "")
    if state in dict(ObjectionState.choices):
        qs = qs.filter(state=state)
    page = get_page(Paginator(qs, 20), request.GET.get("page"))
    return render(request, "portal/objections.html", {"page": page, "state": state,
                                                      "states": ObjectionState.choices, "total": qs.count()})


@login_required
def objection(request, pk: int, form: ReplyForm | None = None):
    _ensure_office(request.user)
    obj = get_object_or_404(_scoped(request.user), pk=pk)
    may_change = _scoped(request.user, CHANGE).filter(pk=obj.pk).exists()
    return render(request, "portal/objection_detail.html", {
        "o": obj, "form": form or ReplyForm(initial={"reply": obj.reply}), "may_change": may_change,
        "tab": request.GET.get("tab", ""), "history": history_for(obj)},
        status=400 if form is not None else 200)


@login_required
@require_POST
def objection_handle(request, pk: int):
    _ensure_office(request.user)
    obj = get_object_or_404(_scoped(request.user), pk=pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return objection(request, pk, form=form)
    try:
        services_forms.handle_objection(request.user, obj, form.cleaned_data["reply"])
    except ValidationError as exc:
        form.add_error("reply", exc.messages)
        return objection(request, pk, form=form)
    messages.success(request, f"异议 {obj.receipt} 已处理，处理结果已记录。")
    return redirect("portal:objection", pk=obj.pk)
