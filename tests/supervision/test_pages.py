"""Supervision pages: the figure links of the indicators land on the right records."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core.models import ChangeLog
from qualitybrand.supervision.models import Case
from tests.api import factories as af
from tests.factories import EntityFactory


def test_inspection_list_matches_indicator_link(page_users, login, regions):
    a = EntityFactory(region=regions["620502"], name="不合格甲")
    b = EntityFactory(region=regions["620503"], name="不合格乙")
    af.InspectionFactory(entity=a, conclusion="不合格", failed_items="标识", sampled=dt.date(2013, 5, 1))
    af.InspectionFactory(entity=b, conclusion="不合格", failed_items="标识", sampled=dt.date(2013, 7, 1))
    af.InspectionFactory(entity=b, conclusion="不合格", failed_items="标识", sampled=dt.date(2012, 7, 1))
    af.InspectionFactory(entity=b, conclusion="合格", sampled=dt.date(2013, 7, 1))
    client = login(page_users["city"])
    html = client.get("/supervision/inspections/", {"region": "620500", "year": 2013,
                                                    "conclusion": "不合格"}).content.decode()
    assert "共 <strong>2</strong> 批次" in html and "不合格甲" in html and "不合格乙" in html
    county = login(page_users["county"]).get("/supervision/inspections/", {"region": "620500", "year": 2013,
                                                                          "conclusion": "不合格"})
    assert "共 <strong>1</strong> 批次" in county.content.decode()


def test_case_form_and_detail(page_users, login, regions):
    client = login(page_users["county"])
    party = page_users["own_entity"]
    response = client.post("/supervision/cases/new/", {
        "number": "天市监罚〔2013〕1号", "case_type": "商标侵权", "region": "620502", "party": party.uscc,
        "source": "举报", "opened": "2013-03-01", "closed": "", "goods_value": "12.5", "fines": "",
        "transferred": "否"})
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(number="天市监罚〔2013〕1号")
    assert ChangeLog.objects.filter(model="supervision.case", object_id=str(case.pk)).exists()
    detail = client.get(response["Location"]).content.decode()
    assert "办理中" in detail and "12.50" in detail
    other = af.CaseFactory(region=regions["620503"])
    assert client.get(f"/supervision/cases/{other.pk}/").status_code == 404


def test_blacklist_list_and_entity_credit_file(page_users, login, regions):
    entity = page_users["own_entity"]
    af.BlacklistFactory(entity=entity, listed=dt.date(2013, 1, 1), removed=dt.date(2014, 1, 1),
                        removal_method="信用修复")
    client = login(page_users["enterprise"])  # an enterprise sees its own credit file
    html = client.get("/supervision/blacklist/", {"active": "否"}).content.decode()
    assert entity.name in html and "共 <strong>1</strong> 条" in html
    assert "新增" not in html
    tab = client.get(f"/registry/entities/{entity.uscc}/", {"tab": "blacklist"}).content.decode()
    assert "已移出（信用修复）" in tab
