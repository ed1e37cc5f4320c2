"""The form editors of target sets and schemes: what they save is exactly what the YAML import saves
(same document, version and change-log entries), YAML export gives the same document back, and bad
input gets its Chinese message under the field with nothing saved."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import yaml
from django.test import Client

from qualitybrand.core.models import ChangeLog
from qualitybrand.planning import selectors
from qualitybrand.planning.loading import load_text
from qualitybrand.planning.models import DocumentVersion, Scheme, TargetAllocation, TargetItem, TargetSet
from tests.planning.conftest import COUNTIES

pytestmark = pytest.mark.django_db

TARGETS_YAML = """
kind: targets
code: ed-2014
name: 2014年编辑器目标
year: 2014
region: "620500"
items:
  - indicator: tm.applications
    target: 200
    allocations:
      "620502": 60
      "620503": 50.5
  - indicator: incident.count
    target: 5
    lower_is_better: true
    allocations:
      "620502": 2
  - indicator: insp.pass_rate
    target: 92.5
"""

TARGETS_FORM = {
    "code": "ed-2014", "name": "2014年编辑器目标", "year": "2014",
    "item-0-indicator": "tm.applications", "item-0-target": "200",
    "item-0-alloc-620502": "60", "item-0-alloc-620503": "50.5", "item-0-alloc-620521": "",
    "item-5-indicator": "incident.count", "item-5-target": "5", "item-5-lib": "on", "item-5-alloc-620502": "2",
    "item-9-indicator": "", "item-9-target": "",  # an empty row is not an item
    "item-12-indicator": "insp.pass_rate", "item-12-target": "92.5",
}

BASE_TARGETS = """
kind: targets
code: 2013-targets
name: 2013年目标
year: 2013
region: "620500"
items:
  - indicator: tm.applications
    target: 700
    allocations: {"620502": 200, "620503": 150, "620521": 50, "620522": 80, "620523": 90, "620524": 60,
                  "620525": 40}
"""

SCHEME_YAML = """
kind: scheme
code: ed-quality
name: 2013年度质量工作考核（编辑器）
year: 2013
region: "620500"
assessed: children
targets: 2013-targets
grades:
  - {grade: A, min: 90}
  - {grade: B, min: 80}
  - {grade: C, min: 60}
  - {grade: D, min: 0}
items:
  - {code: A1, name: 商标申请量目标完成情况, points: 40, rule: ratio_to_target, indicator: tm.applications,
     section: 一、目标任务}
  - {code: A2, name: 监督抽查合格率, points: 30, rule: linear, indicator: insp.pass_rate, zero_at: 85, full_at: 95,
     section: 一、目标任务}
  - {code: A3, name: 查处案件结案数, points: 20, rule: rank, indicator: case.closed, order: asc, section: 二、工作成效}
  - {code: A4, name: 质量工作机制建设, points: 10, rule: manual, evidence: required, section: 二、工作成效}
  - {code: D1, name: 一般质量安全事故扣分, rule: deduction, indicator: incident.count, per_unit: 2, cap: 10,
     section: 三、加减分}
  - {code: B1, name: 获评省政府质量奖加分, rule: bonus, indicator: tm.gi.new, per_unit: 2.5,
     section: 三、加减分}
vetoes:
  - {code: V1, name: 发生重大及以上质量安全事故, indicator: incident.major, above: 0, grade: D}
