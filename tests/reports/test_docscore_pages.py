"""The archive pages (docscore): list scoped with filters, generate form, document page, 签发, delete,
download, PDF preview, and the permission walk of these URLs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qualitybrand.reports.models import DocumentState, IssuedDocument
from tests import test_permissions as walk
from tests.factories import UserFactory
from tests.reports import permission_docscore
from tests.reports.factories_docscore import make_doc
from tests.test_permissions import role_users  # noqa: F401  (the walk's fixture)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.mark.django_db
@pytest.mark.parametrize("case", permission_docscore.DOCSCORE_CASES, ids=lambda c: c.name)
def test_walk_scoping(case, role_users, regions):  # noqa: F811
    walk.test_declared_scoping(case, role_users, regions)


@pytest.mark.django_db
@pytest.mark.parametrize("case", permission_docscore.DOCSCORE_CHANGE_CASES, ids=lambda c: c.name)
def test_walk_writes(case, role_users, regions):  # noqa: F811
    walk.test_declared_writes(case, role_users, regions)


def test_archive_lists_the_county_its_own_documents_only(client, regions, county_user):
    make_doc(regions["620502"], title="秦州区的总结")
    make_doc(regions["620503"], title="麦积区的总结")
    make_doc(regions["620500"], title="全市的总结")
    client.force_login(county_user)
    body = client.get(reverse("reports:archive")).content.decode()
    assert "秦州区的总结" in body
    assert "麦积区的总结" not in body and "全市的总结" not in body


def test_archive_filters_by_kind_year_and_state(client, regions, city_user):
    make_doc(regions["620500"], title="二〇一三总结", year=2013)
    make_doc(regions["620500"], title="二〇一二总结", year=2012, state=DocumentState.ISSUED, number="X1")
    make_doc(regions["620500"], kind="status_report", title="情况汇报甲", year=2013)
    client.force_login(city_user)
    body = client.get(reverse("reports:archive"), {"year": "2013", "kind": "annual_summary"}).content.decode()
    assert "二〇一三总结" in body and "二〇一二总结" not in body and "情况汇报甲" not in body
    body = client.get(reverse("reports:archive"), {"state": "issued"}).content.decode()
    assert "二〇一二总结" in body and "二〇一三总结" not in body


def test_generate_form_makes_the_document_and_shows_it(client, regions, city_user):
    client.force_login(city_user)
    response = client.post(reverse("reports:generate"), {"kind": "annual_summary", "region": "620500",
                                                         "year": "2013", "next_year": "加强地理标志培育。"})
    doc = IssuedDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:document", args=[doc.pk])
    assert doc.state == DocumentState.DRAFT and doc.file_name == "2013年度质量强市工作总结_天水市.docx"
    page = client.get(response["Location"]).content.decode()
    assert "签发" in page and reverse("reports:document_download", args=[doc.pk]) in page
    download = client.get(reverse("reports:document_download", args=[doc.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_generate_form_refuses_a_year_to_come_with_a_message(client, regions, city_user):
    client.force_login(city_user)
    response = client.post(reverse("reports:generate"), {"kind": "annual_summary", "region": "620500",
                                                         "year": "2999"}, follow=True)
    assert IssuedDocument.objects.count() == 0
    assert "年度须在" in response.content.decode()


def test_county_cannot_generate_for_another_county(client, regions, county_user):
    client.force_login(county_user)
    response = client.post(reverse("reports:generate"), {"kind": "annual_summary", "region": "620503",
                                                         "year": "2013"})
    assert response.status_code in (302, 403)
    assert IssuedDocument.objects.count() == 0


def test_leader_reads_but_has_no_generate_form(client, regions):
    leader = UserFactory(role="leader", region=regions["620500"])
    make_doc(regions["620500"], title="全市的总结")
    client.force_login(leader)
    body = client.get(reverse("reports:archive")).content.decode()
    assert "全市的总结" in body and reverse("reports:generate") not in body


def test_issue_through_the_page(client, regions, city_user):
    doc = make_doc(regions["620500"])
    client.force_login(city_user)
    client.post(reverse("reports:document_issue", args=[doc.pk]),
                {"number": "天质强办〔2014〕1号", "signer": "王建国", "issued_on": "2014-01-20"})
    doc.refresh_from_db()
    assert (doc.state, doc.number, doc.issued_on) == (DocumentState.ISSUED, "天质强办〔2014〕1号", dt.date(2014, 1, 20))


def test_preview_without_libreoffice_says_how_to_install(client, regions, city_user, monkeypatch):
    from qualitybrand.reports import pdf

    client.force_login(city_user)
    client.post(reverse("reports:generate"), {"kind": "status_report", "region": "620500", "as_of": "2013-12-31"})
    doc = IssuedDocument.objects.get()
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    page = client.get(reverse("reports:document", args=[doc.pk])).content.decode()
    assert pdf.INSTALL_HINT in page
    response = client.get(reverse("reports:document_pdf", args=[doc.pk]))
    assert response.status_code == 503 and "LibreOffice" in response.content.decode()


def test_status_answers_progress_as_json(client, regions, city_user):
    doc = make_doc(regions["620500"], state=DocumentState.RUNNING)
    IssuedDocument.objects.filter(pk=doc.pk).update(progress=40)
    client.force_login(city_user)
    data = client.get(reverse("reports:document_status", args=[doc.pk])).json()
    assert data["progress"] == 40 and data["busy"] is True and data["state"] == "running"
