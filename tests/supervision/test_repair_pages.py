"""Pages of the blacklist lifecycle and credit repair."""

import datetime as dt

import pytest

from qualitybrand.supervision.models import BlacklistDocument, RepairApplication
from tests.supervision.factories import entry, pdf

D = dt.date


@pytest.fixture
def today(settings):
    settings.QB_TODAY = D(2024, 9, 27)
    return settings.QB_TODAY


@pytest.fixture
def listed(page_users, regions, today):
    return entry(regions["620502"], listed=D(2023, 3, 15), entity=page_users["own_entity"])


def _apply(client, listed, **extra):
    data = {"file_0": pdf("整改.pdf"), "file_1": pdf("缴款.pdf"), "file_2": pdf("承诺书.pdf"), "statement": "已整改"}
    data.update(extra)
    return client.post(f"/supervision/repairs/new/{listed.pk}/", data)


@pytest.mark.django_db
class TestPages:
    def test_blacklist_list_shows_status_and_public_until(self, login, page_users, listed, regions):
        entry(regions["620502"], listed=D(2020, 1, 6), removed=D(2023, 1, 6), removal_method="期满移出",
              name="已移出企业有限公司")
        body = login(page_users["city"]).get("/supervision/blacklist/").content.decode()
        assert "公示中" in body and "2026-03-15" in body and "已移出（期满移出）" in body

    def test_enterprise_applies_from_the_entry(self, login, page_users, listed):
        client = login(page_users["enterprise"])
        detail = client.get(f"/supervision/blacklist/{listed.pk}/").content.decode()
        assert "申请信用修复" in detail and "2026年3月15日" in detail
        assert "申请信用修复" in client.get(f"/supervision/repairs/new/{listed.pk}/").content.decode()
        response = _apply(client, listed)
        app = RepairApplication.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/supervision/repairs/{app.pk}/"
        page = client.get(response["Location"]).content.decode()
        assert "2024年10月23日" in page and "待审核" in page and "批准" not in page.split("办理记录")[0].split("<form")[0][-1:]
        detail = client.get(f"/supervision/blacklist/{listed.pk}/").content.decode()
        assert "修复申请中" in detail and f"/supervision/repairs/new/{listed.pk}/" not in detail

    def test_before_one_year_message_nothing_changed(self, login, page_users, regions, today):
        young = entry(regions["620502"], listed=D(2024, 1, 10), entity=page_users["own_entity"])
        response = _apply(login(page_users["enterprise"]), young)
        assert response.status_code == 400
        assert "最早可于 2025年1月10日 申请" in response.content.decode()
        assert RepairApplication.objects.count() == 0

    def test_city_approves_and_public_preview_drops_it(self, login, page_users, listed):
        _apply(login(page_users["county"]), listed)
        app = RepairApplication.objects.get()
        client = login(page_users["city"])
        assert ">" + page_users["own_entity"].name + "<" in client.get("/supervision/blacklist/public/").content.decode()
        page = client.get(f"/supervision/repairs/{app.pk}/").content.decode()
        assert 'value="批准"' in page and 'value="不予修复"' in page
        refused = client.post(f"/supervision/repairs/{app.pk}/", {"action": "不予修复", "comment": ""}, follow=True)
        assert "须填写理由" in refused.content.decode()
        client.post(f"/supervision/repairs/{app.pk}/", {"action": "批准", "comment": "材料齐全"})
        listed.refresh_from_db()
        assert (listed.removed, listed.removal_method) == (D(2024, 9, 27), "信用修复")
        preview = client.get("/supervision/blacklist/public/").content.decode()
        assert page_users["own_entity"].name not in preview and "共 <strong>0</strong> 条" in preview

    def test_applicant_office_sees_no_decide_buttons(self, login, page_users, listed):
        client = login(page_users["city"])
        _apply(client, listed)
        app = RepairApplication.objects.get()
        page = client.get(f"/supervision/repairs/{app.pk}/").content.decode()
        assert 'value="批准"' not in page
        response = client.post(f"/supervision/repairs/{app.pk}/", {"action": "批准"})
        assert response.status_code == 403 and "自我审批" in response.content.decode()
        app.refresh_from_db()
        assert app.state == "待审核"

    def test_list_and_overdue_flag(self, login, page_users, listed, settings):
        _apply(login(page_users["enterprise"]), listed)
        settings.QB_TODAY = D(2024, 10, 24)
        body = login(page_users["city"]).get("/supervision/repairs/?overdue=1").content.decode()
        assert "逾期" in body and "2024-10-23" in body
        assert "暂无信用修复申请" in login(page_users["other_county"]).get("/supervision/repairs/").content.decode()

    def test_decision_days_setting(self, login, page_users, listed):
        client = login(page_users["city"])
        client.post("/supervision/repairs/settings/", {"decision_days": "7"})
        _apply(login(page_users["enterprise"]), listed)
        assert RepairApplication.objects.get().due == D(2024, 10, 12)
        response = login(page_users["county"]).post("/supervision/repairs/settings/", {"decision_days": "9"})
        assert response.status_code == 403 and "只有市级管理员" in response.content.decode()

    def test_document_upload_and_download(self, login, page_users, listed):
        client = login(page_users["county"])
        client.post(f"/supervision/blacklist/{listed.pk}/documents/", {"kind": "列入决定书", "file": pdf("决定书.pdf")})
        doc = BlacklistDocument.objects.get()
        assert "决定书.pdf" in client.get(f"/supervision/blacklist/{listed.pk}/").content.decode()
        assert client.get(f"/supervision/blacklist/{listed.pk}/documents/{doc.pk}/").status_code == 200
        assert login(page_users["other_county"]).get(
            f"/supervision/blacklist/{listed.pk}/documents/{doc.pk}/").status_code == 404
        client = login(page_users["county"])
        bad = client.post(f"/supervision/blacklist/{listed.pk}/documents/", {"kind": "列入决定书"}, follow=True)
        assert "请选择要上传的文件" in bad.content.decode()
        assert BlacklistDocument.objects.count() == 1


