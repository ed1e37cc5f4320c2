"""Registry pages: list filters like the API, detail 404 outside the scope, forms through services."""

from __future__ import annotations

import datetime as dt

import pytest

from qualitybrand.core.codes import make_uscc
from qualitybrand.core.models import ChangeLog
from qualitybrand.registry.models import Entity, Trademark
from tests.api import factories as af
from tests.factories import EntityFactory, TrademarkFactory


def test_list_filters_sort_and_counts(page_users, login, regions):
    e = EntityFactory(region=regions["620502"], name="甲字号企业")
    TrademarkFactory(holder=e, name="秦州老字号", registered=dt.date(2011, 3, 1), expires=dt.date(2021, 2, 28))
    TrademarkFactory(holder=e, name="未来商标", registered=dt.date(2014, 3, 1), expires=dt.date(2024, 2, 28))
    TrademarkFactory(holder=EntityFactory(region=regions["620503"]), name="麦积商标")
    client = login(page_users["city"])
    page = client.get("/registry/trademarks/", {"region": "620502", "valid_on": "2013-12-31"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "秦州老字号" in html and "未来商标" not in html and "麦积商标" not in html
    assert "共 <strong>1</strong> 件" in html
    assert "有效于（日期）：2013-12-31" in html and "秦州区（620502）及下级" in html  # the applied filters
    everything = client.get("/registry/trademarks/", {"ordering": "-name", "page_size": 50}).content.decode()
    assert everything.index("麦积商标") < everything.index("秦州老字号")
    bad = client.get("/registry/trademarks/", {"year": "abc", "region": "999999"})
    assert bad.status_code == 400 and "年度应为四位数字" in bad.content.decode()
    assert "区划代码“999999”不存在" in bad.content.decode()


def test_numbers_right_aligned_with_thousands_separators(page_users, login, regions):
    pledgor = EntityFactory(region=regions["620502"])
    af.PledgeFactory(pledgor=pledgor, amount=1234567.5)
    html = login(page_users["city"]).get("/registry/pledges/").content.decode()
    assert '<td class="num">1,234,567.50</td>' in html


def test_county_user_gets_404_for_other_county(page_users, login, regions):
    other = EntityFactory(region=regions["620503"])
    mark = TrademarkFactory(holder=other)
    client = login(page_users["county"])
    assert client.get(f"/registry/entities/{other.uscc}/").status_code == 404
    assert client.get(f"/registry/trademarks/{mark.number}/").status_code == 404
    assert client.get(f"/registry/entities/{other.uscc}/edit/").status_code == 404
    assert client.post(f"/registry/entities/{other.uscc}/delete/", {"_reason": "x"}).status_code == 404
    assert other.name not in client.get("/registry/entities/").content.decode()
    own = page_users["own_entity"]
    assert client.get(f"/registry/entities/{own.uscc}/").status_code == 200


def test_entity_detail_shows_related_records_and_history(page_users, login, regions):
    e = page_users["own_entity"]
    TrademarkFactory(holder=e, name="甲商标")
    af.InspectionFactory(entity=e, conclusion="不合格", failed_items="标识")
    af.BlacklistFactory(entity=e)
    client = login(page_users["county"])
    html = client.get(f"/registry/entities/{e.uscc}/").content.decode()
    assert "基本信息" in html and "商标（1）" in html and "监督抽查（1）" in html and "历史记录" in html
    assert "严重违法失信" in html
    tab = client.get(f"/registry/entities/{e.uscc}/", {"tab": "trademarks"}).content.decode()
    assert "甲商标" in tab and f"/registry/trademarks/?holder={e.uscc}" in tab
    assert client.get(f"/registry/entities/{e.uscc}/", {"tab": "history"}).status_code == 200


def test_create_and_edit_through_services(page_users, login, regions):
    client = login(page_users["county"])
    uscc = make_uscc("91", "620502", "MA7Q0002")
    form = {"uscc": uscc, "name": "新登记企业", "kind": "企业", "region": "620502", "established": "2013-05-01",
            "deregistered": "", "industry_code": "", "scale": ""}
    response = client.post("/registry/entities/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    entity = Entity.objects.get(uscc=uscc)
    assert ChangeLog.objects.filter(model="registry.entity", object_id=str(entity.pk), action="create").exists()
    response = client.post(f"/registry/entities/{uscc}/edit/", {**form, "name": "改名企业", "_reason": "更名"})
    assert response.status_code == 302
    entry = ChangeLog.objects.get(model="registry.entity", object_id=str(entity.pk), action="update")
    assert entry.after == {"name": "改名企业"} and entry.reason == "更名"
    history = client.get(f"/registry/entities/{uscc}/", {"tab": "history"}).content.decode()
    assert "更名" in history


def test_failed_submit_keeps_input_and_shows_messages(page_users, login):
    client = login(page_users["city"])
    form = {"uscc": "91620502MA7Q00021", "name": "保留的名称", "kind": "企业", "region": "620502",
            "established": "2013-02-30"}
    response = client.post("/registry/entities/new/", form)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="保留的名称"' in html and 'value="91620502MA7Q00021"' in html
    assert "统一社会信用代码 应为 18 位" in html and "YYYY-MM-DD" in html
    assert '<span class="req" aria-hidden="true">*</span>名称：' in html
    assert not Entity.objects.filter(name="保留的名称").exists()


def test_trademark_form_lists_and_region_outside_scope(page_users, login, regions):
    client = login(page_users["county"])
    own = page_users["own_entity"]
    response = client.post("/registry/trademarks/new/", {
        "number": "7654321", "name": "新标", "classes": "30，29", "holder": own.uscc, "applied": "2012-01-01",
        "registered": "2013-05-07", "expires": "", "mark_type": "普通商标", "is_gi": "否",
        "madrid_number": "", "madrid_date": "", "madrid_countries": "", "cancelled": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    mark = Trademark.objects.get(number="7654321")
    assert mark.classes == [29, 30] and mark.expires == dt.date(2023, 5, 6) and mark.region.code == "620502"
    outside = client.post("/registry/entities/new/", {"uscc": make_uscc("91", "620503", "MA7Q0003"),
                                                       "name": "外县", "kind": "企业", "region": "620503"})
    assert outside.status_code == 403


@pytest.mark.parametrize("role", ["leader", "enterprise"])
def test_readers_cannot_open_forms(page_users, login, role):
    client = login(page_users[role])
    assert client.get("/registry/entities/new/").status_code == 403
    own = page_users["own_entity"]
    assert client.get(f"/registry/entities/{own.uscc}/edit/").status_code == 403
    assert "新增" not in client.get("/registry/entities/").content.decode()


def test_delete_requires_reason_and_is_logged(page_users, login, regions):
    mark = TrademarkFactory(holder=page_users["own_entity"])
    client = login(page_users["county"])
    refused = client.post(f"/registry/trademarks/{mark.number}/delete/", {"_reason": ""})
    assert refused.status_code == 400 and "请填写删除原因" in refused.content.decode()
    assert client.post(f"/registry/trademarks/{mark.number}/delete/", {"_reason": "重复"}).status_code == 302
    assert ChangeLog.objects.get(model="registry.trademark", action="delete").reason == "重复"
    protected = client.post(f"/registry/entities/{page_users['own_entity'].uscc}/delete/", {"_reason": "x"})
    assert protected.status_code in {302, 400}


def test_export_honours_filters_and_scope(page_users, login, regions):
    import io

    import openpyxl

    mine = EntityFactory(region=regions["620502"], name="本县甲", kind="个体工商户")
    EntityFactory(region=regions["620502"], name="本县乙")
    other = EntityFactory(region=regions["620503"], name="外县丙", kind="个体工商户")
    client = login(page_users["county"])
    response = client.get("/registry/entities/", {"export": "xlsx", "kind": "个体工商户", "region": "620500"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in rows)
    assert mine.uscc in text and other.uscc not in text and "本县乙" not in text


def test_anonymous_is_sent_to_login(client):
    response = client.get("/registry/entities/")
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("url", ["/registry/entities/", "/registry/trademarks/", "/registry/programs/",
                                 "/registry/recognitions/", "/registry/patents/", "/registry/certifications/",
                                 "/registry/standards/", "/registry/pledges/", "/registry/services/",
                                 "/registry/publicity/", "/supervision/inspections/", "/supervision/incidents/",
                                 "/supervision/cases/", "/supervision/blacklist/"])
def test_every_page_answers_hostile_input(url, page_users, login):
    client = login(page_users["city"])
    assert client.get(url).status_code == 200
    for params in ({"year": "x" * 100}, {"page": "-1"}, {"page_size": "7"}, {"ordering": "nope"},
                   {"region": "'; drop"}, {"valid_on": "2013-13-01"}, {"search": "%"}):
        assert client.get(url, params).status_code in {200, 400}, params
    assert client.get(url + "new/").status_code == 200
    exported = client.get(url, {"export": "csv"})
    assert exported.status_code == 200 and exported["Content-Disposition"].startswith("attachment")
    junk = {"number": "x" * 3000, "name": "", "region": "999999", "year": "1e9", "classes": "a,b",
            "holder": "0" * 18, "entity": "?", "amount": "abc", "date": "2013-02-30"}
    response = client.post(url + "new/", junk)
    assert response.status_code == 400 and "field-error" in response.content.decode()
    assert client.get(url + "999999/").status_code == 404


def test_trademark_header_card_formats_codes(page_users, login):
    mark = TrademarkFactory(holder=page_users["own_entity"], classes=[29, 30])
    html = login(page_users["county"]).get(f"/registry/trademarks/{mark.number}/").content.decode()
    assert "国际分类：<strong>29、30</strong>" in html
    assert "[29, 30]" not in html


def test_lists_and_exports_open_on_the_region_picked_in_the_top_bar(page_users, login, regions):
    import io

    from openpyxl import load_workbook

    EntityFactory(region=regions["620502"], name="秦州的企业")
    EntityFactory(region=regions["620503"], name="麦积的企业")
    client = login(page_users["city"])
    assert client.post("/select/", {"region": "620503"}).status_code == 302
    html = client.get("/registry/entities/").content.decode()
    assert "麦积的企业" in html and "秦州的企业" not in html
    assert "麦积区（620503）及下级" in html  # shown among the applied filters
    exported = client.get("/registry/entities/", {"export": "xlsx"})
    data = b"".join(exported.streaming_content)
    names = [row[0] for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=4, values_only=True)]
    assert "麦积的企业" in names and "秦州的企业" not in names
    # An explicit region in the query string wins; "reset" (an empty region) shows the whole scope;
    # picking the city's own region in the top bar shows everything again.
    assert 'href="/registry/entities/?region="' in html
    assert "秦州的企业" in client.get("/registry/entities/", {"region": "620502"}).content.decode()
    assert "秦州的企业" in client.get("/registry/entities/", {"region": ""}).content.decode()
    client.post("/select/", {"region": "620500"})
    html = client.get("/registry/entities/").content.decode()
    assert "麦积的企业" in html and "秦州的企业" in html
