"""The target-set and scheme editors for every subject kind (responsibility.md, issue 15 § 1): the city
allocates to departments and towns and assesses departments (with items applying to some of them),
towns and enterprises (manual items only); a county sets and assesses its own towns and nothing else;
crafted forms get a Chinese message with nothing saved."""

import datetime as dt

import pytest
import yaml
from django.test import Client, override_settings

from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import Scheme, TargetSet
from tests.factories import EntityFactory, UserFactory
from tests.planning.editor_subjects_factories import town_set_doc, towns

pytestmark = pytest.mark.django_db


def client_of(user):
    user.save()
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def office(city_user):
    return client_of(city_user)


@pytest.fixture
def qinzhou(regions):
    towns(regions)
    return client_of(UserFactory(role="county", region=regions["620502"]))


def counts():
    return TargetSet.objects.count(), Scheme.objects.count()


DEPT_TARGETS = {"code": "dept-2014", "name": "2014年部门目标", "year": "2014", "subjects": "departments",
                "item-0-indicator": "tm.applications", "item-0-target": "200",
                "item-0-alloc-住建": "80", "item-0-alloc-环保": "50"}


def test_target_editor_offers_every_kind_with_departments_as_columns(office, regions):
    html = office.get("/planning/targets/new/").content.decode()
    for kind in ("regions", "departments", "towns"):
        assert f'name="subjects" value="{kind}"' in html
    assert 'name="subjects" value="enterprises"' not in html
    assert "企业没有指标目标" in html and "责任书" in html  # where an enterprise's commitments go
    # the departments of the reference data are columns (short name; full name on hover)
    assert 'data-kind="departments" data-col="住建" title="住房和城乡建设局">住建</th>' in html
    assert 'name="item-0-alloc-环保"' in html
    # the city has no towns of its own: the page offers to open the set for a county with towns
    assert "须先选择县区" not in html  # none in the test tree yet
    towns(regions)
    html = office.get("/planning/targets/new/").content.decode()
    assert 'href="?subjects=towns&amp;region=620502"' in html
    county_page = office.get("/planning/targets/new/?subjects=towns&region=620502").content.decode()
    assert 'name="subjects" value="towns" checked' in county_page
    assert 'data-col="620502001"' in county_page and 'data-col="620503001"' not in county_page
    assert 'name="region" value="620502"' in county_page


def test_a_department_that_does_not_exist_is_refused_under_its_row(office, regions):
    before = counts()
    response = office.post("/planning/targets/new/", {**DEPT_TARGETS, "item-0-alloc-住房": "10"})
    assert response.status_code == 200
    assert "部门 “住房” 不存在" in response.context["errors"]["item-0-allocations"]
    assert "部门 “住房” 不存在" in response.content.decode()
    assert counts() == before


def test_the_city_allocates_targets_to_departments(office, regions, city_user):
    response = office.post("/planning/targets/new/", DEPT_TARGETS)
    assert response.status_code == 302, response.context and (response.context["errors"], response.context["general"])
    ts = TargetSet.objects.get(code="dept-2014")
    assert ts.document["subjects"] == "departments"
    assert ts.document["items"][0]["allocations"] == {"住建": "80", "环保": "50"}
    # the YAML export carries the subjects and loads back unchanged
    text = office.get("/planning/targets/dept-2014/export.yaml").content.decode()
    assert yaml.safe_load(text)["subjects"] == "departments"
    assert load_text(text, user=city_user).outcomes == [("targets", "dept-2014", "unchanged", 1)]
    # opened again, the chosen kind and only the departments with allocations are shown checked
    html = office.get("/planning/targets/dept-2014/edit/").content.decode()
    assert 'name="subjects" value="departments" checked' in html
    assert 'data-show-col="住建" checked' in html and 'data-show-col="发改" checked' not in html
    assert 'name="item-0-alloc-住建" value="80"' in html


def test_a_county_opens_the_editor_for_its_own_towns_only(qinzhou, regions):
    html = qinzhou.get("/planning/targets/new/").content.decode()
    assert 'name="subjects" value="towns" checked' in html
    assert 'name="subjects" value="regions"' not in html and 'name="subjects" value="departments"' not in html
    assert "大城街道" in html and "玉泉镇" in html and "道南街道" not in html
    # its scheme editor too: only its own towns to assess, no enterprise picker
    scheme = qinzhou.get("/planning/schemes/new/").content.decode()
    assert 'name="assessed_towns" value="620502001"' in scheme and "620503001" not in scheme
    assert 'name="subjects" value="enterprises"' not in scheme


