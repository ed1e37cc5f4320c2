"""The edit and delete pages of a `RecordPage` (core/listing.py): form controls from the API serializer,
values from a record or the POST, and the write through the same change-logged services as the API."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.shortcuts import redirect, render
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers

from qualitybrand.core.listing import LIST_SEPARATORS, RecordPage, field_label, model_label, region_options
from qualitybrand.core.resources import (
    RegionField,
    ScopedSlugField,
    may_write,
    write_create,
    write_delete,
    write_update,
)

# --- forms ----------------------------------------------------------------------------------

def form_controls(page: RecordPage, serializer, request, values: dict, errors: dict) -> list[dict]:
    controls = []
    for name, sfield in serializer.fields.items():
        if sfield.read_only:
            continue
        value = values.get(name, "")
        control = {"name": name, "label": field_label(page, name, sfield), "required": sfield.required,
                   "value": value, "error": " ".join(str(e) for e in _as_list(errors.get(name))), "type": "text",
                   "hint": ""}
        reference = sfield if isinstance(sfield, ScopedSlugField | RegionField) else getattr(
            sfield, "child_relation", None)
        if isinstance(reference, ScopedSlugField | RegionField):
            # the field's name as the label; what to type (“注册人统一社会信用代码”) as the hint under it
            control["label"] = model_label(page.model, getattr(sfield, "source", name) or name) or control["label"]
            control["hint"] = str(reference.help_text or "")
        if isinstance(sfield, RegionField):
            control.update(type="select", options=region_options(request.user, str(value)), hint="")
        elif isinstance(sfield, ScopedSlugField) and not hasattr(sfield.scoped_model._default_manager, "for_user"):
            # configuration data (programs): a short list to choose from
            objs = sfield.scoped_model._default_manager.all()[:300]
            control.update(type="select", hint="", options=[
                {"value": getattr(o, sfield.slug_field), "label": str(o),
                 "selected": str(value) == str(getattr(o, sfield.slug_field))} for o in objs])
        elif isinstance(sfield, serializers.ManyRelatedField | serializers.ListField):
            control.update(hint="；".join(h for h in (control["hint"], "多个值用逗号分隔") if h))
        elif isinstance(sfield, serializers.BooleanField):
            control.update(type="select", options=[{"value": v, "label": v, "selected": str(value) == v}
                                                   for v in ("是", "否")])
        elif isinstance(sfield, serializers.ChoiceField):
            control.update(type="select", options=[{"value": str(v), "label": str(v), "selected": str(value) == str(v)}
                                                   for v in sfield.choices])
        elif isinstance(sfield, serializers.DateField):
            control.update(type="date")
        elif isinstance(sfield, serializers.IntegerField):
            control.update(type="number")
        elif isinstance(sfield, serializers.DecimalField):
            control.update(hint="单位：万元")
        elif isinstance(sfield, serializers.CharField):
            try:
                if page.model._meta.get_field(name).get_internal_type() == "TextField":
                    control["type"] = "textarea"
            except Exception:  # noqa: BLE001
                pass
        controls.append(control)
    return controls


def model_defaults(model) -> dict:
    """A new form starts from the model's defaults (普通商标, 职务发明 是 …)."""
    out = {}
    for f in model._meta.concrete_fields:
        if not f.has_default() or callable(f.default):
            continue
        out[f.name] = ("是" if f.default else "否") if isinstance(f.default, bool) else str(f.default)
    return out


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def form_values(serializer, instance) -> dict:
    """The current values of an object as form strings."""
    data = serializer.to_representation(instance)
    out = {}
    for name, value in data.items():
        if isinstance(value, bool):
            out[name] = "是" if value else "否"
        elif isinstance(value, list):
            out[name] = "，".join(str(v) for v in value)
        elif value is None:
            out[name] = ""
        else:
            out[name] = str(value)
    return out


