"""迎检: manual items become assigned tasks; accepted reports' files are the evidence; the report
(.docx) and the evidence package (.zip) are built from them."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from qualitybrand.assignments import services as assignments
from qualitybrand.assignments.models import Assignee, Task
from qualitybrand.inspection import package, report, selectors, services
from tests.assignments.factories_tasks import department_user, pdf
from tests.inspection.factories import preparation

pytestmark = pytest.mark.django_db


def _tasks(city_user, prep):
    return services.create_tasks(city_user, prep, {"A3": ["department:" + _dept_code("住建"), "region:620502"],
                                                   "A4": ["department:" + _dept_code("环保")]})


def _dept_code(name):
    from qualitybrand.core.models import Department

    return Department.objects.get(name=name).code


def _deliver(city_user, task, name="机制文件.pdf", accept=True):
    assignee = task.assignees.get(department__name="住建") if task.assignees.filter(department__name="住建").exists() \
        else task.assignees.first()
    user = department_user(assignee.department.name) if assignee.department_id else None
    assignments.submit_report(user, assignee, text="材料已收集", completion=True, files=[pdf(name)])
    if accept:
        assignments.review(city_user, assignee, "验收通过")
    return assignee


def test_create_tasks_one_per_manual_item_linked(regions, city_user):
    prep = preparation()
    tasks = _tasks(city_user, prep)
    assert len(tasks) == 2
    a3 = prep.items.get(item_code="A3")
    task = Task.objects.get(pk=a3.task_id)
    assert task.title == "迎检材料：质量工作机制建设" and task.source == "迎检"
    assert task.deadline == prep.deadline and "必须提供佐证材料" in task.standard
    assert sorted(a.label for a in task.assignees.all()) == ["住建", "秦州区"]
    rows = {r.code: r for r in selectors.item_rows(prep)}
    assert sorted(rows["A3"].holders) == ["住建", "秦州区"] and rows["A3"].task_state == "办理中"


def test_create_tasks_refuses_bad_holders_and_saves_nothing(regions, city_user):
    prep = preparation()
    with pytest.raises(ValidationError, match="不是本市的部门或县区"):
        services.create_tasks(city_user, prep, {"A3": ["region:620000"], "A4": ["department:" + _dept_code("环保")]})
    with pytest.raises(ValidationError, match="至少为一个人工评分项"):
        services.create_tasks(city_user, prep, {"A3": []})
    assert not Task.objects.exists() and not prep.items.exclude(task=None).exists()


def test_an_item_is_not_assigned_twice(regions, city_user):
    prep = preparation()
    _tasks(city_user, prep)
    with pytest.raises(ValidationError, match="已交办"):
        services.create_tasks(city_user, prep, {"A3": ["region:620503"]})
    assert Task.objects.count() == 2


def test_only_accepted_reports_are_evidence(regions, city_user):
    prep = preparation()
    task = _tasks(city_user, prep)[0]
    _deliver(city_user, task, accept=False)
    assert selectors.item_rows(prep)[2].evidence == []
    assignee = task.assignees.get(department__name="住建")
    assignments.review(city_user, assignee, "验收通过")
    evidence = {r.code: r.evidence for r in selectors.item_rows(prep)}["A3"]
    assert [a.original_name for a in evidence] == ["机制文件.pdf"]
    assert Assignee.objects.get(pk=assignee.pk).state == "已验收"


def test_report_docx_has_the_table_total_grade_and_vetoes(regions, city_user):
    prep = preparation()
    services.score_manual(city_user, prep, "A3", "30", "建立了质量工作联席会议制度")
    doc = Document(io.BytesIO(report.build(prep)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "天水市" in doc.paragraphs[0].text and "自评报告" in doc.paragraphs[0].text
    assert "自评总分 30.00 分" in text and "预计等次为“合格”" in text
    assert "V1 发生重大及以上质量安全事故：经核查未发生" in text
    cells = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert cells[0] == ["编号", "评分项", "分值", "指标值", "自评分", "说明"]
    a3 = next(r for r in cells if r[0] == "A3")
    assert a3[4] == "30.00" and a3[5] == "建立了质量工作联席会议制度"
    assert cells[-1][1] == "合计" and cells[-1][4] == "30.00"


def test_package_has_index_and_files_named_by_item(regions, city_user):
    prep = preparation()
    tasks = _tasks(city_user, prep)
    _deliver(city_user, tasks[0], "机制文件.pdf")
    _deliver(city_user, tasks[0].__class__.objects.get(pk=tasks[1].pk), "宣传材料.PDF")
    with package.build(prep) as tmp:
        zf = zipfile.ZipFile(tmp)
        names = zf.namelist()
        assert names == ["索引.xlsx", "目录.txt", "A3_质量工作机制建设/A3_质量工作机制建设_1.pdf",
                         "A4_品牌培育与宣传/A4_品牌培育与宣传_1.pdf"]
        assert zf.read(names[2]).startswith(b"%PDF")
        listing = zf.read("目录.txt").decode("utf-8-sig")
        assert "A3 质量工作机制建设" in listing and "原文件：机制文件.pdf" in listing
        sheet = load_workbook(io.BytesIO(zf.read("索引.xlsx"))).active
        rows = [[c.value for c in r] for r in sheet.iter_rows()]
        assert any(r[1] == "A4" and r[4] == "宣传材料.PDF" and r[5] == "环保" for r in rows)


def test_package_too_big_is_refused_naming_total_and_limit(regions, city_user, settings):
    prep = preparation()
    _deliver(city_user, _tasks(city_user, prep)[0])
    settings.INSPECTION_PACKAGE_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        package.build(prep)
    message = exc.value.messages[0]
    assert "超过印证材料包允许的 10 字节" in message and "1 个文件" in message
