"""Office-defined indicators (YAML), formulas, reported values with review and evidence."""

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from qualitybrand.core.models import Department
from qualitybrand.indicators import catalog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.models import IndicatorDefinition, IndicatorValue
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.services import (
    add_evidence,
    load_indicator_document,
    review_indicator_value,
    save_indicator_value,
)
from tests.factories import UserFactory
from tests.indicators import factories as f

Y13 = Period.year(2013)
SEED_YAML = Path(__file__).parent / "data" / "seed003_custom.yaml"


def load_seed_yaml():
    return [load_indicator_document(doc) for doc in yaml.safe_load_all(SEED_YAML.read_text(encoding="utf-8"))]


def test_load_is_idempotent_and_versioned(db):
    doc = {"kind": "indicator", "code": "custom.std_nat_ind", "name": "参与制修订国家和行业标准", "unit": "项",
           "type": "formula", "formula": "std.published.national + std.published.industry"}
    assert load_indicator_document(doc) == ("custom.std_nat_ind", "created")
    assert load_indicator_document(dict(doc)) == ("custom.std_nat_ind", "unchanged")
    assert load_indicator_document(dict(doc, name="参与制修订国家、行业标准")) == ("custom.std_nat_ind", "updated")
    assert IndicatorDefinition.objects.get(code="custom.std_nat_ind").version == 2
    spec = catalog.get("custom.std_nat_ind")
    assert spec.source == "formula" and spec.kind == "flow"


@pytest.mark.parametrize("doc, needle", [
    ({"code": "hitech", "name": "x", "type": "reported"}, "custom."),
    ({"code": "custom.a", "name": "x", "type": "magic"}, "reported"),
    ({"code": "custom.a", "name": "x", "type": "formula", "formula": "tm.valid + tm.nope"}, "tm.nope"),
    ({"code": "custom.a", "name": "x", "type": "formula", "formula": "custom.a + 1"}, "自身"),
    ({"code": "custom.a", "name": "x", "type": "formula", "formula": "tm.valid + "}, "公式"),
    ({"code": "custom.a", "name": "x", "type": "formula", "formula": "__import__('os')"}, "公式"),
    ({"code": "custom.a", "name": "x", "type": "reported", "range": [100, 0]}, "下限"),
    ({"code": "custom.a", "type": "reported"}, "名称"),
])
def test_bad_documents_refused(db, doc, needle):
    with pytest.raises(ValidationError) as exc:
        load_indicator_document(dict(doc, kind="indicator"))
    assert needle in " ".join(exc.value.messages)
    assert not IndicatorDefinition.objects.exists()


def test_indirect_cycle_refused(db):
    load_indicator_document({"kind": "indicator", "code": "custom.a", "name": "甲", "type": "formula",
                             "formula": "tm.valid * 2"})
    load_indicator_document({"kind": "indicator", "code": "custom.b", "name": "乙", "type": "formula",
                             "formula": "custom.a + 1"})
    with pytest.raises(ValidationError) as exc:
        load_indicator_document({"kind": "indicator", "code": "custom.a", "name": "甲", "type": "formula",
                                 "formula": "custom.b - 1"})
    assert "循环" in " ".join(exc.value.messages)
    assert IndicatorDefinition.objects.get(code="custom.a").formula == "tm.valid * 2"


def test_formula_values_equal_catalog_and_nulls(regions):
    for code in ("620502", "620503"):
        e = f.entity(regions[code])
        f.trademark(e)
    f.entity(regions["620503"])
    load_indicator_document({"kind": "indicator", "code": "custom.per100", "name": "百户", "type": "formula",
                             "formula": "tm.valid / entity.count * 100"})
    load_indicator_document({"kind": "indicator", "code": "custom.gdp", "name": "产值", "type": "reported",
                             "aggregation": "none"})
    load_indicator_document({"kind": "indicator", "code": "custom.per_gdp", "name": "x", "type": "formula",
                             "formula": "tm.valid / custom.gdp"})
    f.value("custom.gdp", regions["620502"], 2013, 4)
    v = compute(["custom.per100", "tm.per100", "custom.per_gdp"], Y13)
    for region in regions:
        assert v[("custom.per100", region)] == pytest.approx(v[("tm.per100", region)]) or \
            v[("custom.per100", region)] is v[("tm.per100", region)] is None
    assert v[("custom.per100", "620521")] is None          # 0 / 0
    assert v[("custom.per_gdp", "620502")] == pytest.approx(0.25)
    assert v[("custom.per_gdp", "620503")] is None          # null component
    assert catalog.get("custom.per100").kind == "stock"


