"""The REST API's generic resource: scoped reads, writes through the change-logged services,
natural-key detail URLs and Chinese errors. Registry and supervision resources fill it in.

- Reads: `Model.objects.for_user(user, "view")` (a detail outside the scope is 404).
- Writes: the role must be allowed to change the model (else 403); the object must be inside
  the user's `for_user(user, "change")` (checked by `core.services.ensure_may_change`, 403);
  then `core.services.create_record / update_record / delete_record` record the change log.
- Entity-owned records take the region of their entity (`entity_field`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from qualitybrand.core import services as core_services
from qualitybrand.core.models import Region, RegionAlias
from qualitybrand.core.roles import CHANGE, VIEW, role_may


def _user(serializer_field):
    request = serializer_field.context.get("request")
    return getattr(request, "user", None)


class ChineseChoiceField(serializers.ChoiceField):
    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        key = str(data).strip() if data is not None else data
        if key in self.choice_strings_to_values:
            return self.choice_strings_to_values[key]
        accepted = "、".join(str(c) for c in self.choices)
        raise ValidationError(f"“{data}”不是有效的选项：应为 {accepted}。")


class ScopedSlugField(serializers.SlugRelatedField):
    """A reference by code, resolved only among the objects the user may see."""

    def __init__(self, model, slug_field, noun: str, **kwargs):
        self.noun = noun
        self.scoped_model = model
        kwargs.setdefault("queryset", model._default_manager.none())
        super().__init__(slug_field=slug_field, **kwargs)

    def get_queryset(self):
        manager = self.scoped_model._default_manager
        if hasattr(manager, "for_user"):
            return manager.for_user(_user(self), VIEW)
        return manager.all()

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            raise ValidationError(f"应为{self.noun}的代码（文本）。")
        value = str(data).strip().upper() if self.slug_field == "uscc" else str(data).strip()
        obj = self.get_queryset().filter(**{self.slug_field: value}).first()
        if obj is None:
            raise ValidationError(f"{self.noun}“{value}”不存在，或不在您的管辖范围内。")
        return obj


class RegionField(serializers.SlugRelatedField):
    """A region by its code (a former code resolves to the current region), inside the user's scope."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Region.objects.none())
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def get_queryset(self):
        from qualitybrand.core.selection import scope_regions

        user = _user(self)
        return scope_regions(user) if user is not None and user.is_authenticated else Region.objects.none()

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            raise ValidationError("应为区划代码（文本），如 620502。")
        code = str(data).strip()
        alias = RegionAlias.objects.filter(code=code).select_related("region").first()
        region = alias.region if alias else Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(f"区划代码“{code}”不存在：应为已登记的行政区划代码。")
        if not self.get_queryset().filter(pk=region.pk).exists():
            # a write outside the user's scope is refused (403), not a matter of input
            raise PermissionDenied(f"区划“{region.name}（{region.code}）”不在您的管辖范围内，不能在此新增或修改数据。")
        return region


class ChineseBooleanField(serializers.BooleanField):
    """Also 是/否, Y/N, √/× as the ledgers write them."""

    TRUE_VALUES = serializers.BooleanField.TRUE_VALUES | {"是", "Y", "√"}
    FALSE_VALUES = serializers.BooleanField.FALSE_VALUES | {"否", "N", "×"}
    default_error_messages = {"invalid": "应为是否值：true/false 或 是/否。"}


DATE_INPUTS = ["iso-8601", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
LIST_SEPARATORS = ",，;；、"


# The one answer when a key is taken by a record the user may not see, the same for every resource:
# "已存在" would tell a county what another county holds.
KEY_NOT_AVAILABLE = "不能使用该编号：它不在您的管辖范围内。如需登记，请联系市级管理员核实。"


class ScopedUniqueCheck:
    """Wraps DRF's unique validators: a clash with a record inside the user's scope answers as usual
    (the user can see that record); a clash with one outside it answers `KEY_NOT_AVAILABLE`."""

    requires_context = True

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, value, context):
        try:
            self.inner(value, context)
        except ValidationError:
            if self._clash_visible(value, context):
                raise
            raise ValidationError(KEY_NOT_AVAILABLE, code="unique") from None

    def _clash_visible(self, value, context) -> bool:
        inner = self.inner
        model = inner.queryset.model
        if not hasattr(model._default_manager, "for_user"):
            return True  # not a region-scoped record: nothing to hide
        visible = model._default_manager.for_user(_user(context), VIEW)
        if isinstance(inner, UniqueValidator):
            clash = inner.filter_queryset(value, visible, context.source_attrs[-1])
            clash = inner.exclude_current_instance(clash, getattr(context.parent, "instance", None))
        else:
            clash = inner.filter_queryset(value, visible, context)
            clash = inner.exclude_current_instance(value, clash, context.instance)
        return clash.exists()

    def __repr__(self):
        return f"ScopedUniqueCheck({self.inner!r})"


