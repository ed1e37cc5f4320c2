"""Reusable list / detail / form pages for registry-like records.

A page is declared once (`RecordPage`): the API resource it mirrors (model, serializer, filters,
lookup, write rules), its columns, the filters its bar shows, its status tags and related
records. The pages then share everything with the API: the same FilterSet (so
`/supervision/inspections/?region=620500&year=2013&conclusion=不合格` means what the API means),
the same `for_user` scoping (another county's object is 404), the same serializer validation
and the same change-logged write path (`core.resources.write_*`).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import NoReverseMatch, path, reverse
from rest_framework import serializers

from qualitybrand.core import exports
from qualitybrand.core.filtering import ChineseBooleanField, ChineseDateField, RegionCodeField, YearField
from qualitybrand.core.listing_exports import export_columns
from qualitybrand.core.paging import get_page
from qualitybrand.core.resources import (
    RecordViewSet,
    RegionField,
    ScopedSlugField,
    may_write,
)
from qualitybrand.core.roles import VIEW

PAGE_SIZES = (20, 50, 100)
AREAS = {"registry": "市场主体与知识产权", "supervision": "质量监管与信用"}  # the menu's work areas
LIST_SEPARATORS = [",", "，", ";", "；", "、"]

# Every declared page by "namespace:slug", so related tabs can link across apps.
PAGES: dict[str, RecordPage] = {}


@dataclass
class Col:
    path: str  # attribute path on the object ("holder.name"), or a serializer-like key
    label: str
    sort: str | None = None  # the `ordering` value of the FilterSet
    kind: str = "text"  # text | date | int | amount | bool | list | region | tag | detail
    link: bool = False  # links to the object's detail page
    # A column showing another record ("holder.name", "program.name") links to that record's page
    # on its own; kind="detail" is a “查看” link to this record (for pages whose first column is
    # another record's name).


@dataclass
class Related:
    title: str
    target: str  # "namespace:slug" of the related records' page
    fk: str  # the related model's field pointing at this object
    param: str  # the target list's filter parameter
    value: Callable  # obj -> the parameter's value


@dataclass
class RecordPage:
    namespace: str
    slug: str
    title: str
    resource: type[RecordViewSet]
    columns: list[Col]
    filters: list[str] = field(default_factory=list)
    name_attr: str = "name"
    codes: list[tuple[str, str]] = field(default_factory=list)  # (label, attribute) for the header card
    ledger: str | None = None
    related: list[Related] = field(default_factory=list)
    tags: Callable | None = None  # obj -> [(text, tone)], tone in green|blue|orange|red|grey (the shell's tag colours)
    unit: str = "条"
    prefetch: tuple[str, ...] = ()  # what the columns and tags read beyond the resource's own
    filter_options: dict[str, Callable] = field(default_factory=dict)  # filter -> user -> [(value, label)]
    # The export's columns (core/exports.py); None = derived from `columns` (`export_columns`).
    export: list[exports.Column] | None = None
    # The status column of an export when `tags` reads related records that an export of 100,000
    # rows should not load (obj -> the text of the first tag, as the list shows it), and what the
    # export prefetches instead of `prefetch` (None = the same).
    export_status: Callable | None = None
    export_prefetch: tuple[str, ...] | None = None
    links: Callable | None = None  # (obj, user) -> [(label, href)]: extra actions of the detail page
    # Buttons a higher app adds from its AppConfig.ready() (`add_links`), so this app never imports it.
    extra_links: list[Callable] = field(default_factory=list)
    # A detail page with sections of its own: a template extending core/detail.html and its context.
    detail_template: str = "core/detail.html"
    detail_context: Callable | None = None  # (request, obj) -> dict added to the context
    # Tags beyond the first shown in the list's status cell too; `more_tags([pk]) -> {pk: [(text, tone)]}`
    # adds tags computed for a whole page at once (the 守信 tag a higher app registers, registry/hooks.py).
    list_all_tags: bool = False
    more_tags: Callable | None = None

    def __post_init__(self):
        PAGES[f"{self.namespace}:{self.slug}"] = self

    def add_links(self, provider: Callable) -> None:
        """Add `provider(obj, user) -> [(label, href)]` to the detail page's buttons (once)."""
        self.extra_links += [provider] if provider not in self.extra_links else []

    def detail_links(self, obj, user) -> list[tuple[str, str]]:
        return [*(self.links(obj, user) if self.links else []), *(x for p in self.extra_links for x in p(obj, user))]

    # --- reading ---------------------------------------------------------------------------

    @property
    def area(self) -> str:
        return AREAS.get(self.namespace, "")

    @property
    def model(self):
        return self.resource.model

    def queryset(self, user):
        manager = self.model._default_manager
        qs = manager.for_user(user, VIEW) if hasattr(manager, "for_user") else manager.all()
        if self.resource.select_related:
            qs = qs.select_related(*self.resource.select_related)
        if self.resource.prefetch_related or self.prefetch:
            qs = qs.prefetch_related(*self.resource.prefetch_related, *self.prefetch)
        return qs.order_by("id")

    def key(self, obj) -> str:
        lookup = self.resource.lookup_field
        return str(obj.pk if lookup in {"pk", "id"} else getattr(obj, lookup))

    def get_object(self, user, key: str):
        qs = self.queryset(user)
        lookup = self.resource.lookup_field
        obj = None
        if lookup in {"pk", "id"}:
            if key.isdecimal() and len(key) < 20:
                obj = qs.filter(pk=int(key)).first()
            if obj is None and self.resource.alt_lookup_field:
                obj = qs.filter(**{self.resource.alt_lookup_field: key}).first()
        else:
            value = self.resource().normalise_lookup(key) if hasattr(self.resource, "normalise_lookup") else key
            obj = qs.filter(**{lookup: value}).first()
        if obj is None:
            raise Http404("未找到该记录，或它不在您的管辖范围内。")
        return obj

    def url(self, name: str, obj=None) -> str:
        args = [self.key(obj)] if obj is not None else []
        return reverse(f"{self.namespace}:{self.slug}-{name}", args=args)

    def display_name(self, obj) -> str:
        value = getattr(obj, self.name_attr, None)
        return str(value) if value else str(obj)

    # --- URLs ------------------------------------------------------------------------------

    def urls(self) -> list:
        from qualitybrand.core.record_forms import delete_view, form_view

        s = self.slug
        return [
            path(f"{s}/", login_required(lambda r: list_view(r, self)), name=f"{s}-list"),
            path(f"{s}/new/", login_required(lambda r: form_view(r, self, None)), name=f"{s}-create"),
            path(f"{s}/<str:key>/", login_required(lambda r, key: detail_view(r, self, key)), name=f"{s}-detail"),
            path(f"{s}/<str:key>/edit/", login_required(lambda r, key: form_view(r, self, key)), name=f"{s}-edit"),
            path(f"{s}/<str:key>/delete/", login_required(lambda r, key: delete_view(r, self, key)),
                 name=f"{s}-delete"),
        ]