"""


def scheme_form(**changes):
    form = {
        "code": "ed-quality", "name": "2013年度质量工作考核（编辑器）", "year": "2013", "assessed_mode": "children",
        "targets": "2013-targets",
        "grade-0-name": "A", "grade-0-min": "90", "grade-1-name": "B", "grade-1-min": "80",
        "grade-2-name": "C", "grade-2-min": "60", "grade-7-name": "D", "grade-7-min": "0",
        "sec-0-name": "一、目标任务",
        "item-0-sec": "0", "item-0-code": "A1", "item-0-name": "商标申请量目标完成情况", "item-0-rule": "ratio_to_target",
        "item-0-points": "40", "item-0-indicator": "tm.applications", "item-0-order": "desc", "item-0-per_unit": "",
        "item-1-sec": "0", "item-1-code": "A2", "item-1-name": "监督抽查合格率", "item-1-rule": "linear",
        "item-1-points": "30", "item-1-indicator": "insp.pass_rate", "item-1-zero_at": "85", "item-1-full_at": "95",
        "sec-1003-name": "二、工作成效",
        "item-1004-sec": "1003", "item-1004-code": "A3", "item-1004-name": "查处案件结案数", "item-1004-rule": "rank",
        "item-1004-points": "20", "item-1004-indicator": "case.closed", "item-1004-order": "asc",
        "item-1005-sec": "1003", "item-1005-code": "A4", "item-1005-name": "质量工作机制建设",
        "item-1005-rule": "manual", "item-1005-points": "10", "item-1005-evidence": "required",
        "item-1005-indicator": "",
        "sec-2-name": "三、加减分",
        "item-3-sec": "2", "item-3-code": "D1", "item-3-name": "一般质量安全事故扣分", "item-3-rule": "deduction",
        "item-3-points": "", "item-3-indicator": "incident.count", "item-3-per_unit": "2", "item-3-cap": "10",
        "item-4-sec": "2", "item-4-code": "B1", "item-4-name": "获评省政府质量奖加分", "item-4-rule": "bonus",
        "item-4-indicator": "tm.gi.new", "item-4-per_unit": "2.5", "item-4-cap": "",
        "veto-0-code": "V1", "veto-0-name": "发生重大及以上质量安全事故", "veto-0-indicator": "incident.major",
        "veto-0-above": "0", "veto-0-grade": "D",
        "veto-1-code": "", "veto-1-name": "", "veto-1-indicator": "", "veto-1-above": "0",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


@pytest.fixture
def office(city_user):
    city_user.save()
    client = Client()
    client.force_login(city_user)
    return client


def stored_counts():
    return (TargetSet.objects.count(), TargetItem.objects.count(), TargetAllocation.objects.count(),
            Scheme.objects.count(), DocumentVersion.objects.count(), ChangeLog.objects.count())


def entries_of(obj):
    return list(ChangeLog.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id"))


def comparable(entry, code):
    """A change-log entry with what differs between two sets of the same content taken out."""
    def strip(d):
        if not d:
            return d
        out = {k: v for k, v in d.items() if k not in ("code", "updated_at", "id", "source_hash")}
        out["document"] = {k: v for k, v in d["document"].items() if k != "code"}
        return out
    return (entry.model, entry.action, entry.reason, entry.user_id, strip(entry.before), strip(entry.after))


def at_field(html: str, name: str, message: str) -> bool:
    """The message stands in the same table cell (or form field block) as the input named `name`."""
    for m in re.finditer(rf'name="{re.escape(name)}"', html):
        start = max(html.rfind("<td", 0, m.start()), html.rfind('<div class="ed-field"', 0, m.start()))
        end_td, end_div = html.find("</td>", m.end()), html.find('<div class="ed-field"', m.end())
        end = min(e for e in (end_td, end_div, len(html)) if e != -1)
        if message in html[start:end]:
            return True
    return False


def test_target_editor_saves_what_the_yaml_import_saves(office, regions, city_user):
    response = office.post("/planning/targets/new/", TARGETS_FORM)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert response["Location"] == "/planning/targets/ed-2014/"
    ts = TargetSet.objects.get(code="ed-2014")
    assert ts.version == 1
    assert [(i.indicator, i.target, i.lower_is_better) for i in ts.items.all()] == [
        ("tm.applications", 200, False), ("incident.count", 5, True), ("insp.pass_rate", Decimal("92.5"), False)]
    assert sorted((a.region.code, a.target) for a in TargetAllocation.objects.all()) == [
        ("620502", 2), ("620502", 60), ("620503", Decimal("50.5"))]
    # the same content as a YAML file is the same document: loading it changes nothing
    result = load_text(TARGETS_YAML, user=city_user)
    assert result.ok and result.outcomes == [("targets", "ed-2014", "unchanged", 1)]
    # and a YAML import of that content under another code writes the same kind of entries
    load_text(TARGETS_YAML.replace("ed-2014", "ed-yaml"), user=city_user)
    form_entries, yaml_entries = entries_of(ts), entries_of(TargetSet.objects.get(code="ed-yaml"))
    assert len(form_entries) == 1 and form_entries[0].action == "create"
    assert [comparable(e, "ed-2014") for e in form_entries] == [comparable(e, "ed-yaml") for e in yaml_entries]
    assert DocumentVersion.objects.get(code="ed-2014").document == ts.document
    # export: the YAML of the stored document is the YAML we would write by hand, and loads unchanged
    export = office.get("/planning/targets/ed-2014/export.yaml")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    text = export.content.decode()
    assert yaml.safe_load(text) == yaml.safe_load(TARGETS_YAML)
    assert load_text(text, user=city_user).outcomes == [("targets", "ed-2014", "unchanged", 1)]
    # opened in the editor it shows its data; saved again unchanged it makes no new version
    page = office.get("/planning/targets/ed-2014/edit/")
    html = page.content.decode()
    assert 'name="item-0-alloc-620503" value="50.5"' in html and 'value="incident.count" selected' in html
    assert "导出YAML" in html
    rows = page.context["rows"]
    assert [r["difference"] for r in rows] == [Decimal("-89.5"), -3, None]  # additive, with allocations
    again = {k: v for k, v in TARGETS_FORM.items() if k != "code"}
    assert office.post("/planning/targets/ed-2014/edit/", again).status_code == 302
    assert TargetSet.objects.get(code="ed-2014").version == 1 and len(entries_of(ts)) == 1
    # a change makes version 2, recorded like a changed file
    again["item-0-target"] = "220"
    assert office.post("/planning/targets/ed-2014/edit/", again).status_code == 302
    ts.refresh_from_db()
    assert ts.version == 2 and ts.document["items"][0]["target"] == "220"
    assert [e.action for e in entries_of(ts)] == ["create", "update"]


def test_scheme_editor_saves_what_the_yaml_import_saves(office, regions, city_user, engine):
    assert load_text(BASE_TARGETS).ok
    page = office.get("/planning/schemes/new/")
    assert page.status_code == 200 and "添加评分项" in page.content.decode()
    response = office.post("/planning/schemes/new/", scheme_form())
    assert response.status_code == 302, response.context and (response.context["errors"],
                                                               response.context["general"])
    scheme = Scheme.objects.get(code="ed-quality")
    assert [i.get("section") for i in scheme.document["items"]] == ["一、目标任务"] * 2 + ["二、工作成效"] * 2 + [
        "三、加减分"] * 2
    result = load_text(SCHEME_YAML, user=city_user)
    assert result.ok and result.outcomes == [("scheme", "ed-quality", "unchanged", 1)]
    load_text(SCHEME_YAML.replace("ed-quality", "ed-yaml"), user=city_user)
    yaml_scheme = Scheme.objects.get(code="ed-yaml")
    assert [comparable(e, "") for e in entries_of(scheme)] == [comparable(e, "") for e in entries_of(yaml_scheme)]
    export = office.get("/planning/schemes/ed-quality/export.yaml")
    assert export.status_code == 200
    assert yaml.safe_load(export.content.decode()) == yaml.safe_load(SCHEME_YAML)
    assert load_text(export.content.decode()).outcomes == [("scheme", "ed-quality", "unchanged", 1)]
    # opened in the editor: sections, items and their rules, vetoes
    html = office.get("/planning/schemes/ed-quality/edit/").content.decode()
    for text in ('value="二、工作成效"', 'name="item-5-per_unit" value="2.5"', 'value="incident.major" selected',
                 '<option value="asc" selected>', 'name="item-3-evidence" value="required" checked'):
        assert text in html, text
    # sections change nothing in the scores: the same items without sections score the same
    end = dt.date(2013, 12, 31)
    for n, r in enumerate(COUNTIES):
        engine.put("tm.applications", r, 40 + 30 * n, end)
        engine.put("insp.pass_rate", r, 86 + n, end)
        engine.put("case.closed", r, n % 3, end)
        engine.put("incident.count", r, n, end)
    plain = yaml.safe_load(SCHEME_YAML)
    for item in plain["items"]:
        item.pop("section")
    plain["code"] = "ed-plain"
    assert load_text(yaml.safe_dump(plain, allow_unicode=True)).ok
    period = selectors.Period.year(2013)

    def scores(code):
        doc = Scheme.objects.get(code=code).document
        return [(r.region, r.total, r.grade, r.rank, r.items) for r in selectors.assess_document(doc, period).results]

    assert scores("ed-quality") == scores("ed-plain")
    assert scores("ed-quality")[0][1] > 0


TARGET_BAD = [
    ("unknown indicator", {"item-0-indicator": "tm.nonexistent"}, "item-0-indicator",
     "指标代码“tm.nonexistent”不存在"),
    ("empty name", {"name": "  "}, "name", "请填写名称"),
    ("target not positive", {"item-5-target": "0"}, "item-5-target", "目标值必须大于 0"),
    ("allocation not a number", {"item-0-alloc-620503": "五十"}, "item-0-alloc-620503", "“五十”不是数字"),
    ("duplicate indicator", {"item-12-indicator": "tm.applications"}, "item-12-indicator", "每个指标只能出现一次"),
]


@pytest.mark.parametrize("case", TARGET_BAD, ids=[c[0] for c in TARGET_BAD])
def test_target_editor_bad_input_at_the_field(office, regions, case):
    _, changes, field, message = case
    before = stored_counts()
    response = office.post("/planning/targets/new/", {**TARGETS_FORM, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in response.context["errors"][field]
    assert at_field(html, field, message), f"{message} not under {field}"
    assert stored_counts() == before
    # what was typed is still there
    assert 'value="2014年编辑器目标"' in html or field == "name"


@pytest.mark.parametrize("outside", ["620000", "999999", "620500"])
def test_target_editor_refuses_allocation_outside_the_set_region(office, regions, city_user, outside):
    """A tampered POST allocating to a region that is not below the set's region."""
    assert office.post("/planning/targets/new/", TARGETS_FORM).status_code == 302
    before = stored_counts()
    data = {k: v for k, v in TARGETS_FORM.items() if k != "code"}
    data[f"item-5-alloc-{outside}"] = "3"
    response = office.post("/planning/targets/ed-2014/edit/", data)
    assert response.status_code == 200
    message = response.context["errors"]["item-5-allocations"]
    assert f"区划 {outside}" in message and "不在本目标集的区划 天水市（620500）之下" in message
    html = response.content.decode()
    row = html[html.index('<tr data-row="5"'):]
    assert message in row[:row.index("</tr>")]
    assert stored_counts() == before and TargetSet.objects.get(code="ed-2014").version == 1


