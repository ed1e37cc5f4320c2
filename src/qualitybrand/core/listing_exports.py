"""The columns of a record list's export (`?export=xlsx|csv`): the page's own columns, with the code
beside every name and the status tag as text. Split from core/listing.py, which uses it."""

from __future__ import annotations

from qualitybrand.core import exports


def _first_tag(page, obj) -> str | None:
    tags = page.tags(obj) if page.tags else []
    return tags[0][0] if tags else None


def _code_beside(model, dotted: str) -> tuple[str, str] | None:
    """For a column showing a related record's name (`holder.name`), the column of its code:
    the credit code of an entity, the code of a program."""
    parts = dotted.split(".")
    if len(parts) != 2 or parts[1] != "name":
        return None
    try:
        related = model._meta.get_field(parts[0]).related_model
    except Exception:  # noqa: BLE001 - not a model field (a property)
        return None
    if related is None:
        return None
    names = {f.name for f in related._meta.get_fields()}
    if "uscc" in names:
        return "统一社会信用代码", f"{parts[0]}.uscc"
    if "code" in names:
        return "代码", f"{parts[0]}.code"
    return None


def export_columns(page) -> list[exports.Column]:
    """The export's columns: the page's own, with the code beside every name (区划 + 区划代码,
    注册人 + 注册人统一社会信用代码), the status tag as its text, dates and amounts typed."""
    if page.export is not None:
        return page.export
    out = []
    for col in page.columns:
        if col.kind == "detail":
            continue  # the “查看” link of the page: nothing to export
        if col.kind == "region":
            out.append(exports.Column(col.label, f"{col.path}.name", "text"))
            out.append(exports.Column(f"{col.label}代码", f"{col.path}.code", "text"))
        elif col.kind == "tag":
            status = page.export_status or (lambda o, p=page: _first_tag(p, o))
            out.append(exports.Column(col.label, status, "text"))
        elif col.kind in {"list", "bool"}:
            out.append(exports.Column(col.label, col.path, "text"))
        else:
            kind = {"amount": "amount", "int": "int"}.get(col.kind, "auto")
            out.append(exports.Column(col.label, col.path, kind))
            beside = _code_beside(page.model, col.path)
            if beside:
                out.append(exports.Column(col.label + beside[0], beside[1], "text"))
    return out