# --- formatting ---------------------------------------------------------------------------

def resolve(obj, dotted: str):
    value = obj
    for part in dotted.split("."):
        if value is None:
            return None
        value = getattr(value, part, None)
        if callable(value) and not hasattr(value, "all"):
            value = value()
    return value


def fmt(value, kind: str = "text") -> str:
    if value is None or value == "" or value == []:
        return "—"
    if kind == "region" and hasattr(value, "code"):
        return f"{value.name}"
    if hasattr(value, "all"):
        value = [str(v.number if hasattr(v, "number") else v) for v in value.all()]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "—"
    if isinstance(value, decimal.Decimal | float) or kind == "amount":
        return f"{decimal.Decimal(str(value)).quantize(decimal.Decimal('0.01')):,}"
    if isinstance(value, int):
        return f"{value:,}" if kind == "int" else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def query_with(params, **changes) -> str:
    data = params.copy()
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return "?" + data.urlencode() if data else "?"


# --- list -----------------------------------------------------------------------------------

def region_options(user, selected: str = ""):
    from qualitybrand.core.selection import scope_regions

    regions = scope_regions(user).exclude(kind="乡镇街道").only("code", "name", "depth")[:1000]
    base = min((r.depth for r in regions), default=0)
    return [{"value": r.code, "label": "　" * (r.depth - base) + f"{r.name}（{r.code}）",
             "selected": r.code == selected} for r in regions]