def test_target_editor_refuses_a_code_in_use(office, regions):
    assert office.post("/planning/targets/new/", TARGETS_FORM).status_code == 302
    before = stored_counts()
    response = office.post("/planning/targets/new/", {**TARGETS_FORM, "name": "另一个"})
    assert response.status_code == 200 and "代码 ed-2014 已被使用" in response.context["errors"]["code"]
    assert stored_counts() == before and TargetSet.objects.get(code="ed-2014").name == "2014年编辑器目标"


SCHEME_BAD = [
    ("unknown indicator", {"item-1-indicator": "insp.nope"}, "item-1-indicator", "指标代码“insp.nope”不存在"),
    ("unknown veto indicator", {"veto-0-indicator": "x.y"}, "veto-0-indicator", "指标代码“x.y”不存在"),
    ("weights not 100", {"item-1-points": "25"}, "points_total", "分值合计 95 分，应为 100 分"),
    ("duplicate item codes", {"item-1005-code": "A1"}, "item-1005-code", "评分项代码 A1 重复"),
    ("veto code of an item", {"veto-0-code": "A2"}, "veto-0-code", "代码 A2 重复"),
    ("empty item name", {"item-1004-name": ""}, "item-1004-name", "请填写评分项名称"),
    ("empty scheme name", {"name": ""}, "name", "请填写名称"),
    ("empty veto name", {"veto-0-name": ""}, "veto-0-name", "请填写否决项名称"),
    ("empty section name", {"sec-2-name": ""}, "sec-2-name", "请填写分组名称"),
    ("grades not descending", {"grade-1-min": "95"}, "grade-1-min", "应低于上一等次的 90 分"),
    ("linear without full mark", {"item-1-full_at": "85"}, "item-1-full_at", "满分值与 0 分值不能相同"),
    ("assessed outside", {"assessed_mode": "list", "assessed": ["620502", "620602"]}, "assessed",
     "区划 620602 不是 天水市 的直接下级区划"),
    ("unknown target set", {"targets": "nope"}, "targets", "目标集“nope”不存在"),
]


