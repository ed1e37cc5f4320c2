"""Office rating schemes as data: validation, versions (never edits), activation, YAML, the editor pages."""

import copy
import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core import clock
from qualitybrand.core.models import ChangeLog
from qualitybrand.credit import schemes as scheme_docs
from qualitybrand.credit import services
from qualitybrand.credit.models import CreditScheme
from qualitybrand.credit.rating import rate
from tests.credit.factories import CaseFactory, InspectionFactory
from tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date(2024, 6, 30)


def doc(**changes):
    document = copy.deepcopy(scheme_docs.BUILTIN_DOCUMENT)
    document.update(changes)
    return document


def bands(*rows):
    return [{"grade": g, "min": lo, "max": hi} for g, lo, hi in rows]


# --- validation -----------------------------------------------------------------------------------

def test_the_builtin_document_parses_to_the_credit_md_rules():
    s = scheme_docs.builtin()
    assert (s.window_years, s.start, s.case_transferred, s.case_other) == (3, 100, 30, 15)
    assert s.inspection_penalty == {"国家": 10, "省": 10, "市": 5, "县": 5}
    assert [s.grade_of(x) for x in (95, 94, 80, 79, 60, 59, -5, 130)] == ["A", "B", "B", "C", "C", "D", "D", "A"]


@pytest.mark.parametrize("document,needle", [
    (doc(bands=bands(("A", 95, None), ("B", 80, 90), ("C", 60, 80), ("D", None, 60))),
     "有空档：90 至 95 分之间（等级 B 与 A 之间）不属于任何等级"),
    (doc(bands=bands(("A", 90, None), ("B", 80, 95), ("C", 60, 80), ("D", None, 60))),
     "重叠：等级 A（90 分起）与等级 B（低于 95 分）在 90 至 95 分之间重叠"),
    (doc(bands=bands(("A", 95, 200), ("B", None, 95))), "没有覆盖高分"),
    (doc(bands=bands(("A", 95, None), ("B", 0, 95))), "没有覆盖低分"),
    (doc(bands=bands(("A", 95, None), ("A", None, 95))), "等级 A 出现了不止一次"),
    (doc(bands=bands(("E", 95, None), ("D", None, 95))), "等级“E”无效"),
    (doc(bands=bands(("A", 95, 90), ("D", None, 95))), "等级 A 的下限 95 应小于上限 90"),
    (doc(recognition_bonus={"each": 5, "cap": -1}), "荣誉认定加分的加分上限不能为负数（实际为 -1）"),
    (doc(inspection_penalty={"国家": 10, "省": 10, "市": 5, "县": 5, "乡": 1}), "未知的键：乡"),
    (doc(extra=1), "方案内容中有未知的键：extra"),
    (doc(start="100"), "起评分应为整数"),
    (doc(window_years=0), "评价期（年）不能小于 1"),
    (doc(listed_grade="C", bands=bands(("A", 60, None), ("D", None, 60))), "“C”不是分段中的等级"),
    ({k: v for k, v in doc().items() if k != "case_penalty"}, "方案内容缺少：执法案件扣分"),
    ("not a dict", "方案内容应为键值对"),
])
def test_bad_documents_are_refused_naming_the_problem(document, needle):
    with pytest.raises(ValidationError) as exc:
        scheme_docs.parse(document)
    assert needle in " ".join(exc.value.messages)


# --- versions, activation, change log ----------------------------------------------------------------

@pytest.fixture
def admin(regions):
    return UserFactory(role="city_admin", region=regions["620500"])


