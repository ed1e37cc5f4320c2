"""交办任务通报: the document kind's figures equal the ranking page's, its .docx text, scope and bad input."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document

from qualitybrand.assignments import ranking as rk
from qualitybrand.reports import kinds, services
from tests.assignments.factories_ranking import OPEN, city_story, make_task, town

D = dt.date(2014, 7, 10)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.QB_TODAY = D


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append("|".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def make(region, start, end):
    req = kinds.DocRequest(kind="task_bulletin", region=region, start=start, end=end,
                           office=f"{region.name}质量强市工作领导小组办公室")
    data, ctx, _ = services.build_file(req)
    return data, ctx


def test_kind_is_registered_with_its_label_and_alias():
    assert kinds.get("task_bulletin").label == "交办任务通报"
    assert kinds.get("交办任务通报").code == kinds.get("tasks").code == "task_bulletin"


def test_document_figures_equal_the_ranking(regions):
    city_story(regions)
    city = regions["620500"]
    data, ctx = make(city, dt.date(2014, 1, 1), dt.date(2014, 6, 30))
    page = rk.ranking(city, rk.span_between(dt.date(2014, 1, 1), dt.date(2014, 6, 30)), D)
    assert [(r["assignee"], r["rank"], r["rate"]) for r in ctx["ranking"]] == \
        [(r.assignee, r.rank_text, r.rate_text) for r in page.rows]
    assert ctx["period"] == "2014年上半年"
    assert (ctx["task_count"], ctx["on_time"], ctx["late"], ctx["overdue"]) == (3, 3, 1, 2)
    text = docx_text(data)
    assert "交办任务完成情况的通报" in text
    for piece in ("一、总体情况", "二、任务完成情况", "三、承办单位排名", "四、逾期未办结任务", "五、工作要求",
                  "重点区域环境质量报告", "按期办结率50.0%", "予以全市通报", "环保、秦州区", "2014年7月10日"):
        assert piece in text, piece
    assert "|住建|2|2|0|0|100.0%" in text and "|环保|重点区域环境质量报告|2014年6月20日|20" in text
    assert "下半年品牌培育计划" not in text  # due in September: not this period


def test_quarter_is_named_and_county_sees_its_own_tasks_only(regions):
    city_story(regions)
    qz, mj = regions["620502"], regions["620503"]
    make_task(qz, "秦州区街道质量提升", dt.date(2014, 5, 15), [(town(qz, "001", "大城街道"), None, OPEN, None)])
    make_task(mj, "麦积区街道任务", dt.date(2014, 5, 15), [(town(mj, "001", "道北街道"), None, OPEN, None)])
    data, ctx = make(qz, dt.date(2014, 4, 1), dt.date(2014, 6, 30))
    assert ctx["period"] == "2014年第二季度" and ctx["whole"] == "全区"
    text = docx_text(data)
    assert "秦州区街道质量提升" in text and "大城街道" in text
    for other in ("麦积区街道任务", "道北街道", "重点区域环境质量报告"):
        assert other not in text


def test_empty_period_still_makes_a_document(regions):
    data, ctx = make(regions["620500"], dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    assert ctx["period"] == "2013年" and ctx["ranking"] == []
    assert "没有完成期限在本期的交办任务" in docx_text(data)


def test_archive_request_and_bad_period(regions, city_user, county_user):
    city_story(regions)
    doc = services.request_document(city_user, "task_bulletin", regions["620500"], start=dt.date(2014, 4, 1),
                                    end=dt.date(2014, 6, 30))
    doc.refresh_from_db()
    assert doc.state == "draft" and doc.kind == "task_bulletin" and doc.title == "天水市交办任务通报"
    with pytest.raises(ValidationError) as exc:
        services.request_document(city_user, "task_bulletin", regions["620500"], start=dt.date(2014, 7, 1),
                                  end=dt.date(2014, 12, 31))
    assert "不能晚于今天" in exc.value.messages[0]
    with pytest.raises(Exception) as exc:
        services.request_document(county_user, "task_bulletin", regions["620503"], start=dt.date(2014, 4, 1),
                                  end=dt.date(2014, 6, 30))
    assert "不能为该区划生成文书" in str(exc.value)


def test_report_command(regions, tmp_path):
    city_story(regions)
    out = tmp_path / "tb.docx"
    call_command("report", "task_bulletin", "--year", "2013", "--out", str(out))
    assert "交办任务完成情况的通报" in docx_text(out.read_bytes())
    call_command("report", "交办任务通报", "--as-of", "2014-07-10", "--out", str(out))
    text = docx_text(out.read_bytes())
    assert "2014年7月1日至2014年7月10日" in text
    with pytest.raises(SystemExit) as exc:
        call_command("report", "task_bulletin", "--year", "20x4", "--out", str(out))
    assert exc.value.code == 1