def test_seed_003_targets_are_expressible(db):
    results = load_seed_yaml()
    assert all(status == "created" for _, status in results)
    for program_code, name in [("cn_wellknown_tm", "中国驰名商标"), ("prov_famous_tm", "省著名商标"),
                               ("cn_brand_product", "中国名牌产品"), ("prov_brand_product", "省名牌产品")]:
        f.program(program_code, name)
    targets = {
        "卓越绩效贯标企业": "cert.valid.excellence",
        "国家重点产品监督抽查合格率": "insp.national.pass_rate",
        "国家和省级产品质量监督抽查合格率": "custom.insp_nat_prov_pass_rate",
        "中国名牌产品": "rec.valid.cn_brand_product", "国家免检产品": "custom.exempt_products",
        "省名牌产品": "rec.valid.prov_brand_product", "出口免检商品": "custom.export_exempt",
        "中国驰名商标": "rec.valid.cn_wellknown_tm", "省著名商标": "rec.valid.prov_famous_tm",
        "新增商标注册": "tm.registrations", "商标累计总量": "tm.valid",
        "按国际标准组织生产": "custom.intl_std_production_rate", "新增采用国际标准": "std.adopted_intl",
        "参与制修订国家标准和行业标准": "custom.std_nat_ind", "农业标准化示范区": "custom.agri_std_demo_zones",
        "省级农业标准": "custom.agri_std_prov", "市级农业标准": "custom.agri_std_city",
        "全国标准化专业技术委员会": "custom.std_committees", "服务业用户满意度指数": "svc.satisfaction",
        "制定服务标准": "custom.service_standards", "服务标准化基地": "custom.service_std_bases",
        "省服务名牌": "custom.prov_service_brands", "工程一次验收合格率": "eng.first_pass_rate",
        "优良品率": "custom.eng_excellent_rate", "名牌工程": "custom.brand_projects",
        "新增省级以上高新技术企业": "custom.hitech_enterprises_new", "高新技术产业增加值占比": "custom.hitech_share",
        "企业研发机构": "custom.rnd_centers_new", "新授权专利": "patent.grants",
        "发明专利申请占比": "patent.invention_share", "万元地区生产总值能耗降幅": "custom.energy_intensity_drop",
        "空气达到省规定指标": "env.air_good_days",
    }
    for target, code in targets.items():
        assert catalog.get(code) is not None, target
    assert load_seed_yaml()[0][1] == "unchanged"
    compute(list(targets.values()), Y13)  # every one computes


def test_reported_value_entry_and_review(regions):
    dept = Department.objects.get_or_create(name="环保", defaults={"code": "env"})[0]
    clerk = UserFactory(role="department", region=regions["620502"], department=dept)
    reviewer = UserFactory(role="city_admin", region=regions["620500"])
    value = save_indicator_value(clerk, code="env.air_good_days", region=regions["620502"], year=2013, value=320)
    assert value.status == "填报"
    assert compute(["env.air_good_days"], Y13)[("env.air_good_days", "620502")] is None
    with pytest.raises(ValidationError) as exc:
        review_indicator_value(reviewer, value, approve=False, comment="")
    assert "审核意见" in str(exc.value)
    review_indicator_value(reviewer, value, approve=False, comment="请附监测报告")
    value.refresh_from_db()
    assert value.status == "退回" and value.review_comment == "请附监测报告"
    with pytest.raises(PermissionDenied):
        review_indicator_value(clerk, value, approve=True)
    review_indicator_value(reviewer, value, approve=True)
    assert compute(["env.air_good_days"], Y13)[("env.air_good_days", "620502")] == 320
    with pytest.raises(PermissionDenied):   # another department's indicator
        save_indicator_value(clerk, code="eng.first_pass_rate", region=regions["620502"], year=2013, value=90)
    with pytest.raises(PermissionDenied):   # outside its region
        save_indicator_value(clerk, code="env.air_good_days", region=regions["620503"], year=2013, value=300)
    for bad, needle in [(130, "上限"), (-1, "下限"), ("abc", "不是数字")]:
        with pytest.raises(ValidationError) as exc:
            save_indicator_value(reviewer, code="env.water_source_rate", region=regions["620502"], year=2013,
                                 value=bad)
        assert needle in str(exc.value)
    with pytest.raises(ValidationError):
        save_indicator_value(reviewer, code="pop.resident", region=regions["620502"], year=2013, value=-5)
    direct = save_indicator_value(reviewer, code="pop.resident", region=regions["620502"], year=2013, value="61.2")
    assert direct.status == "审核通过"