def filter_controls(page: RecordPage, filterset, request) -> list[dict]:
    """The filter bar: search, region, year, then the page's own filters, as plain widgets."""
    names = [n for n in ("search", "region", "year") if n in filterset.filters] + [
        n for n in page.filters if n in filterset.filters]
    controls = []
    for name in names:
        form_field = filterset.form.fields[name]
        value = filterset.data.get(name, "")  # the query string, or the top-bar region it defaulted to
        control = {"name": name, "label": str(filterset.filters[name].label or name), "value": value,
                   "error": " ".join(filterset.form.errors.get(name, []))}
        if name in page.filter_options:
            control.update(type="select", options=[{"value": v, "label": lbl, "selected": value == v}
                                                   for v, lbl in page.filter_options[name](request.user)])
        elif isinstance(form_field, RegionCodeField):
            control.update(type="select", options=region_options(request.user, value))
        elif isinstance(form_field, ChineseBooleanField):
            control.update(type="select", options=[{"value": v, "label": v, "selected": value == v}
                                                   for v in ("是", "否")])
        elif isinstance(form_field, ChineseDateField):
            control.update(type="date")
        elif isinstance(form_field, YearField):
            control.update(type="number")
        elif hasattr(form_field, "choices"):
            control.update(type="select", options=[{"value": str(v), "label": str(lbl), "selected": value == str(v)}
                                                   for v, lbl in form_field.choices if v != ""])
        else:
            control.update(type="text")
        controls.append(control)
    return controls


def selected_region_default(request, filterset_class) -> str | None:
    """The region picked in the top bar, when it narrows the user's own scope and the page filters by
    region: lists and their exports then open on that region, as the dashboard does. An explicit
    `region` in the query string still wins; picking one's own region in the top bar clears it."""
    user = request.user
    code = getattr(user, "selected_region", "")
    if not code or "region" not in filterset_class.base_filters or "region" in request.GET:
        return None
    own = user.region.code if getattr(user, "region_id", None) else None
    if code == own:
        return None
    from qualitybrand.core.selection import scope_regions

    return code if scope_regions(user).filter(code=code).exists() else None


