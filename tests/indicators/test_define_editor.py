"""The custom indicator editor (instead of YAML): round trips equal to the YAML path, the live preview equal
to the engine, every bad input refused at its field with nothing saved, YAML export, and who may use it."""

import datetime as dt

import pytest
import yaml
from django.db import transaction
from django.test import Client

from qualitybrand.core.models import ChangeLog
from qualitybrand.indicators.engine import compute
from qualitybrand.indicators.models import IndicatorDefinition
from qualitybrand.indicators.periods import Period
from qualitybrand.indicators.services import load_indicator_document
from tests.factories import UserFactory
from tests.indicators import factories as f

FIELDS = ("code", "name", "unit", "type", "owner", "aggregation", "range_min", "range_max", "formula", "direction",
          "definition", "version", "source_hash")


@pytest.fixture
def data(regions):
    a, b = f.entity(regions["620502"]), f.entity(regions["620503"])
    f.entity(regions["620503"])
    f.trademark(a)
    f.trademark(b, registered=dt.date(2013, 5, 1))
    f.standard(a, dt.date(2013, 3, 1), level="国家")
    f.standard(b, dt.date(2013, 6, 1), level="行业")
    f.standard(b, dt.date(2013, 7, 1), level="行业")
    f.inspection(a, dt.date(2013, 3, 1), "合格")
    f.inspection(b, dt.date(2013, 4, 1), "不合格")
    return regions


@pytest.fixture
def city(data):
    client = Client()
    client.force_login(UserFactory(role="city_admin", region=data["620500"]))
    return client


def stored(code):
    obj = IndicatorDefinition.objects.get(code=code)
    return {name: getattr(obj, name) for name in FIELDS}


def log_rows():
    return ChangeLog.objects.filter(model="indicators.indicatordefinition").count()


FORMULA_FORM = {"code": "custom.std_nat_ind", "name": "参与制修订国家和行业标准", "unit": "项", "type": "formula",
                "direction": "higher", "definition": "", "formula": "std.published.national + std.published.industry"}
FORMULA_YAML = ("kind: indicator\ncode: custom.std_nat_ind\nname: 参与制修订国家和行业标准\nunit: 项\ntype: formula\n"
                "formula: std.published.national + std.published.industry\n")
REPORTED_FORM = {"code": "custom.hitech_share", "name": "高新技术产业增加值占规上工业比重", "unit": "%",
                 "type": "reported", "direction": "higher", "definition": "由科技部门按年填报。", "owner": "科技",
                 "aggregation": "none", "range_min": "0", "range_max": "100", "formula": ""}
REPORTED_YAML = ("kind: indicator\ncode: custom.hitech_share\nname: 高新技术产业增加值占规上工业比重\nunit: \"%\"\n"
                 "type: reported\nowner: 科技\naggregation: none\nrange: [0, 100]\ndefinition: 由科技部门按年填报。\n")


@pytest.mark.django_db
@pytest.mark.parametrize("form, text", [(FORMULA_FORM, FORMULA_YAML), (REPORTED_FORM, REPORTED_YAML)],
                         ids=["formula", "reported"])
def test_editor_stores_what_the_yaml_path_stores(city, form, text):
    expected = None
    try:
        with transaction.atomic():
            code, _ = load_indicator_document(yaml.safe_load(text))
            expected = stored(code)
            raise RuntimeError
    except RuntimeError:
        pass
    assert not IndicatorDefinition.objects.exists()
    before = log_rows()
    res = city.post("/indicators/define/new/", form)
    assert res.status_code == 302 and res["Location"] == "/indicators/define/"
    assert stored(form["code"]) == expected
    entry = ChangeLog.objects.filter(model="indicators.indicatordefinition").latest("id")
    assert log_rows() == before + 1 and entry.action == "create" and entry.reason == "加载指标定义"
    # Loading the same YAML afterwards changes nothing: the same document, the same hash.
    assert load_indicator_document(yaml.safe_load(text)) == (form["code"], "unchanged")


@pytest.mark.django_db
def test_editing_makes_a_new_version_and_export_loads_back_unchanged(city):
    city.post("/indicators/define/new/", FORMULA_FORM)
    city.post("/indicators/define/new/", REPORTED_FORM)
    page = city.get("/indicators/define/custom.std_nat_ind/edit/")
    assert page.status_code == 200 and "std.published.national + std.published.industry" in page.content.decode()
    changed = dict(FORMULA_FORM, name="参与制修订国家、行业标准", formula="(std.published.national + "
                   "std.published.industry) * 1", code="custom.other")  # the code of an existing one is fixed
    assert city.post("/indicators/define/custom.std_nat_ind/edit/", changed).status_code == 302
    row = stored("custom.std_nat_ind")
    assert row["version"] == 2 and row["name"] == "参与制修订国家、行业标准" and row["formula"].endswith("* 1")
    assert not IndicatorDefinition.objects.filter(code="custom.other").exists()
    assert ChangeLog.objects.filter(model="indicators.indicatordefinition").latest("id").action == "update"
    res = city.get("/indicators/define/export.yaml")
    assert res.status_code == 200 and "attachment" in res["Content-Disposition"]
    docs = list(yaml.safe_load_all(res.content.decode()))
    assert [d["code"] for d in docs] == ["custom.hitech_share", "custom.std_nat_ind"]
    assert docs[0]["range"] == [0, 100] and docs[0]["owner"] == "科技"
    before = log_rows()
    assert [load_indicator_document(d)[1] for d in docs] == ["unchanged", "unchanged"]
    assert log_rows() == before
    # the YAML page lists them with a link to the editor and offers the export
    listing = city.get("/indicators/define/").content.decode()
    assert "/indicators/define/custom.std_nat_ind/edit/" in listing and "/indicators/define/export.yaml" in listing


