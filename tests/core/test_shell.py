"""The page shell: menu, region/year selector, home page, error pages."""

import pytest
from django.test import override_settings

from qualitybrand.accounts.models import User
from tests.accounts.factories import make_user


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def county(regions):
    return make_user(role="county", region=regions["620502"])


@pytest.fixture
def city(regions):
    return make_user(role="city_admin", region=regions["620500"])


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_shell_shows_menu_areas_and_pending_pages(client, city):
    client.force_login(city)
    body = client.get("/").content.decode()
    for area in ["市场主体与知识产权", "指标与看板", "目标与考核", "品牌培育", "质量监管与信用", "报告与公示", "系统管理"]:
        assert area in body
    assert "建设中" not in body  # every page of the menu is built (navigation marks unresolved ones)
    assert 'href="/changelog/"' in body and 'href="/accounts/users/"' in body
    assert "工作台" in body and "天水市" in body


@pytest.mark.django_db
def test_county_selector_offers_only_its_scope(client, county):
    client.force_login(county)
    body = client.get("/", follow=True).content.decode()  # a county starts on its 工作清单
    assert 'value="620502"' in body
    assert 'value="620503"' not in body and 'value="620500"' not in body


@pytest.mark.django_db
def test_selection_is_remembered(client, city):
    client.force_login(city)
    response = client.post("/select/", {"region": "620503", "year": "2013", "next": "/changelog/"})
    assert response.status_code == 302 and response["Location"] == "/changelog/"
    city.refresh_from_db()
    assert (city.selected_region, city.selected_year) == ("620503", 2013)
    body = client.get("/").content.decode()
    assert '<option value="620503" selected>' in body and '<option value="2013" selected>' in body


@pytest.mark.django_db
def test_forged_region_is_refused(client, county):
    client.force_login(county)
    response = client.post("/select/", {"region": "620503"})
    assert response.status_code == 403 and "不在您的权限范围内" in response.content.decode()
    assert client.post("/select/", {"year": "1900"}).status_code == 403
    assert client.post("/select/", {"year": "abc"}).status_code == 403
    county.refresh_from_db()
    assert county.selected_region == "" and county.selected_year is None
    # an offsite next is not followed
    assert client.post("/select/", {"region": "620502", "next": "https://evil.example/"})["Location"] == "/"


@pytest.mark.django_db
def test_stale_selection_outside_scope_is_ignored(client, county):
    User.objects.filter(pk=county.pk).update(selected_region="620503")
    client.force_login(county)
    body = client.get("/", follow=True).content.decode()
    assert '<option value="620502" selected>' in body


@pytest.mark.django_db
def test_select_requires_post(client, county):
    client.force_login(county)
    assert client.get("/select/").status_code == 405


@pytest.mark.django_db
def test_404_page_is_chinese_and_says_nothing_about_existence(client, county):
    client.force_login(county)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "不存在，或不在您的管辖范围内" in response.content.decode()


@pytest.mark.django_db
def test_api_404_is_json(client, county):
    client.force_login(county)
    response = client.get("/api/v1/regions/620503/")
    assert response.status_code == 404 and "detail" in response.json()


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_oversized_body_gives_413(client, county):
    client.force_login(county)
    response = client.post("/select/", {"region": "x" * 5000})
    assert response.status_code == 413 and "提交的内容超过了允许的大小" in response.content.decode()
    response = client.post("/api/v1/regions/", data="{" + '"a": "' + "x" * 5000 + '"}',
                           content_type="application/json")
    assert response.status_code == 413 and "超过" in response.json()["detail"]


def test_error_views_render_directly(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import RequestDataTooBig

    from qualitybrand.core import views

    request = rf.get("/x/")
    request.user = AnonymousUser()
    assert views.server_error(request).status_code == 500
    assert "系统出错" in views.server_error(request).content.decode()
    assert views.bad_request(request, RequestDataTooBig()).status_code == 413
    api = rf.get("/api/v1/x/")
    api.user = AnonymousUser()
    assert views.too_many_requests(api).status_code == 429


@pytest.mark.django_db
def test_home_shortcuts_by_role(client, regions):
    enterprise_user = make_user(role="enterprise", region=regions["620502"])
    client.force_login(enterprise_user)
    body = client.get("/").content.decode()
    assert "品牌培育" in body and "用户管理" not in body


@pytest.mark.django_db
def test_inbox_page(client, county):
    client.force_login(county)
    assert "暂无待办事项" in client.get("/inbox/").content.decode()


def test_throttled_api_answers_429_in_chinese():
    from rest_framework.exceptions import Throttled

    from qualitybrand.core.api_base import exception_handler

    response = exception_handler(Throttled(wait=30), {})
    assert response.status_code == 429
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.data["detail"])


@pytest.mark.django_db
def test_menu_marks_the_current_page(client, city):
    client.force_login(city)
    body = client.get("/changelog/").content.decode()
    assert '<a href="/changelog/" class="active" aria-current="page">' in body


@pytest.mark.django_db
def test_inbox_providers(client, county, monkeypatch):
    from qualitybrand.core import inbox

    monkeypatch.setattr(inbox, "PROVIDERS", [])
    inbox.register(lambda user: [inbox.Item("待审核的申报", "/cultivation/", 3, overdue=True)])
    inbox.register(lambda user: 1 / 0)  # a broken provider does not break the page
    client.force_login(county)
    body = client.get("/inbox/").content.decode()
    assert "待审核的申报" in body and "3 件" in body and "逾期" in body
    assert '<span class="badge">3</span>' in client.get("/", follow=True).content.decode()


def test_csrf_failure_page(rf):
    from django.contrib.auth.models import AnonymousUser

    from qualitybrand.core.views import csrf_failure

    request = rf.post("/x/")
    request.user = AnonymousUser()
    response = csrf_failure(request)
    assert response.status_code == 403 and "CSRF" in response.content.decode()


@pytest.mark.django_db
def test_htmx_request_after_timeout_gets_hx_redirect(client, county):
    from qualitybrand.accounts.middleware import SESSION_SEEN, SESSION_START

    client.force_login(county)
    session = client.session
    session[SESSION_START] = session[SESSION_SEEN] = 0
    session.save()
    response = client.get("/inbox/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/login/")