class RecordSerializer(serializers.ModelSerializer):
    """Chinese choice errors naming the accepted values; amounts as JSON numbers; a key taken
    outside the user's scope answers neutrally (`ScopedUniqueCheck`)."""

    serializer_choice_field = ChineseChoiceField
    default_error_messages = {
        "null": "请求内容不能为空：应为 JSON 对象（键为字段名）。",
        "invalid": "请求内容应为 JSON 对象（键为字段名），收到的是 {datatype}。",
        "required": "请求内容不能为空：应为 JSON 对象。",
    }

    def build_standard_field(self, field_name, model_field):
        cls, kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.DecimalField):
            kwargs["coerce_to_string"] = False
        if isinstance(model_field, models.DateField):
            kwargs.setdefault("error_messages", {})["invalid"] = "日期格式错误：应为 YYYY-MM-DD，如 2013-05-01。"
            kwargs["input_formats"] = DATE_INPUTS
        if isinstance(model_field, models.BooleanField):
            cls = ChineseBooleanField
        return cls, kwargs

    def build_field(self, field_name, info, model_class, nested_depth):
        cls, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if kwargs.get("validators"):
            kwargs["validators"] = [ScopedUniqueCheck(v) if isinstance(v, UniqueValidator) else v
                                    for v in kwargs["validators"]]
        return cls, kwargs

    def get_validators(self):
        return [ScopedUniqueCheck(v) if isinstance(v, UniqueTogetherValidator) else v
                for v in super().get_validators()]

    def run_validation(self, data=serializers.empty):
        if data is None or data is serializers.empty:
            raise ValidationError({"detail": "请求内容不能为空：应为 JSON 对象（键为字段名）。"})
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise ValidationError({"detail": "请求内容应为 JSON 对象（键为字段名）。"})
        lists = [name for name, f in self.fields.items()
                 if isinstance(f, serializers.ListField | serializers.ManyRelatedField) and not f.read_only
                 and isinstance(data.get(name), str)]
        if lists:  # "7，9" as the ledgers write lists
            data = {k: data[k] for k in data}
            for name in lists:
                text = data[name]
                for sep in LIST_SEPARATORS:
                    text = text.replace(sep, " ")
                data[name] = text.split()
        return super().to_internal_value(data)