def test_evidence_type_and_size(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    value = f.value("env.air_good_days", regions["620502"], 2013, 300)
    ev = add_evidence(None, value, SimpleUploadedFile("监测报告.pdf", b"%PDF-1.4 test", "application/pdf"))
    assert (tmp_path / ev.file.name).exists() and ev.file.name.startswith("evidence/")
    with pytest.raises(ValidationError):
        add_evidence(None, value, SimpleUploadedFile("run.exe", b"MZ....", "application/octet-stream"))
    with pytest.raises(ValidationError):
        add_evidence(None, value, SimpleUploadedFile("fake.pdf", b"<html>", "application/pdf"))
    with pytest.raises(ValidationError) as info:  # judged by content: a program renamed .pdf
        add_evidence(None, value, SimpleUploadedFile("监测报告.pdf", b"MZ\x90\x00" + b"\x00" * 60))
    assert "可执行程序" in str(info.value)


def test_indicator_values_api(regions):
    dept = Department.objects.get_or_create(name="环保", defaults={"code": "env"})[0]
    clerk = UserFactory(role="department", region=regions["620502"], department=dept)
    reviewer = UserFactory(role="city_admin", region=regions["620500"])
    other_county = UserFactory(role="county", region=regions["620503"])
    client = APIClient()
    client.force_authenticate(clerk)
    res = client.post("/api/v1/indicator-values/", {"code": "env.air_good_days", "region": "620502", "year": 2013,
                                                    "value": 300}, format="json")
    assert res.status_code == 201, res.content
    pk = res.json()["id"]
    assert res.json()["status"] == "填报"
    bad = client.post("/api/v1/indicator-values/", {"code": "env.air_good_days", "region": "620502", "year": 2013,
                                                    "value": 400}, format="json")
    assert bad.status_code == 400 and "上限" in str(bad.json())
    assert client.post("/api/v1/indicator-values/", {"code": "env.air_good_days", "region": "620503",
                                                     "year": 2013, "value": 1}, format="json").status_code == 403
    assert client.post(f"/api/v1/indicator-values/{pk}/approve/").status_code == 403
    client.force_authenticate(other_county)
    assert client.get(f"/api/v1/indicator-values/{pk}/").status_code == 404
    assert client.get("/api/v1/indicator-values/").json()["count"] == 0
    client.force_authenticate(reviewer)
    assert client.post(f"/api/v1/indicator-values/{pk}/return/", {}, format="json").status_code == 400
    res = client.post(f"/api/v1/indicator-values/{pk}/approve/", {}, format="json")
    assert res.status_code == 200 and res.json()["status"] == "审核通过"
    assert IndicatorValue.objects.get(pk=pk).reviewed_by == reviewer
    assert client.get("/api/v1/indicators/", {"year": 2013, "region": "620502",
                                              "code": "env.air_good_days"}).json()["values"][0]["value"] == 300


def test_as_of_period_uses_value_of_its_year(regions):
    f.value("svc.satisfaction", regions["620500"], 2014, "81.25")
    assert compute(["svc.satisfaction"], Period.as_of(dt.date(2014, 7, 10)))[("svc.satisfaction", "620500")] == 81.25


def test_formula_with_a_removed_component_is_null(regions):
    p = f.program("tmp_prog", "临时项目")
    load_indicator_document({"kind": "indicator", "code": "custom.twice", "name": "两倍", "type": "formula",
                             "formula": "rec.valid.tmp_prog * 2"})
    assert compute(["custom.twice"], Y13)[("custom.twice", "620500")] == 0
    p.delete()
    values = compute(None, Y13)
    assert values[("custom.twice", "620500")] is None
