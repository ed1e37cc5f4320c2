"""Rounds for departments (responsibility.md): pages, self-evaluation with evidence, review,
finalising, notice, rectification and what-if keyed by subject; who sees what."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from qualitybrand.planning import services, visibility
from qualitybrand.planning.models import Evidence, ManualScore, RectificationTask, Round, SelfEvaluation
from tests.factories import UserFactory
from tests.planning.subjects_rounds_setup import department, department_round, login, pdf

SELF_DAY = override_settings(QB_TODAY=dt.date(2014, 1, 10))


@pytest.fixture
def dept(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    engine.put("insp.pass_rate", "620500", 93)
    return department_round()


@pytest.fixture
def zhujian(regions):
    return UserFactory(role="department", region=regions["620500"], department=department("住建"))


@pytest.fixture
def huanbao(regions):
    return UserFactory(role="department", region=regions["620500"], department=department("环保"))


def test_round_subjects_are_the_departments_with_their_names(dept, regions):
    subs = visibility.round_subjects(dept)
    assert [s.key for s in subs] == ["住建", "环保"]
    assert subs[0].name == "住房和城乡建设局" and subs[0].region == regions["620500"]
    assert visibility.kind_label(dept) == "部门"


def test_department_user_sees_its_round_and_only_its_own_page(dept, zhujian, huanbao, county_user):
    c = login(zhujian)
    assert dept in visibility.rounds_for_user(zhujian)
    page = c.get(f"/planning/rounds/{dept.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<th>部门</th>" in text and "住房和城乡建设局" in text
    assert c.get(f"/planning/rounds/{dept.pk}/住建/").status_code == 200
    assert c.get(f"/planning/rounds/{dept.pk}/环保/").status_code == 404
    assert c.get(f"/planning/rounds/{dept.pk}/城管/").status_code == 404
    # a county is not the office of the city's department round and is not assessed in it
    assert login(county_user).get(f"/planning/rounds/{dept.pk}/").status_code == 404


def test_department_page_shows_the_citys_values_with_drill_down(dept, city_user):
    text = login(city_user).get(f"/planning/rounds/{dept.pk}/住建/").content.decode()
    assert "住房和城乡建设局" in text and "按 天水市 全域的指标值考核" in text
    assert "93" in text and "/indicators/" in text  # the value links to the city's records


def test_department_self_evaluates_with_evidence(dept, zhujian, huanbao):
    c = login(zhujian)
    with SELF_DAY:
        r = c.post(f"/planning/rounds/{dept.pk}/住建/self/", {"item": "D3", "score": "35", "explanation": "机制健全",
                                                             "files": pdf()})
    assert r.status_code == 302
    s = SelfEvaluation.objects.get()
    assert (s.subject, s.region.code, s.score) == ("住建", "620500", 35)
    ev = Evidence.objects.get()
    assert ev.subject == "住建" and ev.item_code == "D3"
    assert c.get(f"/planning/evidence/{ev.pk}/").status_code == 200
    # another department can neither submit for 住建 nor fetch its evidence
    other = login(huanbao)
    with SELF_DAY:
        assert other.post(f"/planning/rounds/{dept.pk}/住建/self/", {"item": "D3", "score": "1"}).status_code == 403
    assert other.get(f"/planning/evidence/{ev.pk}/").status_code == 404
    assert SelfEvaluation.objects.count() == 1


def test_evidence_required_and_not_assessed_are_refused_in_chinese(dept, zhujian):
    with SELF_DAY:
        with pytest.raises(ValidationError, match="要求上传佐证材料"):
            services.submit_self_evaluation(zhujian, dept, "住建", "D3", "30")
        with pytest.raises(ValidationError, match="不是本轮考核的被考核部门"):
            services.submit_self_evaluation(None, dept, "城管", "D3", "30", files=[pdf()])
        with pytest.raises(PermissionDenied):
            services.submit_self_evaluation(zhujian, dept, "环保", "D3", "30", files=[pdf()])
    assert not SelfEvaluation.objects.exists() and not Evidence.objects.exists()


def test_dispute_and_review_keyed_by_department(dept, zhujian, city_user):
    d = services.raise_dispute(zhujian, dept, "住建", "D1", "抽查批次 2013-0012", "批次已复检合格")
    assert (d.subject, d.region.code) == ("住建", "620500")
    m = services.score_manual(city_user, dept, "环保", "D3", "30", "")
    assert (m.subject, m.region.code) == ("环保", "620500")
    text = login(city_user).get(f"/planning/rounds/{dept.pk}/").content.decode()
    assert "抽查批次 2013-0012" in text and "住房和城乡建设局" in text


def test_finalise_snapshot_carries_subject_name_kind_and_region(dept, city_user):
    for key, score in (("住建", "36"), ("环保", "20")):
        services.score_manual(city_user, dept, key, "D3", score)
    services.finalise_round(city_user, dept)
    dept.refresh_from_db()
    rows = {r["subject"]: r for r in dept.snapshot["results"]}
    zj = rows["住建"]
    assert zj["name"] == "住房和城乡建设局" and zj["kind"] == "departments" and zj["region"] == "620500"
    # D1: 60 × (93 − 85) / 10 = 48; total 48 + 36
    assert zj["items"] == {"D1": "48.00", "D3": "36.00"} and zj["total"] == "84.00" and zj["rank"] == 1
    assert zj["values"] == {"insp.pass_rate": 93} and rows["环保"]["rank"] == 2


def test_finalise_refuses_missing_manual_scores_by_name(dept, city_user):
    services.score_manual(city_user, dept, "住建", "D3", "36")
    with pytest.raises(ValidationError, match="生态环境局 D3"):
        services.finalise_round(city_user, dept)
    assert not Round.objects.get(pk=dept.pk).is_frozen


def _finalised(dept, city_user):
    for key, score in (("住建", "36"), ("环保", "10")):
        services.score_manual(city_user, dept, key, "D3", score)
    services.finalise_round(city_user, dept)
    dept.refresh_from_db()
    return dept


def test_notice_names_departments(dept, city_user):
    rnd = _finalised(dept, city_user)
    c = login(city_user)
    page = c.get(f"/planning/rounds/{rnd.pk}/notice/").content.decode()
    assert "<th>部门</th>" in page and "住房和城乡建设局" in page
    assert c.post(f"/planning/rounds/{rnd.pk}/notice/", {"title": "关于2013年度部门质量工作考核结果的通报"}).status_code == 302
    docx = c.get(f"/planning/rounds/{rnd.pk}/notice.docx")
    assert docx.status_code == 200
    from docx import Document

    d = Document(io.BytesIO(docx.content))
    headers = [cell.text for t in d.tables for cell in t.rows[0].cells]
    body = "\n".join(cell.text for t in d.tables for row in t.rows for cell in row.cells)
    assert "部门" in headers and "县区" not in headers and "住房和城乡建设局" in body
    paras = "\n".join(p.text for p in d.paragraphs)
    assert "市直有关部门" in paras and "各县区均未失分" not in paras
    xlsx = c.get(f"/planning/rounds/{rnd.pk}/notice.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    cells = [c.value for row in wb["排名"].iter_rows() for c in row]
    assert "部门" in cells and "住房和城乡建设局" in cells and "县区" not in cells


def test_rectification_tasks_per_department(dept, city_user, zhujian, huanbao):
    rnd = _finalised(dept, city_user)
    made = services.create_rectification_tasks(city_user, rnd, deadline=dt.date(2014, 3, 31))
    keys = {(t.subject, t.item_code) for t in made}
    assert ("环保", "D3") in keys and all(t.region.code == "620500" for t in made)
    task = next(t for t in made if t.subject == "环保")
    assert task.owner == "生态环境局"
    # 环保 sees and reports its task; 住建 neither sees nor reports it
    page = login(huanbao).get(f"/planning/rounds/{rnd.pk}/tasks/").content.decode()
    assert "生态环境局" in page and "提交" in page
    assert "生态环境局" not in login(zhujian).get(f"/planning/rounds/{rnd.pk}/tasks/").content.decode()
    with pytest.raises(PermissionDenied):
        services.submit_rectification(zhujian, task, "已整改")
    services.submit_rectification(huanbao, task, "已建立工作机制")
    assert RectificationTask.objects.get(pk=task.pk).state == RectificationTask.State.SUBMITTED
    # the index lists the department's own task with its name
    assert "生态环境局" in login(huanbao).get("/planning/").content.decode()


def test_what_if_for_a_department(dept, city_user):
    res, _ = services.what_if(dept, "住建", {"insp.pass_rate": 95})
    assert res.region == "住建" and res.items["D1"] == 60
    page = login(city_user).post(f"/planning/rounds/{dept.pk}/住建/", {"whatif": "1", "v-insp.pass_rate": "95"})
    assert "仅为试算" in page.content.decode()
    assert not ManualScore.objects.exists()


def test_api_results_carry_subject_without_region(dept, city_user):
    data = login(city_user).get(f"/api/v1/rounds/{dept.pk}/results/").json()
    rows = {r["subject"]: r for r in data["results"]}
    assert set(rows) == {"住建", "环保"} and "region" not in rows["住建"]
    rnd = _finalised(dept, city_user)
    rows = login(city_user).get(f"/api/v1/rounds/{rnd.pk}/results/").json()["results"]
    assert rows[0]["subject"] == "住建" and "region" not in rows[0] and rows[0]["total"] == 84.0


def test_department_result_rows_hidden_from_other_departments_until_published(dept, huanbao):
    text = login(huanbao).get(f"/planning/rounds/{dept.pk}/").content.decode()
    assert "生态环境局" in text and "住房和城乡建设局" not in text


def test_scheme_api_names_the_subject_kind_and_assess_rows_carry_subject(dept, city_user, zhujian):
    c = login(city_user)
    data = c.get("/api/v1/schemes/2013-dept/").json()
    assert data["subjects"] == "departments" and data["assessed"] == ["住建", "环保"]
    rows = c.get("/api/v1/schemes/2013-dept/assess/").json()["results"]
    assert {r["subject"] for r in rows} == {"住建", "环保"} and all("region" not in r for r in rows)
    # a department user finds the scheme that assesses it
    assert login(zhujian).get("/api/v1/schemes/2013-dept/").status_code == 200