def may_write(user, resource) -> bool:
    """Whether the user's role may write this kind of record at all (the scope is checked per object)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    roles = getattr(resource, "write_roles", None)
    if roles is not None:
        return getattr(user, "role", "") in roles
    return role_may(getattr(user, "role", ""), CHANGE, resource.model)


class MayWrite(permissions.BasePermission):
    message = "您的角色不能修改此类数据。"

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return may_write(user, view)


class RecordViewSet(viewsets.ModelViewSet):
    """Base of every registry resource."""

    model: type[models.Model]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    entity_field: str | None = None  # entity FK whose region the record takes
    alt_lookup_field: str | None = None  # a digits-only lookup tries the id first, then this field
    write_roles: set[str] | None = None
    permission_classes = [MayWrite]
    lookup_value_regex = "[^/]+"

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        data = response.data if response is not None else None
        if isinstance(data, dict):
            detail = data.get("detail")
            general = data.pop("non_field_errors", None)
            if isinstance(detail, list):
                detail = " ".join(str(x) for x in detail)
            if general:
                general = " ".join(str(x) for x in general)
                detail = general if not detail or detail.startswith("输入有误") else f"{detail} {general}"
            if detail is not None:
                data["detail"] = str(detail)
        return response

    def get_queryset(self):
        manager = self.model._default_manager
        qs = manager.for_user(self.request.user, VIEW) if hasattr(manager, "for_user") else manager.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs.order_by("id") if not qs.query.order_by else qs

    def normalise_lookup(self, value: str) -> str:
        return value

    def get_object(self):
        qs = self.filter_queryset(self.get_queryset()) if self.action != "retrieve" else self.get_queryset()
        value = self.normalise_lookup(str(self.kwargs[self.lookup_url_kwarg or self.lookup_field]))
        obj = None
        if self.lookup_field in {"pk", "id"}:
            if value.isdecimal() and len(value) < 20:  # what int() takes; str.isdigit also says yes to “²”
                obj = qs.filter(pk=int(value)).first()
            if obj is None and self.alt_lookup_field:
                obj = qs.filter(**{self.alt_lookup_field: value}).first()
        else:
            obj = qs.filter(**{self.lookup_field: value}).first()
        if obj is None:
            from django.http import Http404

            raise Http404
        self.check_object_permissions(self.request, obj)
        return obj

    # --- writes (shared with the pages through `write_create` / `write_update` / `write_delete`) ---

    @classmethod
    def prepare(cls, obj) -> None:
        """Fill derived fields before saving: entity-owned records take the entity's region."""
        if cls.entity_field:
            entity = getattr(obj, cls.entity_field, None)
            if entity is not None:
                obj.region = entity.region

    @classmethod
    def after_region_change(cls, user, obj) -> None:
        """Hook: an entity that moves takes its records with it."""

    @classmethod
    def before_create(cls, user, obj) -> list[str]:
        """Hook: notices to show and record (appended to the change-log reason) for a new record;
        raise django's ValidationError to refuse it (e.g. a joint restriction, registry/hooks.py)."""
        return []

    def _reason(self, request) -> str:
        reason = request.query_params.get("reason", "")
        if not reason and isinstance(request.data, dict):
            reason = str(request.data.get("reason", "") or "")
        return reason[:500]

    def perform_create(self, serializer):
        serializer.instance = api_errors(write_create, type(self), self.request.user, serializer.validated_data,
                                         self._reason(self.request))

    def perform_update(self, serializer):
        api_errors(write_update, type(self), self.request.user, serializer.instance, serializer.validated_data,
                   self._reason(self.request))

    def perform_destroy(self, instance):
        api_errors(write_delete, type(self), self.request.user, instance, self._reason(self.request))

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            self.perform_destroy(instance)
        except ProtectedError:
            return Response({"detail": "该记录仍被其他记录引用（如商标、认定、抽查等），不能删除；请先处理关联记录。"},
                            status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _split(model, data: dict):
    m2m = {f.name for f in model._meta.many_to_many}
    return ({k: v for k, v in data.items() if k not in m2m}, {k: v for k, v in data.items() if k in m2m})


def write_create(resource: type[RecordViewSet], user, data: dict, reason: str = ""):
    """Create a record from validated data through `core.services.create_record` (change-logged)."""
    model = resource.model
    plain, related = _split(model, data)
    obj = model(**plain)
    resource.prepare(obj)
    notices = resource.before_create(user, obj)
    if notices:
        reason = "；".join([reason, *notices] if reason else notices)[:500]
    obj.notices = notices  # the page and the API show them
    with transaction.atomic():
        core_services.create_record(user, obj, reason=reason)
        _set_related(user, obj, related, reason)
    return obj


def write_update(resource: type[RecordViewSet], user, obj, data: dict, reason: str = ""):
    """Update through `core.services.update_record`; an entity that moved takes its records along."""
    model = resource.model
    plain, related = _split(model, data)
    probe = model(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})
    for k, v in plain.items():
        setattr(probe, k, v)
    resource.prepare(probe)
    changes = {k: getattr(probe, k) for k in plain}
    if hasattr(obj, "region_id") and probe.region_id != obj.region_id:
        changes["region"] = probe.region
    old_region_id = getattr(obj, "region_id", None)
    with transaction.atomic():
        core_services.update_record(user, obj, changes, reason=reason)
        _set_related(user, obj, related, reason)
        if old_region_id is not None and obj.region_id != old_region_id:
            resource.after_region_change(user, obj)
    return obj


def _natural(o) -> str:
    field = getattr(type(o), "natural_key_field", None)
    return str(getattr(o, field) if field else o.pk)


def _set_related(user, obj, related: dict, reason: str) -> None:
    """Set many-to-many values (a pledge's trademarks) and record the change by natural keys."""
    from qualitybrand.core import changelog

    before, after = {}, {}
    for name, values in related.items():
        manager = getattr(obj, name)
        old = sorted(_natural(o) for o in manager.all())
        manager.set(values)
        new = sorted(_natural(o) for o in values)
        if old != new:
            before[name], after[name] = old, new
    if after:
        changelog.record(user=user, action="update", obj=obj, before=before, after=after, reason=reason)


def write_delete(resource: type[RecordViewSet], user, obj, reason: str = "") -> None:
    core_services.delete_record(user, obj, reason=reason)


def api_errors(fn, *args):
    """Run a write, turning the services' Django errors into DRF ones (403 / 400 per field)."""
    from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

    try:
        return fn(*args)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc) or None) from exc
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError({"detail": "输入有误，请按各字段的提示修改。", **exc.message_dict}) from exc
        raise ValidationError({"detail": " ".join(exc.messages)}) from exc
