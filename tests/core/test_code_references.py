"""Codes other data names by text are fixed once referenced (core.references): a rename is refused
with the places that use the code, on the page, in the API and in the services; nothing changes and
nothing is logged. An unreferenced code may still be changed."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from qualitybrand.core.models import ChangeLog, Department
from qualitybrand.core.reference import ensure_reference_data
from qualitybrand.core.services import update_record
from qualitybrand.demo.profile import PROGRAMS
from qualitybrand.indicators.models import IndicatorDefinition, IndicatorValue
from qualitybrand.indicators.services import load_indicator_document
from qualitybrand.planning.demo import load_demo_planning
from qualitybrand.planning.loading import load_documents
from qualitybrand.registry.models import Program
from tests.factories import ProgramFactory


@pytest.fixture
def demo_programs(db):
    return {code: ProgramFactory(code=code, name=name, object_kind=kind, level=level, validity_years=years)
            for code, name, kind, level, years, _reward in PROGRAMS}


@pytest.fixture
def demo_planning(regions, demo_programs, settings, tmp_path):
    """The demo's 2013 and 2014 target sets and schemes, with their rounds, on the real catalog."""
    settings.MEDIA_ROOT = tmp_path / "files"
    load_demo_planning(out=lambda *_: None)


@pytest.fixture
def api(city_user):
    client = APIClient()
    client.force_authenticate(city_user)
    return client


def _log_count() -> int:
    return ChangeLog.objects.count()


def _still_computes(api) -> None:
    progress = api.get("/api/v1/target-sets/2014-brand/progress/", {"as_of": "2014-06-30"})
    assert progress.status_code == 200, progress.content.decode()
    assert any(r["indicator"] == "rec.new.cn_wellknown_tm" for r in progress.json()["rows"])
    assess = api.get("/api/v1/schemes/2013-quality/assess/")
    assert assess.status_code == 200, assess.content.decode()
    assert len(assess.json()["results"]) == 7


# --- programs ----------------------------------------------------------------------------------

def test_api_refuses_renaming_a_program_the_demo_targets_and_scheme_use(demo_planning, api):
    _still_computes(api)
    before = _log_count()
    response = api.patch("/api/v1/programs/cn_wellknown_tm/", {"code": "cn_wellknown"}, format="json")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "项目代码“cn_wellknown_tm”已被引用，不能修改" in detail
    assert "目标集“2014年商标战略\"222111\"目标”（2014-brand，指标 rec.new.cn_wellknown_tm）" in detail
    assert "考核方案“2013年度质量强市工作考核”（2013-quality，指标 rec.new.cn_wellknown_tm）" in detail
    assert "考核轮次" in detail
    assert Program.objects.filter(code="cn_wellknown_tm").exists()
    assert not Program.objects.filter(code="cn_wellknown").exists()
    assert _log_count() == before
    _still_computes(api)


def test_put_with_the_same_code_is_no_rename(demo_planning, api):
    program = Program.objects.get(code="cn_wellknown_tm")
    body = {"code": " CN_WELLKNOWN_TM ", "name": "中国驰名商标（行政认定）", "object_kind": program.object_kind,
            "level": program.level, "validity_years": None, "is_open": False, "reward": None,
            "granting_body": ""}
    response = api.put("/api/v1/programs/cn_wellknown_tm/", body, format="json")
    assert response.status_code == 200, response.content.decode()
    assert Program.objects.get(pk=program.pk).name == "中国驰名商标（行政认定）"


def test_page_refuses_the_rename_and_keeps_the_input(demo_planning, city_user):
    client = Client()
    client.force_login(city_user)
    form = {"code": "cn_wellknown", "name": "中国驰名商标", "object_kind": "商标", "level": "国家",
            "validity_years": "", "is_open": "是", "reward": "", "granting_body": ""}
    before = _log_count()
    response = client.post("/registry/programs/cn_wellknown_tm/edit/", form)
    html = response.content.decode()
    assert response.status_code == 400
    assert "已被引用，不能修改" in html and "2014-brand" in html and "2013-quality" in html
    assert 'value="cn_wellknown"' in html
    assert Program.objects.filter(code="cn_wellknown_tm").exists() and _log_count() == before


def test_an_unreferenced_program_may_be_renamed(regions, api):
    program = ProgramFactory(code="pilot_brand", name="试点品牌")
    response = api.patch("/api/v1/programs/pilot_brand/", {"code": "pilot_brand_2014"}, format="json")
    assert response.status_code == 200, response.content.decode()
    program.refresh_from_db()
    assert program.code == "pilot_brand_2014"
    entry = ChangeLog.objects.get(model="registry.program", object_id=str(program.pk), action="update")
    assert entry.before == {"code": "pilot_brand"} and entry.after == {"code": "pilot_brand_2014"}