def payload_from_post(serializer, post) -> dict:
    data = {}
    for name, sfield in serializer.fields.items():
        if sfield.read_only or name not in post:
            continue
        raw = post.get(name, "").strip()
        if isinstance(sfield, serializers.ManyRelatedField | serializers.ListField):
            text = raw
            for sep in LIST_SEPARATORS:
                text = text.replace(sep, " ")
            data[name] = text.split()
            continue
        if raw == "":
            if isinstance(sfield, serializers.CharField) and not isinstance(sfield, serializers.ChoiceField):
                data[name] = ""
            elif getattr(sfield, "allow_blank", False):
                data[name] = ""
            elif sfield.allow_null:
                data[name] = None
            continue
        if isinstance(sfield, serializers.BooleanField):
            data[name] = {"是": True, "否": False}.get(raw, raw)
        else:
            data[name] = raw
    return data


def form_view(request, page: RecordPage, key: str | None):
    obj = page.get_object(request.user, key) if key is not None else None
    if not may_write(request.user, page.resource):
        raise PermissionDenied("您的角色不能修改此类数据。")
    serializer_cls = page.resource.serializer_class
    context_data = {"request": request}
    errors: dict = {}
    general = ""
    if request.method == "POST":
        probe = serializer_cls(context=context_data)
        payload = payload_from_post(probe, request.POST)
        serializer = serializer_cls(obj, data=payload, context=context_data)
        reason = request.POST.get("_reason", "").strip()[:500]
        try:
            if serializer.is_valid():
                if obj is None:
                    obj = write_create(page.resource, request.user, serializer.validated_data, reason)
                    for notice in getattr(obj, "notices", []):
                        messages.warning(request, notice)
                else:
                    write_update(page.resource, request.user, obj, serializer.validated_data, reason)
                return redirect(page.url("detail", obj))
            errors = dict(serializer.errors)
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        except serializers.ValidationError as exc:
            errors = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        except drf_exceptions.PermissionDenied as exc:
            raise PermissionDenied(str(exc.detail)) from exc
        general = " ".join(str(e) for e in _as_list(errors.pop("detail", None))
                           + _as_list(errors.pop("non_field_errors", None)))
        values = {k: request.POST.get(k, "") for k in request.POST}
        status = 400
    else:
        serializer = serializer_cls(context=context_data)
        values = form_values(serializer, obj) if obj is not None else model_defaults(page.model)
        if obj is None and getattr(request.user, "region_id", None):
            values.setdefault("region", request.user.region.code)  # a county clerk records in its county
        status = 200
    controls = form_controls(page, serializer_cls(context=context_data), request, values, errors)
    shown = {c["name"] for c in controls}
    leftover = [f"{k}：{' '.join(str(x) for x in _as_list(v))}" for k, v in errors.items() if k not in shown]
    context = {
        "page": page, "obj": obj, "controls": controls, "general": general, "leftover": leftover,
        "reason": request.POST.get("_reason", "") if request.method == "POST" else "",
        "title": f"修改{page.title}" if obj else f"新增{page.title}",
        "cancel_href": page.url("detail", obj) if obj else page.url("list"),
        "list_href": page.url("list"),
    }
    return render(request, "core/form.html", context, status=status)


def delete_view(request, page: RecordPage, key: str):
    obj = page.get_object(request.user, key)
    if not may_write(request.user, page.resource):
        raise PermissionDenied("您的角色不能删除此类数据。")
    error = ""
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("_reason", "").strip()
        if not reason:
            error = "请填写删除原因：删除会记入变更记录。"
        else:
            try:
                write_delete(page.resource, request.user, obj, reason[:500])
                return redirect(page.url("list"))
            except ProtectedError:
                error = "该记录仍被其他记录引用（如商标、认定、抽查等），不能删除；请先处理关联记录。"
    context = {"page": page, "obj": obj, "name": page.display_name(obj), "error": error, "reason": reason,
               "cancel_href": page.url("detail", obj), "list_href": page.url("list")}
    return render(request, "core/delete.html", context, status=400 if error else 200)