@pytest.mark.django_db
@pytest.mark.parametrize("region", ["620500", "620502", "620503"])
def test_preview_equals_the_engine(city, data, region):
    res = city.get("/indicators/define/preview/", {"formula": "tm.valid / entity.count * 100", "region": region,
                                                   "year": 2013, "unit": "件"})
    body = res.json()
    assert res.status_code == 200 and body["ok"], body
    expected = compute(["tm.per100", "tm.valid", "entity.count"], Period.year(2013), regions=[data[region]])
    assert body["value"] == pytest.approx(expected[("tm.per100", region)], abs=1e-9)
    assert [(c["code"], c["value"]) for c in body["components"]] == [
        ("tm.valid", expected[("tm.valid", region)]), ("entity.count", expected[("entity.count", region)])]


@pytest.mark.django_db
def test_preview_of_a_saved_formula_equals_its_engine_value(city, data):
    form = dict(FORMULA_FORM, formula="(std.published.national + std.published.industry) / insp.batches")
    assert city.post("/indicators/define/new/", form).status_code == 302
    for region in ("620500", "620502", "620503"):
        body = city.get("/indicators/define/preview/", {"formula": form["formula"], "region": region, "year": 2013,
                                                        "code": form["code"]}).json()
        engine = compute([form["code"]], Period.year(2013), regions=[data[region]])[(form["code"], region)]
        assert body["ok"] and body["value"] == engine
    values = {r: city.get("/indicators/define/preview/", {"formula": form["formula"], "region": r, "year": 2013}
                          ).json()["value"] for r in ("620500", "620502", "620503")}
    assert values == {"620500": 1.5, "620502": 1, "620503": 2}
    # a year without inspections: division by a zero count is null (—), not an error
    body = city.get("/indicators/define/preview/", {"formula": form["formula"], "region": "620500",
                                                    "year": 2012}).json()
    assert body["ok"] and body["value"] is None and body["text"] == "—" and body["note"]


@pytest.mark.django_db
def test_preview_refuses_a_region_outside_the_scope_and_bad_formulas(data):
    county_admin = Client()
    county_admin.force_login(UserFactory(role="city_admin", region=data["620502"]))
    res = county_admin.get("/indicators/define/preview/", {"formula": "tm.valid", "region": "620503",
                                                           "year": 2013})
    assert res.status_code == 400 and "不在您的管辖范围内" in res.json()["error"]
    ok = county_admin.get("/indicators/define/preview/", {"formula": "tm.valid", "region": "620502", "year": 2013})
    assert ok.json()["value"] == 1
    bad = county_admin.get("/indicators/define/preview/", {"formula": "tm.valid +", "year": 2013}).json()
    assert bad == {"ok": False, "field": "formula", "error": "公式不完整：运算符两侧都需要指标代码或数字。"}
    assert county_admin.get("/indicators/define/preview/", {"formula": "1", "year": "二〇一三"}).status_code == 400


