"""The public portal's pages: anonymous, published only, cacheable, no cookie."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from qualitybrand.portal.models import PortalAttachment, PublishState
from tests.factories import EntityFactory
from tests.portal.factories_pub import (
    BlacklistEntryFactory,
    InspectionFactory,
    PortalPageFactory,
    PublicationFactory,
)

TODAY = dt.date(2014, 7, 10)


@pytest.fixture(autouse=True)
def fixed_today(settings, tmp_path):
    settings.QB_TODAY = TODAY
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def content(regions):
    own = regions["620502"]
    firm = EntityFactory(region=own, name="天水公开企业有限公司")
    shown = [InspectionFactory(entity=firm, number="CJ-PUB-1", conclusion="不合格", failed_items="导体电阻",
                               sampled=dt.date(2014, 3, 1)),
             InspectionFactory(entity=firm, number="CJ-PUB-2", conclusion="合格", sampled=dt.date(2014, 3, 2))]
    hidden_firm = EntityFactory(region=own, name="草稿公告里的企业")
    hidden = InspectionFactory(entity=hidden_firm, number="CJ-HID-1")
    data = {
        "published": PublicationFactory(region=own, title="2014年第一季度产品质量监督抽查结果公告",
                                        inspections=shown),
        "draft": PublicationFactory(region=own, title="草稿公告", state=PublishState.DRAFT, published_on=None,
                                    inspections=[hidden]),
        "withdrawn": PublicationFactory(region=own, title="撤回的公告", state=PublishState.WITHDRAWN,
                                        inspections=[hidden]),
        "policy": PortalPageFactory(region=own, title="关于贯彻甘肃省质量发展纲要的实施意见"),
        "news": PortalPageFactory(region=own, section="news", title="全市质量工作会议召开", doc_number=""),
        "draft_page": PortalPageFactory(region=own, title="草稿页面标题", state=PublishState.DRAFT,
                                        published_on=None),
        "withdrawn_page": PortalPageFactory(region=own, section="news", title="撤回页面标题",
                                            state=PublishState.WITHDRAWN),
    }
    for key in ("policy", "draft_page", "withdrawn_page"):
        page = data[key]
        attachment = PortalAttachment(page=page, region=own, original_name=f"{key}.pdf", size=9)
        attachment.file.save(f"{key}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        data[f"{key}_file"] = attachment
    return data


PUBLIC_URLS = ["/portal/", "/portal/inspections/", "/portal/blacklist/", "/portal/policies/", "/portal/news/"]


@pytest.mark.django_db
def test_every_public_page_answers_anonymously(client, content):
    urls = PUBLIC_URLS + [f"/portal/inspections/{content['published'].pk}/", f"/portal/pages/{content['policy'].pk}/",
                          f"/portal/pages/{content['news'].pk}/", f"/portal/attachments/{content['policy_file'].pk}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=60", url
        assert response.has_header("ETag"), url
        assert not response.cookies, url
        assert "Cookie" not in response.get("Vary", ""), url
        assert "Set-Cookie" not in response, url


@pytest.mark.django_db
def test_home_lists_the_latest_of_each_section(client, content):
    body = client.get("/portal/").content.decode()
    for text in ["2014年第一季度产品质量监督抽查结果公告", "关于贯彻甘肃省质量发展纲要的实施意见", "全市质量工作会议召开",
                 'href="/portal/complaint/"', 'href="/portal/brands/"', 'lang="zh-CN"', "天水市市场监督管理局"]:
        assert text in body
    for text in ["草稿公告", "撤回的公告", "草稿页面标题", "撤回页面标题"]:
        assert text not in body


@pytest.mark.django_db
def test_publication_shows_public_columns_only(client, content):
    listing = client.get("/portal/inspections/").content.decode()
    assert "2014年第一季度产品质量监督抽查结果公告" in listing and "抽查 2 批次，其中不合格 1 批次" in listing
    assert "草稿公告" not in listing and "撤回的公告" not in listing
    body = client.get(f"/portal/inspections/{content['published'].pk}/").content.decode()
    for text in ["天水公开企业有限公司", "电线电缆", "2014-03-01", "不合格", "导体电阻", "省"]:
        assert text in body
    assert "CJ-PUB-1" not in body  # the record's number, region and the rest stay in the office
    assert content["published"].inspections.first().entity.uscc not in body
    assert "草稿公告里的企业" not in body


@pytest.mark.django_db
def test_drafts_and_withdrawn_answer_like_a_missing_id(client, content):
    missing = client.get("/portal/inspections/999999/")
    assert missing.status_code == 404
    for key, prefix in [("draft", "inspections"), ("withdrawn", "inspections"), ("draft_page", "pages"),
                        ("withdrawn_page", "pages"), ("draft_page_file", "attachments"),
                        ("withdrawn_page_file", "attachments")]:
        response = client.get(f"/portal/{prefix}/{content[key].pk}/")
        assert response.status_code == 404, key
        assert response.content == client.get(f"/portal/{prefix}/999999/").content, key
    body = client.get("/portal/policies/").content.decode() + client.get("/portal/news/").content.decode()
    assert "关于贯彻甘肃省质量发展纲要的实施意见" in body and "全市质量工作会议召开" in body
    assert "草稿页面标题" not in body and "撤回页面标题" not in body


@pytest.mark.django_db
def test_attachment_is_a_download_with_a_safe_type(client, content):
    response = client.get(f"/portal/attachments/{content['policy_file'].pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"


@pytest.mark.django_db
def test_blacklist_shows_entries_in_force_today_only(client, regions):
    own = regions["620502"]
    listed = BlacklistEntryFactory(entity=EntityFactory(region=own, name="在列失信企业"), listed=dt.date(2013, 5, 2),
                                   reason="生产销售不合格产品", authority="天水市市场监督管理局")
    BlacklistEntryFactory(entity=EntityFactory(region=own, name="已修复企业"), listed=dt.date(2013, 1, 5),
                          removed=dt.date(2014, 3, 1), removal_method="信用修复")
    BlacklistEntryFactory(entity=EntityFactory(region=own, name="已移出企业"), listed=dt.date(2011, 1, 5),
                          removed=dt.date(2014, 1, 5), removal_method="期满移出")
    BlacklistEntryFactory(entity=EntityFactory(region=own, name="三年已满企业"), listed=dt.date(2011, 7, 1))
    BlacklistEntryFactory(entity=EntityFactory(region=own, name="将来列入企业"), listed=dt.date(2014, 8, 1))
    body = client.get("/portal/blacklist/").content.decode()
    for text in ["在列失信企业", listed.entity.uscc, "2013-05-02", "生产销售不合格产品", "天水市市场监督管理局"]:
        assert text in body
    for text in ["已修复企业", "已移出企业", "三年已满企业", "将来列入企业"]:
        assert text not in body
    found = client.get("/portal/blacklist/", {"q": "在列"}).content.decode()
    assert "在列失信企业" in found
    none = client.get("/portal/blacklist/", {"q": "已修复"}).content.decode()
    assert "已修复企业" not in none and "没有名称含“已修复”的在列主体" in none


@pytest.mark.django_db
def test_if_none_match_answers_304_until_the_data_changes(client, content):
    first = client.get("/portal/policies/")
    etag = first["ETag"]
    again = client.get("/portal/policies/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    other = client.get("/portal/news/")
    assert other["ETag"] != etag  # the page's own identity is in the tag
    from qualitybrand.core import changelog

    changelog.bump_data_version()
    assert client.get("/portal/policies/", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.django_db
def test_public_pages_are_get_only(client, content):
    for url in PUBLIC_URLS:
        assert client.post(url, {}).status_code == 405


@pytest.mark.django_db
def test_signed_in_user_sees_the_same_page_without_store(client, content, city_user):
    client.force_login(city_user)
    response = client.get("/portal/")
    assert response.status_code == 200 and "关于贯彻甘肃省质量发展纲要的实施意见" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_page_body_is_sanitised_when_shown(client, regions):
    page = PortalPageFactory(region=regions["620502"], body='<p onclick="x">正文<script>alert(1)</script></p>')
    body = client.get(f"/portal/pages/{page.pk}/").content.decode()
    assert "<p>正文</p>" in body and "alert(1)" not in body and "onclick" not in body


@pytest.mark.django_db
def test_pagination_of_long_lists(client, regions):
    for i in range(23):
        PortalPageFactory(region=regions["620502"], section="news", title=f"动态{i:02d}号", doc_number="")
    first = client.get("/portal/news/").content.decode()
    second = client.get("/portal/news/", {"page": "2"}).content.decode()
    assert "共 23 条" in first and 'href="?page=2"' in first
    assert first.count("动态") - first.count("工作动态") == 20
    assert "第 2 / 2 页" in second
    assert client.get("/portal/news/", {"page": "abc"}).status_code == 200
