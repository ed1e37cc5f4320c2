"""The ranking page and its .xlsx: who sees which office's ranking, the figures, bad periods."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.assignments.factories_ranking import OPEN, city_story, department, make_task, town
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.QB_TODAY = dt.date(2014, 7, 10)


@pytest.fixture
def story(regions):
    tasks = city_story(regions)
    qz = regions["620502"]
    make_task(qz, "秦州区街道质量提升", dt.date(2014, 6, 1), [(town(qz, "001", "大城街道"), None, OPEN, None),
                                                      (qz, department("住建"), OPEN, None)])
    make_task(regions["620503"], "麦积区街道任务", dt.date(2014, 6, 1),
              [(town(regions["620503"], "001", "道北街道"), None, OPEN, None)])
    return tasks


def client_of(client, role, region, **extra):
    client.force_login(UserFactory(role=role, region=region, **extra))
    return client


def test_city_page_ranks_departments_and_counties(client, regions, story):
    body = client_of(client, "city_admin", regions["620500"]).get(reverse("assignments:ranking")).content.decode()
    assert "天水市交办任务排名" in body and "2014年" in body
    for text in ("住建", "环保", "秦州区", "麦积区", "100.0%", "50.0%", "重点区域环境质量报告", "逾期未办结（2）"):
        assert text in body
    assert "大城街道" not in body and "麦积区街道任务" not in body   # what counties assigned is theirs
    assert reverse("assignments:ranking_region", args=["620502"]) in body


def test_county_page_and_city_opening_it(client, regions, story):
    county = client_of(client, "county", regions["620502"])
    body = county.get(reverse("assignments:ranking")).content.decode()
    assert "秦州区交办任务排名" in body and "大城街道" in body and "秦州区街道质量提升" in body
    assert "道北街道" not in body and "建筑工程质量专项检查" not in body
    assert county.get(reverse("assignments:ranking_region", args=["620503"])).status_code == 404
    assert county.get(reverse("assignments:ranking_region", args=["620500"])).status_code == 404
    assert county.get(reverse("assignments:ranking_region", args=["999999"])).status_code == 404
    city = client_of(client, "city_admin", regions["620500"])
    assert "大城街道" in city.get(reverse("assignments:ranking_region", args=["620502"])).content.decode()


def test_department_and_enterprise_are_refused(client, regions, story):
    assert client_of(client, "department", regions["620500"], department=department("住建")).get(
        reverse("assignments:ranking")).status_code == 403


def test_periods_on_the_page(client, regions, story):
    city = client_of(client, "city_admin", regions["620500"])
    body = city.get(reverse("assignments:ranking"), {"period": "month", "year": "2014", "month": "3"}).content.decode()
    assert "2014年3月" in body and "建筑工程质量专项检查" in body and "重点区域环境质量报告" not in body
    body = city.get(reverse("assignments:ranking"), {"period": "quarter", "year": "2014", "quarter": "2"}).content.decode()
    assert "2014年第二季度" in body and "重点区域环境质量报告" in body


@pytest.mark.parametrize("params, message", [
    ({"period": "month", "year": "2014", "month": "13"}, "月份须为 1 至 12"),
    ({"period": "quarter", "year": "2014", "quarter": "0"}, "季度须为 1 至 4"),
    ({"year": "1899"}, "年度须在 2000 至 2015 之间"),
    ({"year": "abc"}, "年度“abc”无效"),
    ({"period": "decade"}, "周期类型“decade”无效"),
])
def test_bad_period_gives_a_chinese_message(client, regions, story, params, message):
    city = client_of(client, "city_admin", regions["620500"])
    response = city.get(reverse("assignments:ranking"), params)
    assert response.status_code == 400 and message in response.content.decode()
    response = city.get(reverse("assignments:ranking"), {**params, "export": "xlsx"})
    assert response.status_code == 400 and message in response.content.decode()


def test_xlsx_export_has_the_same_figures(client, regions, story):
    city = client_of(client, "city_admin", regions["620500"])
    response = city.get(reverse("assignments:ranking"), {"year": "2014", "export": "xlsx"})
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["排名", "逾期未办结", "任务清单"]
    values = [[c for c in row] for row in book["排名"].iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row and row[0] == "名次")
    body = [row for row in values[header + 1:] if row[1]]
    assert [(r[0], r[1], r[3], r[8]) for r in body[:4]] == [("1", "住建", 2, 100.0), ("2", "秦州区", 2, 50.0),
                                                          ("3", "环保", 2, 0.0), ("—", "麦积区", 1, "—")]
    overdue = [row for row in book["逾期未办结"].iter_rows(values_only=True) if row and row[0] == "重点区域环境质量报告"]
    assert sorted(r[1] for r in overdue) == ["环保", "秦州区"]
