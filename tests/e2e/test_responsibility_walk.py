"""Issue 15's "Done when", tried as a new user would in a real browser on the loaded demo (2014-07-10):
the city reads its assessment of 住建 and 环保 (scored on their own indicators, as counties are) and its
notice; 秦州区 gives its towns targets and sees their progress; 住建 receives a task from the city, reports
its completion with evidence and the city accepts it; the city downloads its self-evaluation for the
province (.docx) and the evidence package (.zip).

Every page is photographed into /tmp/shots/demoresp/ (full page) for a person to look at."""

import io
import zipfile
from pathlib import Path

import pytest

from qualitybrand.core.demo_accounts import DEMO_PASSWORD
from qualitybrand.demo import profile as P
from qualitybrand.demo import story_responsibility as S

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = Path("/tmp/shots/demoresp")


def snap(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_selector(".topbar")


def visit(page, url: str, path: str, shot: str) -> str:
    response = page.goto(url + path)
    assert response.status == 200, (path, response.status)
    snap(page, shot)
    return page.locator("main").inner_text()


def click_to(page, text: str, shot: str) -> str:
    """Follow the first link named `text` (as a user finds the next page), photograph it."""
    page.locator("main a", has_text=text).first.click()
    page.wait_for_load_state("networkidle")
    snap(page, shot)
    return page.locator("main").inner_text()


@pytest.fixture
def demo(settings, fast_hasher):
    from qualitybrand.demo.loader import load_demo

    settings.QB_TODAY = P.DEMO_TODAY
    settings.QB_DEMO = True
    load_demo(out=lambda line: None)


def test_the_responsibility_system_on_the_demo(demo, page, live_server, tmp_path):
    from qualitybrand.assignments.models import Assignee, Task
    from qualitybrand.inspection.models import Preparation
    from qualitybrand.planning.models import Round, TargetSet

    url = live_server.url
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # 1. the city's assessment of 住建 and 环保: the round, each department's page and the notice
    rnd = Round.objects.get(scheme__code="2013-dept")
    frozen = {r["subject"]: r for r in rnd.snapshot["results"]}
    log_in(page, url, "city")
    text = visit(page, url, "/planning/", "01-planning-city")
    assert "2013年度市直部门质量工作考核" in text
    text = click_to(page, "2013年度市直部门质量工作考核", "02-department-scheme")
    assert "空气质量优良天数目标完成情况" in text and "被考核部门：2 个" in text
    text = visit(page, url, f"{rnd.get_absolute_url()}住建/", "04-department-round-zhujian")
    # scored on its own eng.* items and the common manual items (环保's C items are not scored for it)
    assert "建筑工程竣工验收合格率" in text and f"总分 {float(frozen['住建']['total']):.2f} 分" in text
    assert set(frozen["住建"]["items"]) == {"B1", "B2", "B3", "M1", "M2"}
    text = visit(page, url, f"/planning/rounds/{rnd.pk}/notice/", "05-department-notice")
    assert S.DEPT_NOTICE["doc_number"] in text

    # 2. 秦州区 gives its towns targets and sees their progress
    log_in(page, url, "qinzhou")
    text = visit(page, url, "/planning/", "06-planning-qinzhou")
    assert "2014年秦州区乡镇街道质量工作目标" in text
    text = click_to(page, "2014年秦州区乡镇街道质量工作目标", "07-towns-progress")
    for town in ("大城街道", "七里墩街道", "玉泉镇", "太京镇"):
        assert town in text
    assert "麦积区" not in text
    # the county raises 玉泉镇's application target in the editor: a new version, progress at once
    page.goto(f"{url}/planning/targets/2014-qinzhou-towns/edit/")
    snap(page, "08-towns-targets-editor")
    yuquan = page.locator("input[name$='-alloc-620502100']").first
    assert yuquan.input_value() == "4"
    yuquan.fill("5")
    page.click("button:has-text('保存（生成新版本）')")
    page.wait_for_url("**/planning/targets/2014-qinzhou-towns/")
    snap(page, "09-towns-progress-after-edit")
    ts = TargetSet.objects.get(code="2014-qinzhou-towns")
    assert ts.version == 2 and float(ts.document["items"][0]["allocations"]["620502100"]) == 5
    # and its mid-year round of the towns, scored live from the same figures
    towns_round = Round.objects.get(scheme__code="2014-qinzhou-towns")
    text = visit(page, url, towns_round.get_absolute_url(), "09b-towns-round")
    for town in ("大城街道", "七里墩街道", "东关街道", "中城街道", "玉泉镇", "太京镇"):
        assert town in text

    # 3. the city assigns a task to 住建 on the form; 住建 reports completion with evidence; the city accepts
    log_in(page, url, "city")
    text = visit(page, url, "/assignments/", "10-tasks-city")
    assert "乡镇质量工作站建设" in text and "逾期" in text
    page.goto(f"{url}/assignments/new/")
    page.fill("#f-title", "报送2014年上半年建筑节能检查情况")
    page.fill("#f-content", "汇总上半年新开工工程节能标准执行情况的检查结果。")
    page.fill("#f-standard", "形成检查报告并附检查台账。")
    page.fill("#f-deadline", "2014-07-25")
    page.check("input[name=assignees][value='department:housing']")
    snap(page, "11-task-form")
    page.click("button:has-text('交办')")
    page.wait_for_load_state("networkidle")
    assert "已交办给 1 个承办单位" in page.content()
    task = Task.objects.get(title="报送2014年上半年建筑节能检查情况")

    log_in(page, url, "zhujian")
    text = visit(page, url, "/assignments/mine/", "12-my-tasks-zhujian")
    assert task.title in text
    text = click_to(page, task.title, "13-task-zhujian")
    evidence = tmp_path / "建筑节能检查报告.pdf"
    evidence.write_bytes(S.evidence_pdf("建筑节能检查报告"))
    page.fill("textarea[name=text]", "上半年新开工工程 58 项，节能标准执行率 100%，检查报告见附件。")
    page.fill("input[name=figures]", "检查工程 58 项")
    page.set_input_files("input[name=files]", str(evidence))
    page.check("input[name=completion]")
    page.click("button:has-text('报送')")
    page.wait_for_load_state("networkidle")
    snap(page, "14-task-reported-zhujian")
    assert Assignee.objects.get(task=task).state == Assignee.State.SUBMITTED

    log_in(page, url, "city")
    text = visit(page, url, task.get_absolute_url(), "15-task-to-accept-city")
    assert "建筑节能检查报告.pdf" in text
    page.fill("textarea[name=comment]", "报告完整，同意办结。")
    page.click("button[value='验收通过']")
    page.wait_for_load_state("networkidle")
    snap(page, "16-task-accepted-city")
    assert Assignee.objects.get(task=task).state == Assignee.State.ACCEPTED

    # 4. the city's self-evaluation for the province: the page, the report and the package
    prep = Preparation.objects.get(scheme__code="2013-province")
    text = visit(page, url, "/inspection/", "17-inspection-index")
    assert prep.title in text
    text = click_to(page, prep.title, "18-preparation")
    assert "质量工作组织领导" in text and "下载自评报告" in page.content()
    with page.expect_download() as info:
        page.locator("a", has_text="下载自评报告").first.click()
    report = Path(info.value.path()).read_bytes()
    (SHOTS / "self-evaluation.docx").write_bytes(report)
    body = _docx_text(report)
    assert "天水市" in body and "质量工作组织领导" in body
    with page.expect_download() as info:
        page.locator("a", has_text="下载印证材料包").first.click()
    names = zipfile.ZipFile(info.value.path()).namelist()
    assert "索引.xlsx" in names and sum(1 for n in names if n.startswith("M1_")) == 4

    # a department officer on a phone: its tasks
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, url, "zhujian")
    visit(page, url, "/assignments/mine/", "19-my-tasks-zhujian-phone")
    assert not [e for e in errors if "Content Security Policy" in e], errors

    # the round's table: both departments with their totals, ranked as counties are
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, url, "city")
    response = page.goto(url + rnd.get_absolute_url())
    snap(page, "03-department-round")
    assert response.status == 200
    text = page.locator("main").inner_text()
    for result in frozen.values():
        assert result["name"] in text and f"{float(result['total']):.2f}" in text


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)