BAD_FORMULAS = [
    ("tm.nope + 1", "公式引用了未知的指标代码：tm.nope。"),
    ("custom.std_nat_ind + 1", "公式不能引用本指标自身（custom.std_nat_ind）。"),
    ("tm.valid / 0", "除以常数 0"),
    ("tm.valid / (2 - 2 * 1)", "除以常数 0"),
    ("tm.valid +", "公式不完整"),
    ("(tm.valid + 1", "公式括号不配对"),
    ("tm.valid # 2", "公式中有无法识别的内容“# 2”"),
    ("", "请填写公式"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("formula, message", BAD_FORMULAS)
def test_bad_formula_refused_at_the_field_nothing_saved(city, formula, message):
    before = log_rows()
    res = city.post("/indicators/define/new/", dict(FORMULA_FORM, formula=formula))
    html = res.content.decode()
    assert res.status_code == 400 and "保存失败，未作任何修改" in html
    start = html.index('id="err-formula"')
    assert message in html[start:html.index("</div>", start)]
    assert not IndicatorDefinition.objects.exists() and log_rows() == before
    assert formula in html  # nothing typed is lost


@pytest.mark.django_db
def test_indirect_self_reference_refused(city):
    assert city.post("/indicators/define/new/", dict(FORMULA_FORM, code="custom.b", formula="tm.valid + 1")
                     ).status_code == 302
    assert city.post("/indicators/define/new/", dict(FORMULA_FORM, code="custom.a", formula="custom.b * 2")
                     ).status_code == 302
    before, row = log_rows(), stored("custom.b")
    res = city.post("/indicators/define/custom.b/edit/", dict(FORMULA_FORM, formula="custom.a + 1"))
    html = res.content.decode()
    assert res.status_code == 400
    start = html.index('id="err-formula"')
    assert "间接引用了本指标自身（custom.b），形成循环引用" in html[start:html.index("</div>", start)]
    assert stored("custom.b") == row and log_rows() == before
    body = city.get("/indicators/define/preview/", {"formula": "custom.a + 1", "code": "custom.b"}).json()
    assert not body["ok"] and "循环引用" in body["error"]


BAD_FIELDS = [
    ({"code": "hitech"}, "code", "指标代码“hitech”无效"),
    ({"code": ""}, "code", "请填写指标代码"),
    ({"name": ""}, "name", "请填写指标名称"),
    ({"type": "table"}, "type", "请选择指标类型"),
    ({"direction": "up"}, "direction", "请选择指标方向"),
    ({"unit": "个" * 21}, "unit", "单位最多 20 个字"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("change, field, message", BAD_FIELDS)
def test_bad_field_refused_nothing_saved(city, change, field, message):
    before = log_rows()
    res = city.post("/indicators/define/new/", dict(FORMULA_FORM, **change))
    html = res.content.decode()
    assert res.status_code == 400
    start = html.index(f'id="err-{field}"')
    assert message in html[start:html.index("</div>", start)]
    assert not IndicatorDefinition.objects.exists() and log_rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("change, field, message", [
    ({"owner": ""}, "owner", "请填写负责填报的部门"),
    ({"range_min": "零"}, "range_min", "取值下限“零”不是数字"),
    ({"range_min": "100", "range_max": "10"}, "range_max", "取值上限 10 小于下限 100"),
    ({"aggregation": "avg"}, "aggregation", "请选择汇总方式"),
])
def test_bad_reported_field_refused_nothing_saved(city, change, field, message):
    before = log_rows()
    res = city.post("/indicators/define/new/", dict(REPORTED_FORM, **change))
    html = res.content.decode()
    start = html.index(f'id="err-{field}"')
    assert res.status_code == 400 and message in html[start:html.index("</div>", start)]
    assert not IndicatorDefinition.objects.exists() and log_rows() == before


@pytest.mark.django_db
def test_existing_code_is_not_overwritten_from_the_new_form(city):
    city.post("/indicators/define/new/", FORMULA_FORM)
    row, before = stored(FORMULA_FORM["code"]), log_rows()
    res = city.post("/indicators/define/new/", dict(FORMULA_FORM, name="别的指标"))
    assert res.status_code == 400 and "已存在" in res.content.decode()
    assert stored(FORMULA_FORM["code"]) == row and log_rows() == before


URLS = ["/indicators/define/new/", "/indicators/define/custom.std_nat_ind/edit/",
        "/indicators/define/preview/?formula=tm.valid&year=2013", "/indicators/define/export.yaml"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "city_admin", "county", "department", "enterprise", "expert",
                                  "leader"])
def test_who_may_use_the_editor(data, role):
    load_indicator_document(yaml.safe_load(FORMULA_YAML))
    client = Client()
    if role != "anonymous":
        region = data["620500"] if role != "county" else data["620502"]
        entity = f.entity(data["620502"]) if role == "enterprise" else None
        extra = {"entity": entity} if entity else {}
        client.force_login(UserFactory(role=role, region=region, **extra))
    for url in URLS:
        res = client.get(url)
        if role == "anonymous":
            assert res.status_code == 302 and res["Location"].startswith("/accounts/login/"), url
        elif role == "city_admin":
            assert res.status_code == 200, url
        else:
            assert res.status_code == 403, (role, url)
    before = log_rows()
    res = client.post("/indicators/define/new/", dict(FORMULA_FORM, code="custom.by_" + role))
    assert res.status_code == (302 if role in ("anonymous", "city_admin") else 403)
    assert IndicatorDefinition.objects.filter(code="custom.by_" + role).exists() == (role == "city_admin")
    assert log_rows() == before + (role == "city_admin")


@pytest.mark.django_db
def test_preview_of_the_current_year_counts_up_to_today_as_the_pages_do(city, data, settings):
    from qualitybrand.indicators.periods import reporting_period

    settings.QB_TODAY = dt.date(2014, 7, 10)
    f.trademark(f.entity(data["620502"]), registered=dt.date(2004, 9, 1), expires=dt.date(2014, 8, 31))
    body = city.get("/indicators/define/preview/", {"formula": "tm.valid", "region": "620500", "year": 2014}).json()
    today = compute(["tm.valid"], reporting_period(2014), regions=[data["620500"]])[("tm.valid", "620500")]
    year_end = compute(["tm.valid"], Period.year(2014), regions=[data["620500"]])[("tm.valid", "620500")]
    assert body["value"] == today == year_end + 1
    assert body["period"] == {"start": "2014-01-01", "end": "2014-07-10", "label": "2014 年 1 月 1 日至 7 月 10 日"}