def test_a_change_is_a_new_version_and_the_first_is_active(admin):
    v1, outcome = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=90))
    assert (v1.version, v1.active, outcome) == (1, True, "created")
    same, outcome = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=90))
    assert (same.pk, outcome) == (v1.pk, "unchanged")
    v2, _ = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=80))
    v1.refresh_from_db()
    assert (v2.version, v2.active, v1.active, v1.document["start"]) == (2, False, True, 90)
    assert scheme_docs.load("pilot").start == 90
    services.activate_version(admin, v2)
    v1.refresh_from_db()
    assert (v1.active, scheme_docs.load("pilot").start) == (False, 80)
    logged = ChangeLog.objects.filter(model__endswith="creditscheme")
    assert logged.filter(action="create").count() == 2
    assert sorted(logged.filter(action="update").values_list("object_id", flat=True)) == sorted([str(v1.pk), str(v2.pk)])


def test_builtin_cannot_be_changed_and_codes_are_checked(admin):
    with pytest.raises(ValidationError, match="内置方案 builtin"):
        services.save_scheme_version(admin, code="builtin", name="改", document=doc())
    with pytest.raises(ValidationError, match="方案代码“Bad Code”无效"):
        services.save_scheme_version(admin, code="Bad Code", name="x", document=doc())
    with pytest.raises(ValidationError, match="未知的键"):
        services.save_scheme_version(admin, code="ok_code", name="x", document=doc(extra=1))
    assert not CreditScheme.objects.filter(code="ok_code").exists()


def test_only_the_city_admin_writes_schemes(regions):
    county = UserFactory(role="county", region=regions["620502"])
    with pytest.raises(PermissionDenied):
        services.save_scheme_version(county, code="pilot", name="试点", document=doc())


def test_yaml_round_trip(admin):
    v1, _ = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=90), note="试行")
    text = services.scheme_to_yaml(v1)
    assert text.startswith("kind: credit_scheme\ncode: pilot\n")
    same, outcome = services.import_yaml(admin, text)
    assert (same.pk, outcome) == (v1.pk, "unchanged")
    v2, outcome = services.import_yaml(admin, text.replace("start: 90", "start: 85"), activate=True)
    assert (v2.version, v2.active, outcome, scheme_docs.load("pilot").start) == (2, True, "created", 85)
    with pytest.raises(ValidationError, match="kind: credit_scheme"):
        services.import_yaml(admin, "kind: indicator\ncode: x\n")
    with pytest.raises(ValidationError, match="不是有效的 YAML"):
        services.import_yaml(admin, "kind: [unclosed\n")


def test_rate_with_an_office_scheme(admin, regions):
    e = EntityFactory(region=regions["620502"])
    InspectionFactory(entity=e, level="县")
    CaseFactory(party=e)
    strict = doc(inspection_penalty={"国家": 20, "省": 20, "市": 20, "县": 20},
                 bands=bands(("A", 90, None), ("B", 70, 90), ("C", 50, 70), ("D", None, 50)))
    services.save_scheme_version(admin, code="strict", name="严格办法", document=strict)
    assert [(r.score, r.grade) for r in rate(D)] == [(80, "B")]
    assert [(r.score, r.grade) for r in rate(D, scheme="strict")] == [(65, "C")]
    with pytest.raises(scheme_docs.SchemeNotFound):
        rate(D, scheme="nope")


# --- pages ---------------------------------------------------------------------------------------------

def form_data(**changes):
    from qualitybrand.credit.forms import form_of

    data = form_of(scheme_docs.BUILTIN_DOCUMENT, code="pilot", name="试点办法")
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def test_scheme_list_and_builtin_detail(admin_client):
    res = admin_client.get("/credit/schemes/")
    assert res.status_code == 200 and "内置信用评价方案" in res.content.decode()
    builtin = CreditScheme.objects.get(code="builtin")
    page = admin_client.get(f"/credit/schemes/{builtin.pk}/").content.decode()
    assert "国家级每批次扣 10 分" in page and "A 类：95 分及以上" in page


