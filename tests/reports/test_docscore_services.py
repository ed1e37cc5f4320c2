"""Archive services (docscore): request (scoping, refusals), generation (draft with file; failure leaves
state failed and no file), 签发 (文号 required and unique), deleting drafts, the demo archive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.reports import kinds, services
from qualitybrand.reports.models import DocumentState, IssuedDocument
from tests.factories import UserFactory
from tests.reports.factories_docscore import make_doc


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


def test_request_generates_a_draft_with_a_chinese_file_name(city_user, regions):
    doc = services.request_document(city_user, "annual_summary", regions["620500"], year=2013)
    assert doc.state == DocumentState.DRAFT and doc.progress == 100
    assert doc.file_name == "2013年度质量强市工作总结_天水市.docx"
    assert doc.file.open("rb").read(2) == b"PK"
    assert doc.data_version is not None and doc.created_by == city_user
    assert ChangeLog.objects.filter(model="reports.issueddocument", object_id=str(doc.pk)).count() >= 3


def test_county_generates_for_itself_only(county_user, regions):
    services.request_document(county_user, "annual_summary", regions["620502"], year=2013)
    with pytest.raises(PermissionDenied):
        services.request_document(county_user, "annual_summary", regions["620503"], year=2013)
    with pytest.raises(PermissionDenied):
        services.request_document(county_user, "annual_summary", regions["620500"], year=2013)
    assert IssuedDocument.objects.count() == 1


@pytest.mark.parametrize("role", ["leader", "department", "enterprise", "expert"])
def test_other_roles_may_not_generate(role, regions):
    user = UserFactory(role=role, region=regions["620500"])
    with pytest.raises(PermissionDenied):
        services.request_document(user, "annual_summary", regions["620500"], year=2013)
    assert not IssuedDocument.objects.exists()


@pytest.mark.parametrize("kind, kw, words", [
    ("nope", {"year": 2013}, "未知的文书类型"),
    ("annual_summary", {}, "需要年度"),
    ("annual_summary", {"year": 2999}, "年度须在"),
    ("annual_summary", {"year": "abc"}, "不是有效的年份"),
    ("status_report", {}, "需要截至日期"),
    ("status_report", {"as_of": dt.date(2999, 1, 1)}, "截至日期须在"),
])
def test_bad_requests_are_refused_in_chinese_and_nothing_saved(city_user, regions, kind, kw, words):
    with pytest.raises(ValidationError) as exc:
        services.request_document(city_user, kind, regions["620500"], **kw)
    assert words in "".join(exc.value.messages)
    assert not IssuedDocument.objects.exists()


def test_a_failing_build_leaves_state_failed_and_no_file(city_user, regions, monkeypatch, media):
    kind = kinds.get("annual_summary")

    def broken(req, ctx, progress):
        progress(50, "正文")
        raise RuntimeError("磁盘已满")
    monkeypatch.setitem(kinds._KINDS, "annual_summary",
                        kinds.Kind(kind.code, kind.label, kind.fmt, kind.period, kind.context, broken, kind.fields))
    doc = services.request_document(city_user, "annual_summary", regions["620500"], year=2013)
    assert doc.state == DocumentState.FAILED and "生成失败" in doc.message
    assert not doc.file and not doc.file_name
    assert not list(media.rglob("*.docx"))


def test_issue_requires_a_number_and_keeps_it_unique_in_the_region(city_user, regions):
    first = make_doc(regions["620500"])
    second = make_doc(regions["620500"])
    with pytest.raises(ValidationError) as exc:
        services.issue(city_user, first, "", "王建国", dt.date(2014, 1, 20))
    assert "请填写文号" in "".join(exc.value.messages)
    services.issue(city_user, first, "天质强办〔2014〕1号", "王建国", dt.date(2014, 1, 20))
    with pytest.raises(ValidationError) as exc:
        services.issue(city_user, second, "天质强办〔2014〕1号", "王建国", dt.date(2014, 1, 20))
    assert "已被本区划另一份已签发的文书使用" in "".join(exc.value.messages)
    other_region = make_doc(regions["620502"])
    services.issue(city_user, other_region, "天质强办〔2014〕1号", "王建国", dt.date(2014, 1, 20))
    first.refresh_from_db()
    assert first.state == DocumentState.ISSUED and first.signer == "王建国"
    assert ChangeLog.objects.filter(model="reports.issueddocument", object_id=str(first.pk),
                                    reason="签发").exists()


def test_an_issued_document_is_neither_issued_again_nor_deleted_nor_regenerated(city_user, regions):
    doc = make_doc(regions["620500"])
    services.issue(city_user, doc, "天质强办〔2014〕1号", "王建国", dt.date(2014, 1, 20))
    with pytest.raises(ValidationError):
        services.issue(city_user, doc, "天质强办〔2014〕2号", "王建国", dt.date(2014, 1, 20))
    with pytest.raises(ValidationError):
        services.delete_draft(city_user, doc)
    assert services.generate(doc).state == DocumentState.ISSUED
    assert IssuedDocument.objects.filter(pk=doc.pk, number="天质强办〔2014〕1号").exists()


def test_county_may_not_issue_the_citys_document(county_user, regions):
    doc = make_doc(regions["620500"])
    with pytest.raises(PermissionDenied):
        services.issue(county_user, doc, "X〔2014〕1号", "张三", dt.date(2014, 1, 20))


def test_delete_draft_removes_row_and_file(city_user, regions, media):
    doc = services.request_document(city_user, "status_report", regions["620500"], as_of=dt.date(2013, 12, 31))
    path = media / doc.file.name
    assert path.exists()
    services.delete_draft(city_user, doc)
    assert not IssuedDocument.objects.exists() and not path.exists()


def test_data_changed_since_notices_other_writes_only(city_user, regions):
    from qualitybrand.reports.selectors import data_changed_since
    from tests.factories import EntityFactory

    doc = services.request_document(city_user, "annual_summary", regions["620500"], year=2013)
    assert data_changed_since(doc) is False
    services.issue(city_user, doc, "天质强办〔2014〕1号", "王建国", dt.date(2014, 1, 20))
    assert data_changed_since(doc) is False
    from qualitybrand.core.services import create_record

    create_record(None, EntityFactory.build(region=regions["620502"]))
    assert data_changed_since(doc) is True


def test_demo_archive_issues_one_document_of_every_kind(regions):
    from qualitybrand.demo.story_reports import load_demo_reports

    UserFactory(username="city", role="city_admin", region=regions["620500"])
    made = load_demo_reports()
    assert {d.kind for d in made} == {k.code for k in kinds.all_kinds()}
    assert all(d.state == DocumentState.ISSUED and d.number.startswith("天质强办〔") for d in made)
    assert len({d.number for d in made}) == len(made)
    assert load_demo_reports() == []  # loaded again: nothing new