@pytest.mark.parametrize("case", SCHEME_BAD, ids=[c[0] for c in SCHEME_BAD])
def test_scheme_editor_bad_input_at_the_field(office, regions, case):
    assert load_text(BASE_TARGETS).ok
    _, changes, field, message = case
    before = stored_counts()
    response = office.post("/planning/schemes/new/", scheme_form(**changes))
    assert response.status_code == 200
    assert message in response.context["errors"][field], response.context["errors"]
    html = response.content.decode()
    if field == "points_total":
        line = html[html.index('id="points-total-line"'):]
        assert message in line[:line.index("</section>")]
    elif field == "assessed":
        box = html[html.index('class="ed-assessed"'):]
        assert message in box[:box.index("</fieldset>")]
    else:
        assert at_field(html, field, message), f"{message} not under {field}"
    assert stored_counts() == before


def test_scheme_editor_change_of_existing_scheme_and_refusal(office, regions):
    assert load_text(BASE_TARGETS).ok
    assert office.post("/planning/schemes/new/", scheme_form()).status_code == 302
    before = stored_counts()
    data = scheme_form(code=None, **{"item-1004-code": "A1"})
    response = office.post("/planning/schemes/ed-quality/edit/", data)
    assert response.status_code == 200 and "item-1004-code" in response.context["errors"]
    assert stored_counts() == before and Scheme.objects.get(code="ed-quality").version == 1
    data = scheme_form(code=None, **{"item-0-points": "35", "item-1004-points": "25"})
    assert office.post("/planning/schemes/ed-quality/edit/", data).status_code == 302
    scheme = Scheme.objects.get(code="ed-quality")
    assert scheme.version == 2 and [i.get("points") for i in scheme.document["items"][:3]] == ["35", "30", "25"]


