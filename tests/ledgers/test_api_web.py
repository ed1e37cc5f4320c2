"""The imports API and the web import page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from qualitybrand.core.codes import make_uscc
from qualitybrand.ledgers.models import ImportBatch
from qualitybrand.registry.models import Entity

from .conftest import USCC_A

pytestmark = pytest.mark.django_db


def csv_file(lines, name="e.csv"):
    return SimpleUploadedFile(name, "\n".join(",".join(x) for x in lines).encode(), content_type="text/csv")


HEAD = ["统一社会信用代码", "名称", "主体类型", "区划代码"]


def test_api_import_and_list(city_user, county_user):
    client = APIClient()
    client.force_authenticate(city_user)
    f = csv_file([HEAD, [USCC_A, "甲", "企业", "620502"]])
    r = client.post("/api/v1/imports/", {"file": f, "ledger": "entities", "mode": "atomic"}, format="multipart")
    assert r.status_code == 200, r.content
    data = r.json()
    assert (data["ledger"], data["rows"], data["created"], data["errors"]) == ("entities", 1, 1, [])
    r = client.post("/api/v1/imports/", {"file": csv_file([HEAD, [USCC_A, "甲", "企业", "620502"]]),
                                         "ledger": "entities", "dry_run": "true"}, format="multipart")
    assert r.json()["unchanged"] == 1
    assert client.get("/api/v1/imports/").json()["count"] == 2
    r = client.post("/api/v1/imports/", {"file": csv_file([HEAD]), "ledger": "nope"}, format="multipart")
    assert r.status_code == 400 and "未知的台账" in r.json()["detail"]
    r = client.post("/api/v1/imports/", {"ledger": "entities"}, format="multipart")
    assert r.status_code == 400
    junk = SimpleUploadedFile("x.xlsx", b"not excel at all")
    r = client.post("/api/v1/imports/", {"file": junk, "ledger": "entities"}, format="multipart")
    assert r.status_code == 400 and "Excel" in r.json()["detail"]
    import hashlib

    failed = ImportBatch.objects.get(file_name="x.xlsx")
    assert failed.status == ImportBatch.Status.FAILED
    assert failed.sha256 == hashlib.sha256(b"not excel at all").hexdigest()
    # the county user sees only its own imports and may not import outside its region
    county = APIClient()
    county.force_authenticate(county_user)
    assert county.get("/api/v1/imports/").json()["count"] == 0
    other = make_uscc("91", "620503", "00000077")
    r = county.post("/api/v1/imports/", {"file": csv_file([HEAD, [other, "乙", "企业", "620503"]]),
                                         "ledger": "entities", "mode": "partial"}, format="multipart")
    assert r.json()["created"] == 0 and r.json()["errors"][0]["column"] == "区划代码"
    assert not Entity.objects.filter(uscc=other).exists()


def test_api_undo(city_user):
    client = APIClient()
    client.force_authenticate(city_user)
    r = client.post("/api/v1/imports/", {"file": csv_file([HEAD, [USCC_A, "甲", "企业", "620502"]]),
                                         "ledger": "entities"}, format="multipart")
    batch = r.json()["batch"]
    r = client.post(f"/api/v1/imports/{batch}/undo/")
    assert r.status_code == 200 and not Entity.objects.exists()
    assert client.post(f"/api/v1/imports/{batch}/undo/").status_code == 409


def test_web_import_page_error_file_and_undo(client, city_user):
    city_user.save()  # the shared UserFactory does not save the password it sets
    client.force_login(city_user)
    assert client.get("/ledgers/").status_code == 200
    f = csv_file([["填报单位：天水市　2013年台账"], HEAD, [USCC_A, "甲", "企业", "620502"], ["bad", "乙", "企业", "620502"]])
    r = client.post("/ledgers/", {"ledger": "entities", "mode": "partial", "file": f})
    assert r.status_code == 302
    batch = ImportBatch.objects.get()
    page = client.get(r["Location"]).content.decode()
    assert "错误" in page and "bad" in page
    r = client.get(f"/ledgers/batches/{batch.pk}/errors.xlsx")
    assert r.status_code == 200
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[1][-1] == "错误说明" and rows[3][0] == "bad" and "统一社会信用代码" in rows[3][-1]
    assert rows[0][0] == "填报单位：天水市　2013年台账"  # the user's own cells come back as they were
    assert client.get("/ledgers/template/trademarks/").status_code == 200
    assert client.get("/ledgers/history/").status_code == 200
    r = client.post(f"/ledgers/batches/{batch.pk}/undo/")
    assert r.status_code == 302 and not Entity.objects.exists()
    r = client.post("/ledgers/", {"ledger": "entities", "mode": "atomic"})
    assert r.status_code == 400