def test_a_prerequisite_rule_of_another_program_holds_the_code(regions, city_user):
    base = ProgramFactory(code="base_tm", name="基础商标")
    ProgramFactory(code="upper_tm", name="高级商标", rules=[{"type": "prerequisite", "program": "base_tm"}])
    before = _log_count()
    with pytest.raises(ValidationError) as caught:
        update_record(city_user, base, {"code": "base_tm2"})
    assert "认定项目“高级商标”（upper_tm）的申报条件（前置项目）" in caught.value.messages[0]
    assert Program.objects.get(pk=base.pk).code == "base_tm" and _log_count() == before


def test_reported_values_hold_the_program_code(regions, city_user):
    program = ProgramFactory(code="prov_x", name="省某项目")
    IndicatorValue.objects.create(code="prov.total.prov_x", region=regions["620500"], year=2013, value=5)
    with pytest.raises(ValidationError) as caught:
        update_record(city_user, program, {"code": "prov_y"})
    assert "部门填报值 1 条（指标 prov.total.prov_x）" in caught.value.messages[0]


def test_an_instance_altered_before_the_write_is_checked_against_the_stored_code(demo_planning):
    program = Program.objects.get(code="cn_wellknown_tm")
    program.code = "cn_wellknown"
    with pytest.raises(ValidationError):
        update_record(None, program, {"name": "中国驰名商标"})
    assert Program.objects.filter(code="cn_wellknown_tm").exists()


# --- custom indicators -------------------------------------------------------------------------

REPORTED = {"code": "custom.hitech_output", "name": "高新技术产业产值", "type": "reported", "unit": "亿元"}


def test_a_custom_indicator_used_by_a_formula_keeps_its_code(regions):
    load_indicator_document(REPORTED)
    load_indicator_document({"code": "custom.hitech_double", "name": "两倍产值", "type": "formula",
                             "formula": "custom.hitech_output * 2"})
    definition = IndicatorDefinition.objects.get(code="custom.hitech_output")
    before = _log_count()
    with pytest.raises(ValidationError) as caught:
        update_record(None, definition, {"code": "custom.hitech_value"})
    message = caught.value.messages[0]
    assert "指标代码“custom.hitech_output”已被引用" in message
    assert "自定义指标“两倍产值”（custom.hitech_double）的公式（指标 custom.hitech_output）" in message
    assert IndicatorDefinition.objects.filter(code="custom.hitech_output").exists() and _log_count() == before


def test_a_custom_indicator_in_an_earlier_target_set_version_keeps_its_code(regions):
    load_indicator_document(REPORTED)
    doc = {"kind": "targets", "code": "2015-hitech", "name": "2015年高新目标", "year": 2015, "region": "620500",
           "items": [{"indicator": "custom.hitech_output", "target": 10}]}
    assert load_documents([doc]).ok
    assert load_documents([{**doc, "items": [{"indicator": "tm.applications", "target": 10}]}]).ok
    definition = IndicatorDefinition.objects.get(code="custom.hitech_output")
    with pytest.raises(ValidationError) as caught:
        update_record(None, definition, {"code": "custom.hitech_value"})
    message = caught.value.messages[0]
    assert "目标集 2015-hitech 第 1 版（历史版本，指标 custom.hitech_output）" in message
    assert "目标集“2015年高新目标”" not in message  # the current version no longer uses it


def test_an_unused_custom_indicator_may_be_renamed_and_the_loader_never_renames(regions):
    load_indicator_document(REPORTED)
    definition = IndicatorDefinition.objects.get(code="custom.hitech_output")
    update_record(None, definition, {"code": "custom.hitech_value"})
    assert IndicatorDefinition.objects.get(pk=definition.pk).code == "custom.hitech_value"
    # The loader is keyed by the code: a document under another code is another indicator.
    assert load_indicator_document({**REPORTED, "code": "custom.hitech_new"}) == ("custom.hitech_new", "created")
    assert IndicatorDefinition.objects.filter(code="custom.hitech_value").exists()


# --- departments -------------------------------------------------------------------------------

def test_a_builtin_department_keeps_its_name_and_code(db):
    ensure_reference_data()  # a transactional test earlier in this process may have flushed it
    department = Department.objects.get(name="环保")
    before = _log_count()
    with pytest.raises(ValidationError) as caught:
        update_record(None, department, {"name": "生态环境"})
    message = caught.value.messages[0]
    assert "部门名称“环保”已被引用" in message
    assert "内置指标“空气质量优良天数”（env.air_good_days）的填报部门" in message
    assert "系统参考数据（内置部门表：环保，代码 environment）" in message
    with pytest.raises(ValidationError, match="部门代码“environment”已被引用"):
        update_record(None, department, {"code": "ecology"})
    assert Department.objects.get(pk=department.pk).name == "环保" and _log_count() == before


def test_an_office_department_is_fixed_once_an_indicator_names_it(db):
    department = Department.objects.create(code="quality_office", name="质量办")
    update_record(None, department, {"name": "质量强市办"})  # nothing uses it yet
    load_indicator_document({**REPORTED, "owner": "质量强市办"})
    with pytest.raises(ValidationError) as caught:
        update_record(None, department, {"name": "质量办"})
    assert "自定义指标“高新技术产业产值”（custom.hitech_output）的责任部门" in caught.value.messages[0]
    assert Department.objects.get(pk=department.pk).name == "质量强市办"
