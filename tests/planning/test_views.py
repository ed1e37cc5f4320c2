import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from qualitybrand.planning.models import Evidence, Notice, Round, Scheme, TargetSet
from tests.factories import UserFactory
from tests.planning.conftest import COUNTIES
from tests.planning.test_commands import SCHEME, TARGETS, run


def login(user):
    user.save()  # the shared factory does not save the password it sets
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def loaded(regions, engine, write_yaml, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    assert run("load_scheme", write_yaml(TARGETS))[0] == 0
    end = dt.date(2013, 12, 31)
    for n, r in enumerate(COUNTIES):
        engine.put("tm.applications", r, 40 + 30 * n, end)
        engine.put("insp.pass_rate", r, 86 + n, end)
    engine.put("tm.applications", "620502", 20, dt.date(2014, 6, 30))
    return engine


def test_target_pages(loaded, city_user, regions):
    c = login(city_user)
    page = c.get("/planning/targets/2014-brand/?as_of=2014-06-30")
    assert page.status_code == 200
    text = page.content.decode()
    assert "滞后" in text and "时间进度 49.6%" in text
    assert c.get("/planning/targets/2014-brand/?as_of=1999-01-01").status_code == 200
    edit = c.get("/planning/targets/2014-brand/edit/")
    assert edit.status_code == 200 and "差额" in edit.content.decode()
    post = {"code": "2014-brand", "name": "2014年目标", "year": "2014", "region": "620500",
            "item-0-indicator": "tm.applications", "item-0-target": "0", "item-1-indicator": "", "item-1-target": ""}
    bad = c.post("/planning/targets/2014-brand/edit/", post)
    assert bad.status_code == 200 and "大于 0" in bad.content.decode()
    assert TargetSet.objects.get(code="2014-brand").version == 1
    post["item-0-target"] = "220"
    post["item-0-alloc-620502"] = "70"
    assert c.post("/planning/targets/2014-brand/edit/", post).status_code == 302
    assert TargetSet.objects.get(code="2014-brand").version == 2
    docx = c.get("/planning/targets/2014-brand/decomposition.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    from docx import Document

    d = Document(io.BytesIO(docx.content))
    assert round(d.sections[0].top_margin.mm) == 37 and round(d.sections[0].left_margin.mm) == 28
    assert d.paragraphs[0].runs[0].font.size.pt == 22
    xlsx = c.get("/planning/targets/2014-brand/decomposition.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    other = login(UserFactory(role="county", region=regions["620521"]))
    assert other.get("/planning/targets/2014-brand/").status_code == 404
    assert other.get("/planning/targets/2014-brand/edit/").status_code in (403, 404)


def test_round_from_publication_to_notice(loaded, city_user, regions):
    office = login(city_user)
    assert office.get("/planning/").status_code == 200
    assert office.get("/planning/schemes/2013-quality/").status_code == 200
    r = office.post("/planning/schemes/2013-quality/rounds/", {"kind": "年终考核", "deadline": "2014-01-20"})
    rnd = Round.objects.get()
    assert r.status_code == 302 and rnd.kind == "年终考核"
    county = UserFactory(role="county", region=regions["620502"])
    cc = login(county)
    assert cc.get(f"/planning/rounds/{rnd.pk}/").status_code == 200
    assert cc.get(f"/planning/rounds/{rnd.pk}/620502/").status_code == 200
    assert cc.get(f"/planning/rounds/{rnd.pk}/620503/").status_code == 404
    with override_settings(QB_TODAY=dt.date(2014, 1, 10)):
        up = SimpleUploadedFile("制度.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        cc.post(f"/planning/rounds/{rnd.pk}/620502/self/", {"item": "A4", "score": "9", "explanation": "健全",
                                                            "files": up})
        # another county cannot submit for 620502
        other = login(UserFactory(role="county", region=regions["620503"]))
        assert other.post(f"/planning/rounds/{rnd.pk}/620502/self/", {"item": "A4", "score": "9"}).status_code == 403
    ev = Evidence.objects.get()
    assert cc.get(f"/planning/evidence/{ev.pk}/").status_code == 200
    assert other.get(f"/planning/evidence/{ev.pk}/").status_code == 404
    assert office.get(f"/planning/evidence/{ev.pk}/").status_code == 200
    for code in COUNTIES:
        office.post(f"/planning/rounds/{rnd.pk}/{code}/review/", {"item": "A4", "score": "8", "comment": "好"})
    page = office.post(f"/planning/rounds/{rnd.pk}/620502/", {"whatif": "1", "v-insp.pass_rate": "95"})
    assert page.status_code == 200 and "仅为试算" in page.content.decode()
    office.post(f"/planning/rounds/{rnd.pk}/finalise/")
    rnd.refresh_from_db()
    assert rnd.is_frozen
    assert "定稿" in office.get(f"/planning/rounds/{rnd.pk}/").content.decode()
    office.post(f"/planning/rounds/{rnd.pk}/notice/", {"doc_number": "天质强办发〔2014〕3号"})
    notice = Notice.objects.get()
    assert "通报" in notice.title
    assert cc.get(f"/planning/rounds/{rnd.pk}/notice/").status_code == 200
    assert office.get(f"/planning/rounds/{rnd.pk}/notice.docx").content[:2] == b"PK"
    assert office.get(f"/planning/rounds/{rnd.pk}/notice.xlsx").content[:2] == b"PK"
    office.post(f"/planning/rounds/{rnd.pk}/tasks/", {"deadline": "2014-03-31", "share": "0.2"})
    assert office.get(f"/planning/rounds/{rnd.pk}/tasks/").status_code == 200
    assert Scheme.objects.get().rounds.count() == 1


def test_bad_input_never_500(loaded, city_user, regions):
    c = login(city_user)
    r = c.post("/planning/schemes/2013-quality/rounds/", {"kind": "年终考核", "deadline": "2014-01-20", "share": "abc"})
    assert r.status_code == 302 and not Round.objects.exists()
    r = c.post("/planning/schemes/2013-quality/rounds/", {"kind": "季度", "deadline": "2014-01-20"})
    assert r.status_code == 302 and not Round.objects.exists()
    c.post("/planning/schemes/2013-quality/rounds/", {"kind": "年终考核", "deadline": "2014-01-20"})
    rnd = Round.objects.get()
    for v in ("NaN", "abc", "Infinity", ""):
        assert c.post(f"/planning/rounds/{rnd.pk}/620502/", {"whatif": "1", "v-insp.pass_rate": v}).status_code == 200
    assert c.post(f"/planning/rounds/{rnd.pk}/620502/review/", {"item": "A4", "score": "NaN"}).status_code == 302
    assert c.post(f"/planning/rounds/{rnd.pk}/620502/review/", {"item": "ZZ", "score": "1"}).status_code == 302
    assert c.post(f"/planning/rounds/{rnd.pk}/999999/review/", {"item": "A4", "score": "1"}).status_code == 404
    assert c.post(f"/planning/rounds/{rnd.pk}/tasks/", {"deadline": "x"}).status_code == 302
    assert c.get(f"/planning/rounds/{rnd.pk}/notice.pdf").status_code == 404
    assert c.post("/planning/schemes/new/", {"yaml": "kind: [unclosed"}).status_code == 200
    assert c.post("/planning/upload/", {}).status_code == 302
    assert c.get("/planning/rounds/9999/").status_code == 404
    assert c.get("/api/v1/schemes/2013-quality/assess/?as_of=nope").status_code == 400
