"""迎检 pages: list, start form, the preparation page with its what-if, downloads and refusals."""

import pytest
from django.urls import reverse

from qualitybrand.inspection.models import Preparation
from tests.factories import UserFactory
from tests.inspection.factories import preparation, province_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(client, city_user):
    client.force_login(city_user)
    return client


def test_start_form_creates_and_drafts(city):
    scheme = province_scheme()
    page = city.get(reverse("inspection:start"))
    assert page.status_code == 200 and scheme.name in page.content.decode()
    response = city.post(reverse("inspection:start"), {"scheme": scheme.pk, "as_of": "2013-12-31",
                                                       "deadline": "2014-01-20"})
    prep = Preparation.objects.get()
    assert response.status_code == 302 and response["Location"] == prep.get_absolute_url()
    assert prep.items.count() == 6


def test_start_form_refuses_bad_input_with_a_message(city):
    province_scheme("620502")  # assesses a county, not the city: not offered
    response = city.post(reverse("inspection:start"), {"scheme": "999", "as_of": "2013-12-31", "deadline": "2014-01-20"})
    assert response.status_code == 400 and "请选择考核本市的上级考核方案" in response.content.decode()
    scheme = province_scheme()
    response = city.post(reverse("inspection:start"), {"scheme": scheme.pk, "as_of": "x", "deadline": "2014-01-20"})
    assert response.status_code == 400 and "不是有效日期" in response.content.decode()
    assert not Preparation.objects.exists()


def test_preparation_page_shows_items_and_what_if(city):
    prep = preparation()
    url = prep.get_absolute_url()
    body = city.get(url).content.decode()
    assert "A1 商标申请量目标完成情况" in body and "≥ 200" in body and "创建交办任务" in body
    body = city.get(url, {"whatif": "1", "v-insp.pass_rate": "95", "m-A3": "30"}).content.decode()
    assert "按假设值试算：总分 <strong>50.00</strong>" in body and "仅为试算，未保存" in body
    body = city.get(url, {"whatif": "1", "m-A3": "31"}).content.decode()
    assert "假设分数应在 0 到 30 分之间" in body
    assert prep.items.get(item_code="A3").score is None


def test_score_out_of_range_shows_a_message_and_saves_nothing(city):
    prep = preparation()
    response = city.post(reverse("inspection:score", args=[prep.pk]), {"item": "A3", "score": "40"}, follow=True)
    assert "超出范围：应在 0 到 30 分之间" in response.content.decode()
    assert prep.items.get(item_code="A3").score is None


def test_package_too_big_redirects_with_the_message(city, settings):
    prep = preparation()
    settings.INSPECTION_PACKAGE_MAX_BYTES = -1
    response = city.get(reverse("inspection:package", args=[prep.pk]), follow=True)
    assert response.redirect_chain and "超过印证材料包允许的" in response.content.decode()


def test_downloads(city):
    prep = preparation()
    docx = city.get(reverse("inspection:report", args=[prep.pk]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert "filename*=UTF-8''" in docx["Content-Disposition"]
    zipped = city.get(reverse("inspection:package", args=[prep.pk]))
    assert zipped.status_code == 200 and b"".join(zipped.streaming_content)[:2] == b"PK"


def test_leader_reads_but_cannot_write_and_county_gets_404(client, regions):
    prep = preparation()
    client.force_login(UserFactory(role="leader", region=regions["620500"]))
    body = client.get(prep.get_absolute_url()).content.decode()
    assert prep.title in body and "保存评分" not in body and "创建交办任务" not in body
    assert client.post(reverse("inspection:score", args=[prep.pk]), {"item": "A3", "score": "1"}).status_code == 403
    client.force_login(UserFactory(role="county", region=regions["620502"]))
    assert client.get(prep.get_absolute_url()).status_code == 404
    assert client.get(reverse("inspection:index")).status_code == 403