def test_a_crafted_form_with_another_countys_town_is_refused(qinzhou, regions):
    before = counts()
    data = {"code": "qz-towns", "name": "秦州区乡镇街道目标", "year": "2014", "subjects": "towns",
            "region": "620503",  # a crafted region is ignored: a county writes for itself
            "item-0-indicator": "tm.applications", "item-0-target": "60",
            "item-0-alloc-620502001": "30", "item-0-alloc-620503001": "20"}
    response = qinzhou.post("/planning/targets/new/", data)
    assert response.status_code == 200
    message = response.context["errors"]["item-0-allocations"]
    assert "620503001" in message and "不在 620502（秦州区）之下" in message
    assert counts() == before
    # a county posting another kind is still writing for its towns: a department is not a town
    data.update({"subjects": "departments", "item-0-alloc-620503001": "", "item-0-alloc-住建": "5"})
    response = qinzhou.post("/planning/targets/new/", data)
    assert response.status_code == 200 and "item-0-allocations" in response.context["errors"]
    assert counts() == before


def test_a_county_saves_targets_for_its_towns_and_sees_their_progress(qinzhou, regions, engine):
    data = {"code": "qz-towns", "name": "秦州区乡镇街道目标", "year": "2014", "subjects": "towns",
            "item-0-indicator": "tm.applications", "item-0-target": "60",
            "item-0-alloc-620502001": "30", "item-0-alloc-620502101": "20"}
    response = qinzhou.post("/planning/targets/new/", data)
    assert response.status_code == 302, response.context and (response.context["errors"], response.context["general"])
    ts = TargetSet.objects.get(code="qz-towns")
    assert ts.region.code == "620502" and ts.document["subjects"] == "towns"
    engine.put("tm.applications", "620502001", 25)
    engine.put("tm.applications", "620502101", 2)
    page = qinzhou.get("/planning/targets/qz-towns/?as_of=2014-06-30")
    html = page.content.decode()
    assert page.status_code == 200 and "<th>乡镇街道</th>" in html
    assert "大城街道" in html and "玉泉镇" in html and "编辑目标" in html
    names = [t["subject_name"] for t in page.context["table"]]
    assert names == ["秦州区", "大城街道", "玉泉镇"]
    # the index lists the county's own towns' set with its progress, and offers the towns editors
    with override_settings(QB_TODAY=dt.date(2014, 6, 30)):
        index = qinzhou.get("/planning/").content.decode()
    assert "秦州区乡镇街道目标" in index and "乡镇街道</td>" in index
    assert "1 项滞后" in index and "共 2 项" in index  # 玉泉镇 2 of 20 at mid-year
    assert "新增目标集（乡镇街道）" in index
    # the neighbour county sees nothing of it
    other = client_of(UserFactory(role="county", region=regions["620503"]))
    assert other.get("/planning/targets/qz-towns/").status_code == 404
    assert other.get("/planning/targets/qz-towns/edit/").status_code == 404


def test_a_county_cannot_edit_the_citys_sets(qinzhou, regions):
    from tests.planning.factories import target_set

    ts = target_set("620502")  # the city's set allocating to 秦州区: visible, not editable
    assert qinzhou.get(f"/planning/targets/{ts.code}/").status_code == 200
    assert qinzhou.get(f"/planning/targets/{ts.code}/edit/").status_code == 403
    assert qinzhou.get(f"/planning/targets/{ts.code}/export.yaml").status_code == 403


SCHEME_BASE = {
    "code": "dept-scheme", "name": "2013年部门质量工作考核", "year": "2013",
    "grade-0-name": "优秀", "grade-0-min": "90", "grade-1-name": "不合格", "grade-1-min": "0",
    "sec-0-name": "",
    "item-0-sec": "0", "item-0-code": "A1", "item-0-name": "建设工程质量", "item-0-rule": "rank",
    "item-0-points": "50", "item-0-indicator": "case.closed", "item-0-order": "desc",
    "item-1-sec": "0", "item-1-code": "A2", "item-1-name": "工作机制", "item-1-rule": "manual",
    "item-1-points": "50", "item-1-indicator": "",
}


def test_a_department_scheme_with_items_applying_to_some_departments(office, regions, city_user):
    data = {**SCHEME_BASE, "subjects": "departments", "assessed_departments": ["环保", "住建"],
            "item-0-applies_to": ["住建"]}
    response = office.post("/planning/schemes/new/", data)
    assert response.status_code == 302, response.context and (response.context["errors"], response.context["general"])
    doc = Scheme.objects.get(code="dept-scheme").document
    assert doc["subjects"] == "departments" and doc["assessed"] == ["住建", "环保"]  # reference-data order
    assert doc["items"][0]["applies_to"] == ["住建"] and "applies_to" not in doc["items"][1]
    html = office.get("/planning/schemes/dept-scheme/edit/").content.decode()
    assert 'name="assessed_departments" value="住建" checked' in html
    assert '<option value="住建" selected>住建</option>' in html
    text = office.get("/planning/schemes/dept-scheme/export.yaml").content.decode()
    assert load_text(text, user=city_user).outcomes == [("scheme", "dept-scheme", "unchanged", 1)]