@pytest.mark.django_db
class TestApi:
    def _post(self, client, listed, **extra):
        data = {"entry": str(listed.pk), "rectification": pdf("a.pdf"), "penalty": pdf("b.pdf"),
                "pledge": pdf("c.pdf"), "statement": "已整改"}
        data.update(extra)
        return client.post("/api/v1/credit-repairs/", data)

    def test_apply_and_decide(self, login, page_users, listed):
        response = self._post(login(page_users["enterprise"]), listed)
        assert response.status_code == 201, response.content.decode()
        body = response.json()
        assert (body["state"], body["due"], body["overdue"]) == ("待审核", "2024-10-23", False)
        assert sorted(m["kind"] for m in body["materials"]) == ["信用承诺书", "履行处罚证明", "整改完成证明"]
        city = login(page_users["city"])
        refused = city.post(f"/api/v1/credit-repairs/{body['id']}/decide/", {"action": "不予修复"},
                            content_type="application/json")
        assert refused.status_code == 400 and "须填写理由" in refused.json()["detail"]
        done = city.post(f"/api/v1/credit-repairs/{body['id']}/decide/", {"action": "批准", "comment": "同意"},
                         content_type="application/json")
        assert done.status_code == 200 and done.json()["state"] == "已修复"
        assert [s["action"] for s in done.json()["steps"]] == ["提交", "批准"]
        listed.refresh_from_db()
        assert listed.removal_method == "信用修复"

    def test_bad_input(self, login, page_users, listed, regions):
        client = login(page_users["enterprise"])
        assert self._post(client, listed, entry="abc").status_code == 400
        missing = client.post("/api/v1/credit-repairs/", {"entry": str(listed.pk), "rectification": pdf()})
        assert missing.status_code == 400 and "缺少必需的修复材料" in missing.json()["detail"]
        young = entry(regions["620502"], listed=D(2024, 6, 1), entity=page_users["own_entity"])
        early = self._post(client, young)
        assert early.status_code == 400 and "满 1 年" in early.json()["detail"]
        assert RepairApplication.objects.count() == 0
        assert client.get("/api/v1/credit-repairs/?state=乱写").status_code == 400

    def test_self_decision_and_scope(self, login, page_users, listed):
        city = login(page_users["city"])
        app_id = self._post(city, listed).json()["id"]
        own = city.post(f"/api/v1/credit-repairs/{app_id}/decide/", {"action": "批准"}, content_type="application/json")
        assert own.status_code == 403 and "自我审批" in own.json()["detail"]
        other = login(page_users["other_county"])
        assert other.get(f"/api/v1/credit-repairs/{app_id}/").status_code == 404
        assert other.get("/api/v1/credit-repairs/").json()["count"] == 0


@pytest.mark.django_db
def test_document_disguised_program_refused(login, page_users, listed):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(page_users["county"])
    fake = SimpleUploadedFile("决定书.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    body = client.post(f"/supervision/blacklist/{listed.pk}/documents/", {"kind": "列入决定书", "file": fake},
                       follow=True).content.decode()
    assert "可执行程序" in body
    assert not BlacklistDocument.objects.exists()
    refused = login(page_users["enterprise"]).post(f"/supervision/blacklist/{listed.pk}/documents/",
                                                   {"kind": "列入决定书", "file": pdf()})
    assert refused.status_code == 403 and not BlacklistDocument.objects.exists()


@pytest.mark.django_db
def test_company_page_offers_repair_and_county_worklist_shows_it(login, page_users, listed):
    client = login(page_users["enterprise"])
    body = client.get("/me/company/").content.decode()
    assert "严重违法失信名单与信用修复" in body and f"/supervision/repairs/new/{listed.pk}/" in body
    _apply(client, listed)
    body = login(page_users["county"]).get("/me/worklist/").content.decode()
    assert "辖区信用修复申请" in body and "2024-10-23" in body


@pytest.mark.django_db
def test_blacklist_export_has_public_until_and_status(login, page_users, listed):
    response = login(page_users["city"]).get("/supervision/blacklist/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "公示截止" in text and "2026-03-15" in text and "公示中" in text
