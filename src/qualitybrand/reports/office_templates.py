"""Offices' own .docx templates (docxtpl, sandboxed). The lookup used by document generation is here; the
checks, the upload and preview pages are built by the templates work (issue 17 § 3).

Scaffold: until then no office template is active anywhere, so every document uses its built-in layout."""

from __future__ import annotations


def active_template(kind: str, region):
    """The active OfficeTemplate for `kind` of `region`'s office (or the nearest office above), or None."""
    return None


def render_for(req, ctx: dict) -> bytes | None:
    """The document rendered with the office's active template for req.kind and req.region, or None to
    use the built-in layout."""
    return None