def test_an_item_applying_to_a_department_not_assessed_is_refused(office, regions):
    before = counts()
    data = {**SCHEME_BASE, "subjects": "departments", "assessed_departments": ["环保"],
            "item-0-applies_to": ["住建"]}
    response = office.post("/planning/schemes/new/", data)
    assert response.status_code == 200
    assert "适用部门 住建 不在被考核部门中" in response.context["errors"]["item-0-applies_to"]
    none = office.post("/planning/schemes/new/", {**SCHEME_BASE, "subjects": "departments"})
    assert none.context["errors"]["assessed"] == "请至少选择一个被考核的部门。"
    assert counts() == before


def test_an_enterprise_scheme_takes_manual_items_only(office, regions):
    entity = EntityFactory(region=regions["620502"])
    html = office.get("/planning/schemes/new/").content.decode()
    assert f'<option value="{entity.uscc}">{entity.name}</option>' in html  # the registry picker
    before = counts()
    data = {**SCHEME_BASE, "code": "ent-scheme", "subjects": "enterprises",
            "assessed_enterprises": f"{entity.uscc.lower()}\n",
            "veto-0-code": "V1", "veto-0-name": "重大事故", "veto-0-indicator": "incident.major", "veto-0-above": "0"}
    response = office.post("/planning/schemes/new/", data)
    errors = response.context["errors"]
    assert "只能使用“人工评分”" in errors["item-0-rule"] and "item-1-rule" not in errors
    assert "没有一票否决项" in errors["vetoes"]
    assert counts() == before
    unknown = office.post("/planning/schemes/new/", {**data, "assessed_enterprises": "91620500MA00000000"})
    assert "不在天水市的市场主体名录中" in unknown.context["errors"]["assessed"]


def test_the_city_saves_an_enterprise_responsibility_scheme(office, regions):
    entity = EntityFactory(region=regions["620502"])
    data = {**SCHEME_BASE, "code": "ent-scheme", "subjects": "enterprises", "assessed_enterprises": entity.uscc,
            "item-0-rule": "manual", "item-0-indicator": "", "item-0-evidence": "required"}
    response = office.post("/planning/schemes/new/", data)
    assert response.status_code == 302, response.context and (response.context["errors"], response.context["general"])
    doc = Scheme.objects.get(code="ent-scheme").document
    assert doc["subjects"] == "enterprises" and doc["assessed"] == [entity.uscc]
    assert {i["rule"] for i in doc["items"]} == {"manual"}


def test_decomposition_documents_name_the_subjects(office, regions, city_user):
    assert office.post("/planning/targets/new/", DEPT_TARGETS).status_code == 302
    import io

    from docx import Document
    from openpyxl import load_workbook

    d = Document(io.BytesIO(office.get("/planning/targets/dept-2014/decomposition.docx").content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert "分解对象" in cells and "住房和城乡建设局" in cells and "生态环境局" in cells
    assert any(p.text == "市直有关部门：" for p in d.paragraphs)
    wb = load_workbook(io.BytesIO(office.get("/planning/targets/dept-2014/decomposition.xlsx").content))
    values = [c for row in wb.active.iter_rows(values_only=True) for c in row if c is not None]
    assert "分解对象" in values and "部门简称" in values and "住房和城乡建设局" in values and "住建" in values


def test_town_set_loaded_from_yaml_opens_in_the_editor(qinzhou, regions):
    assert load_text(town_set_doc()).ok
    html = qinzhou.get("/planning/targets/qz-towns/edit/").content.decode()
    assert 'name="item-0-alloc-620502001" value="30"' in html


def test_department_progress_rows_name_the_department_and_count_the_whole_city(office, regions, engine):
    assert office.post("/planning/targets/new/", DEPT_TARGETS).status_code == 302
    engine.put("tm.applications", "620500", 100)
    page = office.get("/planning/targets/dept-2014/?as_of=2014-06-30")
    html = page.content.decode()
    assert "<th>部门</th>" in html
    rows = [(t["subject_name"], t["row"].region, t["row"].actual) for t in page.context["table"]]
    assert rows == [("天水市", "620500", 100), ("住房和城乡建设局", "620500", 100), ("生态环境局", "620500", 100)]
