"""工作日历: the city office adds a year the library does not know (typed in or uploaded)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qualitybrand.core.models import ChangeLog, WorkCalendarDay, WorkCalendarYear
from qualitybrand.core.workdays import add_working_days
from tests.factories import UserFactory

D = dt.date


@pytest.fixture
def city(client, regions):
    client.force_login(UserFactory(role="city_admin", region=regions["620500"]))
    return client


@pytest.mark.django_db
class TestCalendarPages:
    def test_list_shows_library_years_and_missing_year(self, city, settings):
        settings.QB_TODAY = D(2026, 11, 2)
        body = city.get("/core/calendar/").content.decode()
        assert "2026" in body and "内置" in body and "系统还没有 2027 年的工作日历" in body
        assert "国庆节" in city.get("/core/calendar/2024/").content.decode()
        assert city.get("/core/calendar/2031/").status_code == 404
        assert city.get("/core/calendar/999999/").status_code == 404

    def test_add_year_and_days(self, city):
        response = city.post("/core/calendar/", {"year": "2027", "source": "国办发明电〔2026〕7号"})
        assert response.status_code == 302 and response["Location"] == "/core/calendar/2027/"
        city.post("/core/calendar/2027/", {"op": "day", "date": "2027-01-01", "kind": "休息", "name": "元旦"})
        city.post("/core/calendar/2027/", {"op": "day", "date": "2027-01-02", "kind": "上班", "name": "元旦调休上班"})
        assert add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 2)
        assert ChangeLog.objects.filter(model="core.workcalendarday").count() == 2
        bad = city.post("/core/calendar/2027/", {"op": "day", "date": "2028-01-01", "kind": "休息"}, follow=True)
        assert "不在 2027 年内" in bad.content.decode()
        assert WorkCalendarDay.objects.count() == 2

    def test_bad_year_refused(self, city):
        response = city.post("/core/calendar/", {"year": "二〇二七", "source": "x"})
        assert "年度“二〇二七”无效" in response.content.decode()
        assert not WorkCalendarYear.objects.exists()

    def test_upload_csv_replaces_days(self, city):
        city.post("/core/calendar/", {"year": "2027", "source": "通知"})
        text = "日期,类型,名称\n2027-02-08,休息,春节\n2027/2/9,休息,春节\n2027-02-06,上班,春节调休上班\n"
        upload = SimpleUploadedFile("2027.csv", text.encode("utf-8"))
        city.post("/core/calendar/2027/", {"op": "upload", "file": upload})
        assert sorted(WorkCalendarDay.objects.values_list("date", "is_workday")) == [
            (D(2027, 2, 6), True), (D(2027, 2, 8), False), (D(2027, 2, 9), False)]
        # 2-5 Fri → 2-6 Sat (make-up) → 2-10 Wed
        assert add_working_days(D(2027, 2, 5), 2) == D(2027, 2, 10)

    def test_upload_xlsx_with_bad_rows_changes_nothing(self, city):
        from openpyxl import Workbook

        city.post("/core/calendar/", {"year": "2027", "source": "通知"})
        city.post("/core/calendar/2027/", {"op": "day", "date": "2027-01-01", "kind": "休息"})
        book = Workbook()
        sheet = book.active
        sheet.append(["日期", "类型", "名称"])
        sheet.append([dt.datetime(2027, 5, 3), "休息", "劳动节"])
        sheet.append(["2027-05-04", "请假", ""])
        buffer = io.BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile("2027.xlsx", buffer.getvalue())
        body = city.post("/core/calendar/2027/", {"op": "upload", "file": upload}, follow=True).content.decode()
        assert "第 3 行：类型“请假”无效" in body
        assert list(WorkCalendarDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]

    def test_county_refused(self, client, county_user):
        client.force_login(county_user)
        assert client.get("/core/calendar/").status_code == 403
        assert client.post("/core/calendar/", {"year": "2027", "source": "x"}).status_code == 403
        assert not WorkCalendarYear.objects.exists()