def test_scheme_needs_a_target_for_every_assessed_region(office, regions):
    """A target set lacking an allocation for an assessed region: the loader's message, nothing saved."""
    assert load_text(re.sub(r',\s*"620525": 40', "", BASE_TARGETS)).ok
    before = stored_counts()
    response = office.post("/planning/schemes/new/", scheme_form())
    assert response.status_code == 200
    assert "张家川回族自治县" in response.context["errors"]["item-0-indicator"]
    assert stored_counts() == before


def test_editors_are_for_the_office_only(regions, county_user):
    assert load_text(BASE_TARGETS).ok
    county_user.save()
    client = Client()
    client.force_login(county_user)
    before = stored_counts()
    assert client.get("/planning/targets/new/").status_code == 403
    assert client.post("/planning/targets/new/", TARGETS_FORM).status_code == 403
    assert client.post("/planning/schemes/new/", scheme_form()).status_code == 403
    assert client.get("/planning/targets/2013-targets/export.yaml").status_code in (403, 404)
    assert stored_counts() == before


def test_the_permission_walk_writes_are_real_writes(office, regions):
    """The forms of the walk's write cases save (so a refused write there is a refusal, not bad input)."""
    from tests.planning.factories import scheme_of, target_set
    from tests.planning.permission_cases import SCHEME_FORM, TARGET_FORM

    ts, scheme = target_set("620502"), scheme_of("620502")
    assert office.post(f"/planning/targets/{ts.code}/edit/", TARGET_FORM).status_code == 302
    assert office.post(f"/planning/schemes/{scheme.code}/edit/", SCHEME_FORM).status_code == 302
    ts.refresh_from_db()
    scheme.refresh_from_db()
    assert (ts.version, ts.name, scheme.version, scheme.name) == (2, "区划检查目标（改）", 2, "区划检查考核（改）")


