"""文书模板 pages and writes: upload (refused uploads save nothing), activation and fallback, scoping, preview,
downloads, and `render_for` as document generation calls it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qualitybrand.core.models import ChangeLog
from qualitybrand.reports import office_templates as ot
from qualitybrand.reports import pdf
from qualitybrand.reports.kinds import DocRequest
from qualitybrand.reports.models import OfficeTemplate
from tests.accounts.factories import make_user
from tests.reports.factories_templates import KIND, docx_of, registered_kind, texts_of

GOOD = ["{{ 区划 }}{{ 年度 }}年有效注册商标{{ 商标数 }}件。", "{%p for r in 县区 %}", "{{ r.名称 }}：{{ r.商标数 }}件",
        "{%p endfor %}"]


@pytest.fixture
def test_kind():
    yield from registered_kind()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def users(regions):
    return {"city": make_user(role="city_admin", region=regions["620500"]),
            "qinzhou": make_user(role="county", region=regions["620502"]),
            "maiji": make_user(role="county", region=regions["620503"]),
            "leader": make_user(role="leader", region=regions["620500"]),
            "department": make_user(role="department", region=regions["620500"])}


def client_for(client, user):
    client.force_login(user)
    return client


def upload_file(paragraphs=GOOD, name="总结模板.docx"):
    return SimpleUploadedFile(name, docx_of(paragraphs), content_type="application/octet-stream")


def make_template(user, name="模板", paragraphs=GOOD, active=False):
    template = ot.upload(user, kind=KIND, name=name, upload_file=upload_file(paragraphs))
    if active:
        ot.activate(user, template)
    return template


def stored_files(media: Path) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()] if Path(media).exists() else []


def test_good_upload_is_saved_inactive_and_change_logged(client, users, test_kind, media):
    response = client_for(client, users["qinzhou"]).post(reverse("reports:template-upload"), {
        "kind": KIND, "name": "秦州区年度总结", "note": "局办公室版式", "file": upload_file()})
    template = OfficeTemplate.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:template-preview",
                                                                             args=[template.pk])
    assert (template.region.code, template.name, template.active, template.original_name) == \
        ("620502", "秦州区年度总结", False, "总结模板.docx")
    assert len(stored_files(media)) == 1
    assert ChangeLog.objects.filter(model="reports.officetemplate", action="create").count() == 1


@pytest.mark.parametrize("paragraphs, message", [
    (["标题", "{{ 年度 }"], "正文第 2 段「{{ 年度 }」附近：缺少 }}"),
    (["{{ 县区.__class__ }}"], "不允许访问属性「.__class__」"),
    (["{{ 商标总数 }}"], "「商标总数」不是年度工作总结提供的数据项"),
    (["{% include 'x' %}"], "不允许使用 {% include %}"),
])
def test_refused_upload_saves_nothing_and_keeps_the_form(client, users, test_kind, media, paragraphs, message):
    logs = ChangeLog.objects.count()
    response = client_for(client, users["qinzhou"]).post(reverse("reports:template-upload"), {
        "kind": KIND, "name": "坏模板", "note": "说明文字", "file": upload_file(paragraphs)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "模板未通过检查，没有保存" in text and message in text.replace("&#x27;", "'").replace("&quot;", '"')
    assert 'value="坏模板"' in text and "说明文字" in text
    assert OfficeTemplate.objects.count() == 0
    assert stored_files(media) == []
    assert ChangeLog.objects.count() == logs


def test_too_large_and_non_docx_uploads_save_nothing(client, users, test_kind, media, settings):
    c = client_for(client, users["qinzhou"])
    fake = SimpleUploadedFile("总结.docx", b"MZ\x90\x00 not a document")
    response = c.post(reverse("reports:template-upload"), {"kind": KIND, "name": "甲", "file": fake})
    assert response.status_code == 400 and "不是有效的 Word 文档" in response.content.decode()
    settings.QB_TEMPLATE_MAX_BYTES = 20_000
    response = c.post(reverse("reports:template-upload"), {"kind": KIND, "name": "乙", "file": upload_file()})
    assert response.status_code == 400 and "超过模板文件" in response.content.decode()
    assert OfficeTemplate.objects.count() == 0 and stored_files(media) == []
    assert not ChangeLog.objects.filter(model="reports.officetemplate").exists()


def test_activation_keeps_one_active_per_kind_and_region(users, test_kind, media):
    first = make_template(users["qinzhou"], "甲", active=True)
    second = make_template(users["qinzhou"], "乙")
    other_county = make_template(users["maiji"], "麦积", active=True)
    ot.activate(users["qinzhou"], second)
    first.refresh_from_db(), second.refresh_from_db(), other_county.refresh_from_db()
    assert (first.active, second.active, other_county.active) == (False, True, True)
    assert ChangeLog.objects.filter(model="reports.officetemplate", action="update",
                                    object_id=str(first.pk)).count() == 2  # activated, then stopped
    ot.deactivate(users["qinzhou"], second)
    second.refresh_from_db()
    assert second.active is False
    assert ot.active_template(KIND, users["qinzhou"].region) is None


def test_county_without_its_own_template_uses_the_citys(users, regions, test_kind, media):
    assert ot.active_template(KIND, regions["620502"]) is None
    city = make_template(users["city"], "市局模板", active=True)
    assert ot.active_template(KIND, regions["620502"]) == city
    own = make_template(users["qinzhou"], "秦州模板", active=True)
    assert ot.active_template(KIND, regions["620502"]) == own
    assert ot.active_template(KIND, regions["620503"]) == city
    assert ot.active_template(KIND, regions["620500"]) == city


def test_render_for_uses_the_active_template_else_none(users, regions, test_kind, media):
    req = DocRequest(kind=KIND, region=regions["620502"], year=2013)
    ctx = test_kind.context(req)
    assert ot.render_for(req, ctx) is None
    make_template(users["qinzhou"], active=True)
    assert texts_of(ot.render_for(req, ctx)) == ["秦州区2013年有效注册商标1828件。", "秦州区：600件", "麦积区：400件"]


def test_render_for_raises_a_chinese_validation_error(users, regions, test_kind, media):
    make_template(users["qinzhou"], paragraphs=["{{ 商标数 / 年度 }}"], active=True)
    req = DocRequest(kind=KIND, region=regions["620502"], year=2013)
    with pytest.raises(ValidationError) as exc:
        ot.render_for(req, dict(test_kind.context(req), 年度=0))
    assert exc.value.messages[0].startswith("模板“模板”生成失败：正文第 1 段")


def test_county_cannot_upload_for_another_county(users, regions, test_kind, media):
    with pytest.raises(PermissionDenied):
        ot.upload(users["qinzhou"], kind=KIND, name="越权", upload_file=upload_file(), region=regions["620503"])
    assert OfficeTemplate.objects.count() == 0 and stored_files(media) == []


def test_county_neither_sees_nor_changes_another_countys_template(client, users, test_kind, media):
    theirs = make_template(users["maiji"], "麦积区专用模板")
    c = client_for(client, users["qinzhou"])
    listing = c.get(reverse("reports:templates")).content.decode()
    assert "麦积区专用模板" not in listing
    for name in ("reports:template-preview", "reports:template-download"):
        assert c.get(reverse(name, args=[theirs.pk])).status_code == 404
    for name in ("reports:template-activate", "reports:template-delete"):
        assert c.post(reverse(name, args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.active is False and OfficeTemplate.objects.filter(pk=theirs.pk).exists()
    assert not OfficeTemplate.objects.for_user(users["qinzhou"]).filter(pk=theirs.pk).exists()


def test_city_sees_the_counties_templates(client, users, test_kind, media):
    make_template(users["maiji"], "麦积区专用模板")
    assert "麦积区专用模板" in client_for(client, users["city"]).get(reverse("reports:templates")).content.decode()


@pytest.mark.parametrize("role", ["leader", "department"])
def test_leader_and_department_have_no_template_pages(client, users, role, test_kind):
    assert client_for(client, users[role]).get(reverse("reports:templates")).status_code == 403


def test_list_shows_built_in_and_the_inherited_template(client, users, test_kind, media):
    make_template(users["city"], "市局统一模板", active=True)
    text = client_for(client, users["qinzhou"]).get(reverse("reports:templates")).content.decode()
    assert "年度工作总结" in text and "内置模板（GB/T 9704 公文格式）" in text
    assert "沿用天水市的模板" in text and "市局统一模板" in text


def test_activate_deactivate_delete_through_the_pages(client, users, test_kind, media,
                                                      django_capture_on_commit_callbacks):
    template = make_template(users["qinzhou"])
    c = client_for(client, users["qinzhou"])
    assert c.post(reverse("reports:template-activate", args=[template.pk])).status_code == 302
    template.refresh_from_db()
    assert template.active
    c.post(reverse("reports:template-deactivate", args=[template.pk]))
    template.refresh_from_db()
    assert not template.active
    with django_capture_on_commit_callbacks(execute=True):
        c.post(reverse("reports:template-delete", args=[template.pk]))
    assert not OfficeTemplate.objects.exists() and stored_files(media) == []
    assert ChangeLog.objects.filter(model="reports.officetemplate", action="delete").count() == 1


def test_preview_renders_real_data_and_downloads(client, users, test_kind, media, monkeypatch):
    template = make_template(users["qinzhou"])
    c = client_for(client, users["qinzhou"])
    page = c.get(reverse("reports:template-preview", args=[template.pk]), {"year": "2012"}).content.decode()
    assert "秦州区2012年有效注册商标1828件。" in page and "麦积区：400件" in page
    docx = c.get(reverse("reports:template-preview-file", args=[template.pk, "docx"]), {"year": "2012"})
    assert texts_of(docx.content)[0] == "秦州区2012年有效注册商标1828件。"
    monkeypatch.setattr(pdf, "soffice", lambda: None)
    page = c.get(reverse("reports:template-preview", args=[template.pk])).content.decode()
    assert "本机未安装 LibreOffice" in page
    response = c.get(reverse("reports:template-preview-file", args=[template.pk, "pdf"]), follow=True)
    assert "本机未安装 LibreOffice" in response.content.decode()
    bad = c.get(reverse("reports:template-preview", args=[template.pk]), {"year": "二〇一三"})
    assert bad.status_code == 200 and "年度“二〇一三”无效" in bad.content.decode()
    download = c.get(reverse("reports:template-download", args=[template.pk]))
    assert download.content == template.file.open("rb").read()


def test_preview_shows_a_rendering_error_not_a_500(client, users, test_kind, media):
    template = make_template(users["qinzhou"], paragraphs=["{{ 商标数 / (年度 - 年度) }}"])
    response = client_for(client, users["qinzhou"]).get(reverse("reports:template-preview", args=[template.pk]),
                                                        {"year": "2013"})
    assert response.status_code == 200 and "按真实数据生成失败" in response.content.decode()
    OfficeTemplate.objects.filter(pk=template.pk).update(file="report-templates/missing.docx")
    response = client.get(reverse("reports:template-preview", args=[template.pk]))
    assert response.status_code == 200 and "模板文件已丢失" in response.content.decode()


def test_sample_download_is_a_template_that_passes(client, users, test_kind):
    response = client_for(client, users["qinzhou"]).get(reverse("reports:template-sample", args=[KIND]))
    assert response.status_code == 200
    assert ot.check_template(test_kind, response.content) == []
    assert "有效注册商标（件）" in "\n".join(texts_of(response.content))
    assert client.get(reverse("reports:template-sample", args=["nonexistent"])).status_code == 404


def test_upload_without_a_file_or_name_says_so(client, users, test_kind, media):
    response = client_for(client, users["qinzhou"]).post(reverse("reports:template-upload"), {"kind": KIND})
    text = response.content.decode()
    assert response.status_code == 400 and "请填写模板名称" in text and "请选择模板文件" in text
    assert OfficeTemplate.objects.count() == 0




@pytest.mark.skipif(not pdf.available(), reason="LibreOffice 未安装：PDF 预览无法测试")
def test_preview_pdf_through_libreoffice(client, users, test_kind, media):
    template = make_template(users["qinzhou"])
    c = client_for(client, users["qinzhou"])
    response = c.get(reverse("reports:template-preview-file", args=[template.pk, "pdf"]), {"year": "2013"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert c.get(reverse("reports:template-preview-file", args=[template.pk, "exe"])).status_code == 404
