"""签发 puts the 文号 into the 版头 of the issued .docx (the number is given after the document was made); the
figures stay as they were made, and the preview is made again from the issued file."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn

from qualitybrand.core import gbdocx
from qualitybrand.reports import services
from qualitybrand.reports.models import DocumentState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def head_texts(data: bytes) -> list[str]:
    body = docx.Document(io.BytesIO(data)).element.body
    for sdt in body.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
        if tag is not None and tag.get(qn("w:val")) == "版头":
            return ["".join(t.text or "" for t in p.iter(qn("w:t")))
                    for p in sdt.findall(f"{qn('w:sdtContent')}/{qn('w:p')}")]
    return []


def test_stamp_number_fills_the_number_line_of_the_head():
    doc = gbdocx.document(office="天水市质量强市工作领导小组办公室")
    gbdocx.title(doc, "标题")
    stamped = gbdocx.stamp_number(gbdocx.to_bytes(doc), "天质强办〔2014〕7号")
    assert head_texts(stamped) == ["天水市质量强市工作领导小组办公室文件", "天质强办〔2014〕7号"]
    plain = gbdocx.document()
    gbdocx.title(plain, "标题")
    data = gbdocx.to_bytes(plain)
    assert gbdocx.stamp_number(data, "X〔2014〕1号") == data  # no 版头: unchanged


def test_issuing_stamps_the_number_into_the_file(city_user, regions, media):
    doc = services.request_document(city_user, "status_report", regions["620500"], as_of=dt.date(2013, 12, 31))
    doc.refresh_from_db()
    assert doc.state == DocumentState.DRAFT
    with doc.file.open("rb") as fh:
        assert "天质强办〔2014〕3号" not in "".join(head_texts(fh.read()))
    before = doc.file.name
    services.issue(city_user, doc, "天质强办〔2014〕3号", "王建国", dt.date(2014, 1, 20))
    doc.refresh_from_db()
    with doc.file.open("rb") as fh:
        assert head_texts(fh.read())[1] == "天质强办〔2014〕3号"
    assert doc.state == DocumentState.ISSUED and not doc.pdf
    assert not (media / before).exists() or before == doc.file.name
