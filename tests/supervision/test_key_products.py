"""The key products catalogue: seeded defaults, the editor (city only, change-logged, bad input
refused), the derivation of 重点产品 on import (an explicit 是/否 wins), and the pass rates page."""

import datetime as dt

import pytest

from qualitybrand.core.models import ChangeLog
from qualitybrand.ledgers.engine import import_rows
from qualitybrand.supervision.keyproducts import Catalogue
from qualitybrand.supervision.models import Inspection, KeyProductCategory
from tests.factories import EntityFactory
from tests.supervision.factories import batch

pytestmark = pytest.mark.django_db


def test_the_default_catalogue_is_seeded(db):
    names = set(KeyProductCategory.objects.values_list("name", flat=True))
    assert {"电线电缆", "涂料", "食品相关产品", "燃气器具", "电动自行车", "儿童用品", "化肥", "危险化学品"} <= names
    c = Catalogue()
    assert c.category_of("电力电缆", dt.date(2013, 5, 1)) == "电线电缆"
    assert c.category_of("白酒", dt.date(2013, 5, 1)) is None


def _row(number, product, key=None, sampled="2013-04-01", uscc=None):
    row = {"抽检编号": number, "抽查级别": "市", "产品类别": product, "被抽查单位统一社会信用代码": uscc,
           "抽样日期": sampled, "结论": "合格"}
    if key is not None:
        row["重点产品"] = key
    return row


def test_import_derives_the_flag_only_when_the_cell_is_empty(regions):
    uscc = EntityFactory(region=regions["620502"]).uscc
    result = import_rows("inspections", [
        _row("K1", "涂料", uscc=uscc), _row("K2", "涂料", "否", uscc=uscc), _row("K3", "白酒", "是", uscc=uscc),
        _row("K4", "白酒", uscc=uscc), _row("K5", "涂料", "", uscc=uscc), _row("K6", "涂料", sampled="2009-06-01", uscc=uscc),
    ])
    assert result.as_json()["created"] == 6, result.as_json()
    flags = dict(Inspection.objects.values_list("number", "key_product"))
    assert flags == {"K1": True, "K2": False, "K3": True, "K4": False, "K5": True, "K6": False}
    again = import_rows("inspections", [_row("K1", "涂料", uscc=uscc)])
    assert again.as_json()["unchanged"] == 1  # re-import of the same file: nothing changes


def test_editor_is_city_only_and_refuses_bad_input(login, page_users):
    c = login(page_users["city"])
    assert "电线电缆" in c.get("/supervision/key-products/").content.decode()
    bad = [({"name": "", "products": "x", "valid_from": "2014-01-01"}, "类别名称"),
           ({"name": "锂电池", "products": "", "valid_from": "2014-01-01"}, "至少填写一个产品名称"),
           ({"name": "锂电池", "products": "锂离子电池", "valid_from": "2014-13-01"}, "起始日期"),
           ({"name": "锂电池", "products": "锂离子电池", "valid_from": "2014-05-01", "valid_to": "2014-01-01"}, "不能早于"),
           ({"name": "涂料", "products": "涂料", "valid_from": "2010-01-01"}, "已存在")]
    count = KeyProductCategory.objects.count()
    for data, text in bad:
        response = c.post("/supervision/key-products/", data)
        assert response.status_code == 400 and text in response.content.decode(), data
    assert KeyProductCategory.objects.count() == count
    assert c.post("/supervision/key-products/", {"name": "锂电池", "products": "锂离子电池、移动电源",
                                                "valid_from": "2014-01-01"}).status_code == 302
    new = KeyProductCategory.objects.get(name="锂电池")
    assert new.products == ["锂离子电池", "移动电源"]
    assert ChangeLog.objects.filter(model="supervision.keyproductcategory", object_id=str(new.pk)).exists()
    county = login(page_users["county"])
    assert county.get("/supervision/key-products/").status_code == 200
    assert county.post("/supervision/key-products/", {"name": "x", "products": "y",
                                                     "valid_from": "2014-01-01"}).status_code == 403
    assert login(page_users["enterprise"]).get("/supervision/key-products/").status_code == 403


def test_pass_rates_by_category_and_county(login, page_users, regions):
    qz, mj = regions["620502"], regions["620503"]
    batch(qz, conclusion="合格", product="涂料", sampled=dt.date(2013, 3, 1))
    batch(qz, conclusion="不合格", product="涂料", sampled=dt.date(2013, 4, 1))
    batch(mj, conclusion="合格", product="电力电缆", sampled=dt.date(2013, 5, 1))
    batch(mj, conclusion="合格", product="白酒", sampled=dt.date(2013, 5, 1))
    body = login(page_users["city"]).get("/supervision/key-products/pass-rates/?year=2013").content.decode()
    assert "涂料" in body and "电线电缆" in body and "白酒" not in body
    assert "1/2" in body and "50.0%" in body and "2/3" in body
    body = login(page_users["county"]).get("/supervision/key-products/pass-rates/?year=2013").content.decode()
    assert "涂料" in body and "电线电缆" not in body  # the county sees its own batches only
    assert login(page_users["city"]).get("/supervision/key-products/pass-rates/?year=abc").status_code == 200