def list_view(request, page: RecordPage):
    qs = page.queryset(request.user)
    params = request.GET
    selected = selected_region_default(request, page.resource.filterset_class)
    if selected:
        params = params.copy()
        params["region"] = selected
    filterset = page.resource.filterset_class(params or None, queryset=qs, request=request)
    valid = filterset.is_valid() if filterset.is_bound else True
    rows_qs = filterset.qs if valid else qs.none()
    export = request.GET.get("export")
    if export and valid:
        if export in LEDGER_EXPORTS and page.ledger:
            return export_response(request, page, rows_qs, LEDGER_EXPORTS[export], export_place(request, filterset))
        return list_export(request, page, filterset, rows_qs, export, params)
    try:
        size = int(request.GET.get("page_size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    size = size if size in PAGE_SIZES else PAGE_SIZES[0]
    paginator = Paginator(rows_qs, size)
    page_obj = get_page(paginator, request.GET.get("page"))
    current_sort = request.GET.get("ordering", "")
    headers = []
    for col in page.columns:
        header = {"label": col.label, "numeric": col.kind in {"int", "amount"}, "href": None, "arrow": ""}
        if col.sort:
            desc = current_sort == col.sort
            header["href"] = query_with(request.GET, ordering=f"-{col.sort}" if desc else col.sort, page=None)
            header["arrow"] = "↑" if current_sort == col.sort else "↓" if current_sort == f"-{col.sort}" else ""
        headers.append(header)
    more = page.more_tags([o.pk for o in page_obj.object_list]) if page.more_tags else {}
    rows = [row_cells(page, obj, more.get(obj.pk, ())) for obj in page_obj.object_list]
    context = {
        "page": page, "headers": headers, "rows": rows, "page_obj": page_obj, "paginator": paginator,
        "controls": filter_controls(page, filterset, request),
        "applied": applied_filters(page, filterset, request, params),
        "errors": [] if valid else [f"{filterset.filters[k].label or k}：{' '.join(v)}"
                                    for k, v in filterset.form.errors.items() if k in filterset.filters],
        "page_sizes": [{"size": n, "href": query_with(request.GET, page_size=str(n), page=None),
                        "current": n == size} for n in PAGE_SIZES],
        "prev_href": query_with(request.GET, page=str(page_obj.previous_page_number()))
        if page_obj.has_previous() else None,
        "next_href": query_with(request.GET, page=str(page_obj.next_page_number())) if page_obj.has_next() else None,
        # The list as shown (names beside codes, real dates, a title block) for people, as .xlsx
        # (codes are text cells, so Excel never shows an 18-digit credit code as 9.16205E+17) and
        # .csv; the ledger format of ledgers.md (re-importable) is offered as “台账格式”.
        "export_href": query_with(request.GET, export="xlsx", page=None),
        "export_csv_href": query_with(request.GET, export="csv", page=None),
        "ledger_href": query_with(request.GET, export="ledger-xlsx", page=None) if page.ledger else None,
        "ledger_csv_href": query_with(request.GET, export="ledger-csv", page=None) if page.ledger else None,
        # With a top-bar region in force, "reset" shows the whole scope (an explicit empty region).
        "reset_href": request.path + ("?region=" if selected else ""),
        "may_write": may_write(request.user, page.resource),
        "create_href": page.url("create"),
        "import_href": _import_url(page),
        "sort": current_sort,
        "size": size,
    }
    return render(request, "core/list.html", context, status=200 if valid else 400)


def applied_filters(page: RecordPage, filterset, request, params) -> list[tuple[str, str]]:
    if not filterset.is_bound:
        return []
    return filterset.applied({n: dict(fn(request.user)) for n, fn in page.filter_options.items() if params.get(n)})


# --- exports: the list as shown (core/exports.py) --------------------------------------------

LEDGER_EXPORTS = {"ledger-xlsx": "xlsx", "ledger-csv": "csv", "ledger": "xlsx"}
# The ledger engine's `export_queryset(ledger, qs, fmt) -> bytes`, registered by `LedgersConfig.ready()` (core
# sits below the ledgers): without it the ledger-format export answers “尚未就绪”.
_ledger_export: Callable | None = None


def register_ledger_export(fn: Callable) -> None:
    global _ledger_export
    _ledger_export = fn


def export_place(request, filterset) -> str:
    """The region an export covers, for its file name: the region filtered on, else the user's."""
    region = filterset.form.cleaned_data.get("region") if filterset.is_bound else None
    return exports.place_of(request.user, region if hasattr(region, "path") else None)


def list_export(request, page: RecordPage, filterset, qs, fmt_name: str, params):
    if page.export_prefetch is not None:
        qs = qs.prefetch_related(None).prefetch_related(*page.resource.prefetch_related, *page.export_prefetch)
    return exports.export_response(fmt_name, page.title, export_columns(page), qs,
                                   filters=applied_filters(page, filterset, request, params),
                                   place=export_place(request, filterset))


LINKED_ATTRS = {"name", "number", "title"}  # a record's naming attribute: the cell links to that record


def record_href(obj) -> str | None:
    from qualitybrand.core.templatetags.links import record_url

    return record_url(obj)


def mention_link(obj, path: str) -> str | None:
    """The page of the record a dotted column names ("holder.name" -> the holder's page), or None."""
    head, _, attr = path.rpartition(".")
    if not head or attr not in LINKED_ATTRS:
        return None
    return record_href(resolve(obj, head))


def linked_items(value) -> list[tuple[str, str | None]] | None:
    """The records of a many-to-many value, each with its page (a pledge's trademarks)."""
    if not hasattr(value, "all"):
        return None
    return [(str(v.number if hasattr(v, "number") else v), record_href(v)) for v in value.all()]


def row_cells(page: RecordPage, obj, more=()) -> list[dict]:
    cells = []
    for col in page.columns:
        if col.kind == "detail":
            cells.append({"text": "查看", "numeric": False, "href": page.url("detail", obj), "tone": ""})
            continue
        value = resolve(obj, col.path)
        cell = {"text": fmt(value, col.kind), "numeric": col.kind in {"int", "amount"}, "href": None, "tone": ""}
        if col.link:
            cell["href"] = page.url("detail", obj)
        elif value not in (None, ""):
            cell["href"] = mention_link(obj, col.path)
            if col.kind == "list":
                cell["links"] = linked_items(value)
        if col.kind == "tag" and page.tags:
            tags = page.tags(obj)
            cell["text"], cell["tone"] = tags[0] if tags else ("—", "")
            cell["more"] = [*(tags[1:] if page.list_all_tags else ()), *more]
        cells.append(cell)
    return cells


def _import_url(page: RecordPage) -> str | None:
    if not page.ledger:
        return None
    try:
        return reverse("ledgers:import") + "?" + urlencode({"ledger": page.ledger})
    except NoReverseMatch:
        return None


def export_response(request, page: RecordPage, qs, fmt_name: str, place: str = ""):
    """The ledger format of ledgers.md (“台账格式”): canonical headers and codes, re-importable."""
    fmt_name = fmt_name if fmt_name in {"xlsx", "csv"} else "xlsx"
    export_queryset = _ledger_export
    if export_queryset is None:
        return render(request, "core/notice.html", {
            "title": "导出功能尚未就绪", "page": page, "back": request.path,
            "message": "台账导出功能尚未就绪：导出引擎上线后，此按钮将按当前筛选条件和您的管辖范围导出台账文件。"},
            status=503)
    data = export_queryset(page.ledger, qs, fmt_name)
    ctype = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt_name == "xlsx"
             else "text/csv; charset=utf-8")
    response = HttpResponse(data, content_type=ctype)
    name = exports.file_name(f"{page.title}台账", place, fmt_name)
    response["Content-Disposition"] = exports.content_disposition(name)
    return response


# --- detail ---------------------------------------------------------------------------------

def field_label(page: RecordPage, name: str, sfield) -> str:
    if isinstance(sfield, ScopedSlugField | RegionField) and sfield.help_text:
        return str(sfield.help_text)
    source = getattr(sfield, "source", name) or name
    try:
        return str(page.model._meta.get_field(source.split(".")[0]).verbose_name)
    except Exception:  # noqa: BLE001 - a derived field without a model counterpart
        return str(sfield.label or name)


def model_label(model, name: str) -> str | None:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - not a model field
        return None


def reference_text(rel) -> tuple[str, str]:
    """How a referenced record is named on a page: its name, and what follows the link (an entity's
    credit code); a program never by its internal code."""
    if hasattr(rel, "uscc"):
        return rel.name, f"（{rel.uscc}）"
    return str(rel), ""


def detail_info(page: RecordPage, obj, serializer, show_codes: bool = True) -> list[dict]:
    """The 基本信息 tab: every field under its Chinese name; a referenced record by its name, linked
    to its page (its code only beside the name); internal codes (`referenced_codes`) last, and only for
    the city office that writes them into ledger files (`show_codes`)."""
    data = serializer.data
    referenced = set(getattr(page.model, "referenced_codes", {}))
    shown_refs = set()
    info, last = [], []
    for name, sfield in serializer.fields.items():
        if name == "id":
            continue
        source = getattr(sfield, "source", name) or name
        item = {"label": field_label(page, name, sfield), "value": "—", "href": None, "links": None, "suffix": ""}
        if isinstance(sfield, RegionField):  # its help text says what to type (“区划代码”), not what it is
            item["label"] = model_label(page.model, source) or item["label"]
        if isinstance(sfield, ScopedSlugField) or isinstance(getattr(sfield, "child_relation", None),
                                                             ScopedSlugField):
            item["label"] = model_label(page.model, source) or item["label"]
            rel = getattr(obj, source, None)
            if hasattr(rel, "all"):
                item["links"] = [(str(r), record_href(r)) for r in rel.all()]
            elif rel is not None:
                (item["value"], item["suffix"]), item["href"] = reference_text(rel), record_href(rel)
            shown_refs.add(source)
            info.append(item)
            continue
        head, _, leaf = source.partition(".")
        if leaf:
            if head in shown_refs and leaf in LINKED_ATTRS:
                continue  # the name of a record already shown (and linked) above
            rel_model = getattr(page.model._meta.get_field(head), "related_model", None) if model_label(
                page.model, head) else None
            leaf_label = model_label(rel_model, leaf) if rel_model else None
            head_label = model_label(page.model, head) or ""
            if leaf_label:
                item["label"] = leaf_label if leaf_label.startswith(head_label) else f"{head_label}{leaf_label}"
        value = data.get(name)
        if name == "region" and value:
            value = f"{obj.region.name}（{value}）"
        item["value"] = fmt(value, "amount" if isinstance(sfield, serializers.DecimalField) else "text")
        (last if name in referenced else info).append(item)
    return info + (last if show_codes else [])


def detail_view(request, page: RecordPage, key: str):
    obj = page.get_object(request.user, key)
    serializer = page.resource.serializer_class(obj, context={"request": request})
    from qualitybrand.core.roles import Role
    from qualitybrand.core.scoping import has_scoped_role

    info = detail_info(page, obj, serializer, show_codes=has_scoped_role(request.user, {Role.CITY_ADMIN}))
    tab = request.GET.get("tab", "basic")
    related = []
    for rel in page.related:
        target = PAGES.get(rel.target)
        if target is None:
            continue
        rqs = target.queryset(request.user).filter(**{rel.fk: obj})
        count = rqs.count()
        related.append({
            "slug": target.slug, "title": rel.title, "count": count, "target": target,
            "headers": [{"label": c.label, "numeric": c.kind in {"int", "amount"}} for c in target.columns],
            "rows": [row_cells(target, r) for r in rqs[:50]] if tab == target.slug else [],
            "all_href": target.url("list") + "?" + urlencode({rel.param: rel.value(obj)}),
        })
    history = None
    history_template = None
    if tab == "history":
        from qualitybrand.core.selectors import history_for

        history = history_for(obj)
        try:
            get_template("core/_history.html")
            history_template = "core/_history.html"
        except Exception:  # noqa: BLE001 - the shell's template may not be there yet
            history_template = None
    context = {
        "page": page, "obj": obj, "name": page.display_name(obj),
        "codes": [{"label": label, "value": fmt(resolve(obj, attr), "region" if attr == "region" else "text"),
                   "href": mention_link(obj, attr)} for label, attr in page.codes],
        "tags": [*(page.tags(obj) if page.tags else []),
                 *(page.more_tags([obj.pk]).get(obj.pk, []) if page.more_tags else [])], "info": info, "related": related, "tab": tab,
        "history": history, "history_template": history_template,
        "may_write": may_write(request.user, page.resource),
        "links": page.detail_links(obj, request.user),
        "edit_href": page.url("edit", obj), "delete_href": page.url("delete", obj),
        "list_href": page.url("list"),
    }
    if page.detail_context:
        context.update(page.detail_context(request, obj))
    return render(request, page.detail_template, context)
