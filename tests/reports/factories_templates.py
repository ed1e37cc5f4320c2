"""Test helpers of the office templates: a small document kind registered for a test, and .docx files."""

from __future__ import annotations

import io

from qualitybrand.reports import kinds

KIND = "annual_summary"  # a DocumentKind value the test kind borrows (the registry may not hold it yet)
FIELDS = (("年度", "统计年度"), ("区划", "区划名称"), ("商标数", "有效注册商标（件）"), ("县区", "各县区的行：名称、商标数"))


def kind_context(req) -> dict:
    return {"年度": req.year or 2013, "区划": req.region.name if req.region else "天水市", "商标数": 1828,
            "县区": [{"名称": "秦州区", "商标数": 600}, {"名称": "麦积区", "商标数": 400}]}


def _build(req, ctx, progress) -> bytes:
    return docx_of(["内置版式", f"{ctx['区划']}{ctx['年度']}年"])


TEST_KIND = kinds.Kind(code=KIND, label="年度工作总结", fmt="docx", period="year", context=kind_context,
                       build=_build, fields=FIELDS)


def registered_kind():
    """Generator for a fixture: the test kind registered for one test, whatever was registered under its
    code before (`yield from registered_kind()`)."""
    kinds.load_all()
    before = kinds._KINDS.get(KIND)
    kinds.register(TEST_KIND)
    yield TEST_KIND
    if before is None:
        kinds._KINDS.pop(KIND, None)
    else:
        kinds._KINDS[KIND] = before


def docx_of(paragraphs: list[str], header: str | None = None) -> bytes:
    """A .docx with one paragraph per text (and an optional header line)."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if header is not None:
        doc.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def texts_of(data: bytes) -> list[str]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs]