def test_editor_saves_a_new_scheme_and_refuses_a_gap_keeping_the_input(admin_client, regions):
    res = admin_client.post("/credit/schemes/new/", form_data(band_a_min="96", name="有空档"))
    assert res.status_code == 400
    page = res.content.decode()
    assert "有空档：95 至 96 分之间" in page and 'value="有空档"' in page
    assert not CreditScheme.objects.filter(code="pilot").exists()
    res = admin_client.post("/credit/schemes/new/", form_data(insp_county="8", activate="1"))
    saved = CreditScheme.objects.get(code="pilot")
    assert res.status_code == 302 and res["Location"] == f"/credit/schemes/{saved.pk}/"
    assert saved.document["inspection_penalty"]["县"] == 8 and saved.active
    # a new version from the editor of the existing code
    res = admin_client.post(f"/credit/schemes/{saved.pk}/edit/", form_data(code="ignored", insp_county="9"))
    assert CreditScheme.objects.filter(code="pilot").count() == 2
    assert CreditScheme.objects.get(code="pilot", version=2).document["inspection_penalty"]["县"] == 9


def test_editor_field_errors(admin_client):
    res = admin_client.post("/credit/schemes/new/", form_data(start="abc", rec_cap="-1"))
    page = res.content.decode()
    assert res.status_code == 400 and "起评分应为整数（如 5），实际为“abc”" in page
    assert "认定加分上限不能为负数（实际为 -1）" in page


def test_live_preview_answers_the_distribution_by_county(admin_client, regions):
    e = EntityFactory(region=regions["620502"])
    InspectionFactory(entity=e, level="县", sampled=clock.today())
    EntityFactory(region=regions["620503"])
    res = admin_client.get("/credit/schemes/preview/", form_data(region="620500"))
    body = json.loads(res.content)
    assert body["ok"] and body["all"]["A"] == 2 and body["all"]["total"] == 2
    rows = {r["code"]: r for r in body["rows"]}
    assert (rows["620502"]["A"], rows["620503"]["A"], rows["620521"]["total"]) == (1, 1, 0)
    res = admin_client.get("/credit/schemes/preview/", form_data(region="620500", band_a_min="90"))
    body = json.loads(res.content)
    assert res.status_code == 400 and "重叠" in body["errors"]["bands"]
    res = admin_client.get("/credit/schemes/preview/", form_data(region="620500", band_a_min="90", band_b_max="90",
                                                                 insp_county="10"))
    assert json.loads(res.content)["all"]["A"] == 2  # 90 is A under the edited bands


def test_activate_and_export(admin_client, admin):
    v1, _ = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=90))
    v2, _ = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=80))
    assert admin_client.get(f"/credit/schemes/{v2.pk}/activate/").status_code == 405
    assert admin_client.post(f"/credit/schemes/{v2.pk}/activate/").status_code == 302
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.active, v2.active) == (False, True)
    res = admin_client.get(f"/credit/schemes/{v2.pk}.yaml")
    assert res.status_code == 200 and b"start: 80" in res.content


def test_import_page(admin_client, admin):
    res = admin_client.post("/credit/schemes/", {"yaml": "kind: nothing"})
    assert res.status_code == 400 and "未导入" in res.content.decode()
    v1, _ = services.save_scheme_version(admin, code="pilot", name="试点办法", document=doc(start=90))
    text = services.scheme_to_yaml(v1).replace("start: 90", "start: 70")
    assert admin_client.post("/credit/schemes/", {"yaml": text}).status_code == 302
    assert CreditScheme.objects.filter(code="pilot").count() == 2


def test_offices_read_schemes_but_do_not_edit(client, regions):
    county = UserFactory(role="county", region=regions["620502"])
    client.force_login(county)
    assert client.get("/credit/schemes/").status_code == 200
    assert client.get("/credit/schemes/new/").status_code == 403
    assert client.post("/credit/schemes/", {"yaml": "x"}).status_code == 403
    enterprise = UserFactory(role="enterprise", region=regions["620502"])
    client.force_login(enterprise)
    assert client.get("/credit/schemes/").status_code == 403
