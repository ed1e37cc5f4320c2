"""The office's publishing: pages, attachments, inspection publications; change log and scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.core.models import ChangeLog
from qualitybrand.portal import services
from qualitybrand.portal.models import InspectionPublication, PortalAttachment, PortalPage, PublishState
from tests.factories import EntityFactory, UserFactory
from tests.portal.factories_pub import InspectionFactory, PortalPageFactory

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings, tmp_path):
    settings.QB_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path


def _log(obj):
    return list(ChangeLog.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id"))


@pytest.mark.django_db
def test_page_write_publish_withdraw_edit_are_change_logged(client, city_user):
    client.force_login(city_user)
    response = client.post("/portal/manage/pages/new/", {
        "section": "policy", "title": "关于进一步加强标准化工作的意见", "doc_number": "天政发〔2014〕8号",
        "source": "天水市人民政府", "summary": "摘要", "body": '<p onclick="x">正文<script>alert(1)</script></p>'})
    page = PortalPage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/portal/manage/pages/{page.pk}/"
    assert page.state == PublishState.DRAFT and page.body == "<p>正文</p>" and page.region == city_user.region
    assert client.get(f"/portal/pages/{page.pk}/").status_code == 404

    client.post(f"/portal/manage/pages/{page.pk}/publish/")
    page.refresh_from_db()
    assert page.state == PublishState.PUBLISHED and page.published_on == TODAY
    client.logout()
    assert client.get(f"/portal/pages/{page.pk}/").status_code == 200
    client.force_login(city_user)

    refused = client.post(f"/portal/manage/pages/{page.pk}/", {"section": "policy", "title": "改", "body": "<p>x</p>"})
    assert refused.status_code == 400 and "请先撤回" in refused.content.decode()
    client.post(f"/portal/manage/pages/{page.pk}/withdraw/")
    page.refresh_from_db()
    assert page.state == PublishState.WITHDRAWN and page.withdrawn_on == TODAY
    client.post(f"/portal/manage/pages/{page.pk}/", {"section": "policy", "title": "改后的标题", "body": "<p>新</p>"})
    page.refresh_from_db()
    assert page.title == "改后的标题"

    log = _log(page)
    assert [e.action for e in log] == ["create", "update", "update", "update"]
    assert log[1].after["state"] == "published" and log[1].after["published_on"] == "2014-07-10"
    assert log[1].before["state"] == "draft" and log[1].reason == "发布"
    assert log[2].before["state"] == "published" and log[2].after["state"] == "withdrawn"
    assert all(e.username == city_user.username for e in log)


@pytest.mark.django_db
def test_bad_page_input_gets_chinese_messages_and_saves_nothing(client, city_user):
    client.force_login(city_user)
    response = client.post("/portal/manage/pages/new/", {"section": "x", "title": "", "body": "<script>x</script>"})
    text = response.content.decode()
    assert response.status_code == 400 and "请选择栏目" in text and "请填写标题" in text
    assert not PortalPage.objects.exists()
    long = client.post("/portal/manage/pages/new/", {"section": "news", "title": "题" * 201, "body": "<p>x</p>"})
    assert long.status_code == 400 and "不能超过 200 个字" in long.content.decode()


@pytest.mark.django_db
def test_attachments_are_checked_and_logged(client, city_user):
    client.force_login(city_user)
    page = PortalPageFactory(region=city_user.region, state=PublishState.DRAFT, published_on=None)
    fake = SimpleUploadedFile("通知.pdf", b"MZ\x90\x00program", content_type="application/pdf")
    client.post(f"/portal/manage/pages/{page.pk}/attachments/", {"file": fake})
    assert not PortalAttachment.objects.exists()
    good = SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    client.post(f"/portal/manage/pages/{page.pk}/attachments/", {"file": good})
    attachment = PortalAttachment.objects.get()
    assert attachment.original_name == "通知.pdf" and attachment.region == page.region
    assert [e.action for e in _log(attachment)] == ["create"]
    client.post(f"/portal/manage/attachments/{attachment.pk}/delete/")
    assert not PortalAttachment.objects.exists() and [e.action for e in _log(attachment)] == ["create", "delete"]


@pytest.mark.django_db
def test_attachment_size_limit(city_user, settings):
    settings.QB_PORTAL_ATTACHMENT_MB = 1
    page = PortalPageFactory(region=city_user.region, state=PublishState.DRAFT, published_on=None)
    big = SimpleUploadedFile("大.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="超过 1 MB"):
        services.add_attachment(city_user, page, big)


@pytest.fixture
def two_counties(regions):
    own = [InspectionFactory(entity=EntityFactory(region=regions["620502"]), level="市",
                             sampled=dt.date(2014, 2, d), conclusion="合格" if d % 2 else "不合格") for d in (1, 2, 3)]
    other = [InspectionFactory(entity=EntityFactory(region=regions["620503"]), level="市", sampled=dt.date(2014, 2, 5))]
    return own, other


@pytest.mark.django_db
def test_publication_filter_preview_create_publish(client, city_user, two_counties):
    own, other = two_counties
    client.force_login(city_user)
    query = {"preview": "1", "region": "620502", "start": "2014-01-01", "end": "2014-03-31", "level": "市"}
    preview = client.get("/portal/manage/inspections/new/", query)
    text = preview.content.decode()
    assert preview.status_code == 200 and "<strong>3</strong> 批次" in text and "<strong>1</strong> 批次" in text
    assert own[0].entity.name in text and other[0].entity.name not in text
    post = {k: v for k, v in query.items() if k != "preview"} | {"title": "2014年第一季度产品质量监督抽查结果公告"}
    response = client.post("/portal/manage/inspections/new/", post)
    publication = InspectionPublication.objects.get()
    assert response.status_code == 302
    assert set(publication.inspections.values_list("pk", flat=True)) == {i.pk for i in own}
    assert publication.state == PublishState.DRAFT
    client.post(f"/portal/manage/inspections/{publication.pk}/publish/")
    publication.refresh_from_db()
    assert publication.state == PublishState.PUBLISHED
    client.post(f"/portal/manage/inspections/{publication.pk}/withdraw/")
    publication.refresh_from_db()
    assert publication.state == PublishState.WITHDRAWN
    log = _log(publication)
    assert [e.action for e in log] == ["create", "update", "update", "update"]
    assert sorted(log[1].after["inspections"]) == sorted(i.number for i in own)
    assert log[2].after["state"] == "published" and log[3].after["state"] == "withdrawn"


@pytest.mark.django_db
def test_publication_filter_refuses_bad_input(client, city_user, two_counties):
    client.force_login(city_user)
    bad = client.get("/portal/manage/inspections/new/", {"start": "2014-13-01", "end": "x"})
    assert bad.status_code == 400 and "不是有效日期" in bad.content.decode()
    empty = client.post("/portal/manage/inspections/new/", {"start": "2020-01-01", "title": "空"})
    assert empty.status_code == 400 and "没有选中任何抽查记录" in empty.content.decode()
    assert not InspectionPublication.objects.exists()


@pytest.mark.django_db
def test_county_cannot_publish_another_countys_inspections(client, county_user, two_counties):
    own, other = two_counties
    with pytest.raises(PermissionDenied):
        services.create_publication(county_user, title="越权公告", inspection_ids=[own[0].pk, other[0].pk])
    assert not InspectionPublication.objects.exists()
    client.force_login(county_user)
    response = client.post("/portal/manage/inspections/new/", {"region": "620503", "title": "越权公告"})
    assert response.status_code == 400 and "不在您的管辖范围内" in response.content.decode()
    assert not InspectionPublication.objects.exists()
    # with no region chosen, the county's whole scope is its own region only
    client.post("/portal/manage/inspections/new/", {"title": "本区公告", "level": "市"})
    publication = InspectionPublication.objects.get()
    assert set(publication.inspections.values_list("pk", flat=True)) == {i.pk for i in own}
    assert publication.region == county_user.region


@pytest.mark.django_db
def test_county_cannot_touch_another_countys_page(client, county_user, regions):
    other = PortalPageFactory(region=regions["620503"], state=PublishState.DRAFT, published_on=None)
    client.force_login(county_user)
    assert client.get(f"/portal/manage/pages/{other.pk}/").status_code == 404
    assert client.post(f"/portal/manage/pages/{other.pk}/publish/").status_code == 404
    other.refresh_from_db()
    assert other.state == PublishState.DRAFT
    with pytest.raises(PermissionDenied):
        services.publish_page(county_user, other)
    assert "其他区" not in client.get("/portal/manage/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["department", "leader", "enterprise", "expert"])
def test_other_roles_are_refused(client, regions, role):
    user = UserFactory(role=role, region=regions["620500"])
    client.force_login(user)
    for url in ["/portal/manage/", "/portal/manage/pages/new/", "/portal/manage/inspections/new/"]:
        assert client.get(url).status_code == 403, url
    assert client.post("/portal/manage/pages/new/", {"section": "news", "title": "x", "body": "<p>x</p>"}
                       ).status_code == 403
    assert not PortalPage.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client):
    response = client.get("/portal/manage/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