def test_a_yaml_scheme_of_listed_regions_saved_unchanged_through_the_editor(office, regions, city_user):
    assert load_text(BASE_TARGETS).ok
    listed = SCHEME_YAML.replace("assessed: children", 'assessed: ["620502", "620503"]')
    assert load_text(listed, user=city_user).outcomes == [("scheme", "ed-quality", "created", 1)]
    html = office.get("/planning/schemes/ed-quality/edit/").content.decode()
    assert 'value="list" checked' in html and 'value="620503" checked' in html and 'value="620521" checked' not in html
    data = scheme_form(code=None, assessed_mode="list", assessed=["620502", "620503"])
    assert office.post("/planning/schemes/ed-quality/edit/", data).status_code == 302
    assert Scheme.objects.get(code="ed-quality").version == 1  # the same document: no new version


def test_a_section_in_yaml_is_text(regions):
    bad = SCHEME_YAML.replace("section: 二、工作成效}", "section: [1, 2]}", 1)
    result = load_text(BASE_TARGETS + "---\n" + bad)
    assert not result.ok and any("section（分组名称）应为不超过 100 个字符的文字" in e for e in result.errors)
    assert not Scheme.objects.exists()


class FormReader:
    """What a browser would submit from the page's form (outside <template>s), as a dict of lists."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        data: dict[str, list[str]] = {}
        state = {"template": 0, "select": None, "textarea": None}

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "template":
                    state["template"] += 1
                if state["template"]:
                    return
                if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
                    if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                        return
                    data.setdefault(a["name"], []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
                elif tag == "select" and a.get("name"):
                    state["select"] = a["name"]
                elif tag == "option" and state["select"] and "selected" in a:
                    data.setdefault(state["select"], []).append(a.get("value", ""))

            def handle_endtag(self, tag):
                if tag == "template":
                    state["template"] -= 1
                elif tag == "select":
                    state["select"] = None

        Parser().feed(html)
        self.data = {k: v if len(v) > 1 else v[0] for k, v in data.items() if k != "csrfmiddlewaretoken"}


def test_the_demo_files_open_in_the_editors_and_save_back_unchanged(office, regions, engine):
    """Every demo target set and scheme, opened in its editor and saved as shown, is the same document."""
    from pathlib import Path

    import qualitybrand.planning.demo as demo

    folder = Path(demo.__file__).parent
    text = (folder / "targets.yaml").read_text(encoding="utf-8") + "\n---\n" + (
        folder / "schemes.yaml").read_text(encoding="utf-8")
    result = load_text(text)
    assert result.ok, result.errors
    before = stored_counts()
    opened = 0
    for ts in TargetSet.objects.all():
        form = FormReader(office.get(f"/planning/targets/{ts.code}/edit/").content.decode()).data
        assert form["name"] == ts.name
        response = office.post(f"/planning/targets/{ts.code}/edit/", form)
        assert response.status_code == 302, response.context["errors"] or response.context["general"]
        opened += 1
    for scheme in Scheme.objects.all():
        form = FormReader(office.get(f"/planning/schemes/{scheme.code}/edit/").content.decode()).data
        response = office.post(f"/planning/schemes/{scheme.code}/edit/", form)
        assert response.status_code == 302, response.context["errors"] or response.context["general"]
        opened += 1
    assert opened >= 4
    assert stored_counts() == before  # no new version, no change-log entry: the very same documents


def test_check_button_validates_without_saving(office, regions):
    before = stored_counts()
    response = office.post("/planning/targets/new/", {**TARGETS_FORM, "check": "1"}, follow=True)
    assert response.status_code == 200 and "校验通过：可以保存。" in response.content.decode()
    assert not response.context["errors"] and stored_counts() == before
    assert load_text(BASE_TARGETS).ok
    before = stored_counts()
    response = office.post("/planning/schemes/new/", scheme_form(check="1"))
    assert response.status_code == 200 and "校验通过：可以保存。" in response.content.decode()
    assert stored_counts() == before
    # the YAML text editor of a new scheme stays reachable from the form editor
    page = office.get("/planning/schemes/new/")
    assert "/planning/schemes/new/yaml/" in page.content.decode()
    assert 'name="yaml"' in office.get("/planning/schemes/new/yaml/").content.decode()
