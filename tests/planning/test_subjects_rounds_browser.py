"""Department and enterprise rounds in a real browser: the round page, a department's self-evaluation
with evidence, the enterprise's 质量目标责任书 page (screenshots under /tmp/shots/subjrounds/)."""

import datetime as dt
from pathlib import Path

import pytest

from qualitybrand.core.models import Department
from qualitybrand.planning import services
from qualitybrand.planning.models import Evidence, SelfEvaluation
from tests.factories import EntityFactory, UserFactory
from tests.planning.subjects_rounds_setup import department_round, enterprise_scheme, load
from tests.planning.test_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots/subjrounds")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_department_round_and_self_evaluation(browser, live_server, regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.QB_TODAY = dt.date(2014, 1, 10)
    engine.put("insp.pass_rate", "620500", 93)
    rnd = department_round()
    office = UserFactory(username="office", role="city_admin", region=regions["620500"])
    zj = UserFactory(username="zhujian", role="department", region=regions["620500"],
                     department=Department.objects.get(name="住建"))
    office.save()
    zj.save()
    base = live_server.url

    page = login(browser, base, "office")
    page.goto(f"{base}/planning/rounds/{rnd.pk}/")
    assert "住房和城乡建设局" in page.content() and "生态环境局" in page.content()
    shot(page, "department-round")

    dpage = login(browser, base, "zhujian")
    dpage.goto(f"{base}/planning/rounds/{rnd.pk}/住建/")
    dpage.select_option("#s-item", "D3")
    dpage.fill("#s-score", "36")
    dpage.fill("#s-exp", "建立了质量工作联席会议制度。")
    evidence = tmp_path / "联席会议纪要.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    dpage.set_input_files("#s-files", str(evidence))
    dpage.click("button:has-text('提交自评')")
    dpage.wait_for_load_state("networkidle")
    assert "联席会议纪要.pdf" in dpage.content()
    assert SelfEvaluation.objects.get().subject == "住建" and Evidence.objects.get().subject == "住建"
    shot(dpage, "department-self-evaluation")
    dpage.set_viewport_size({"width": 390, "height": 844})
    shot(dpage, "department-self-evaluation-phone")
    assert dpage.goto(f"{base}/planning/rounds/{rnd.pk}/环保/").status == 404


def test_enterprise_responsibility_page(browser, live_server, regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.QB_TODAY = dt.date(2014, 12, 1)
    firm = EntityFactory(region=regions["620502"], name="天水星火机床有限责任公司")
    other = EntityFactory(region=regions["620503"])
    rnd = services.create_round(None, load(enterprise_scheme([firm.uscc, other.uscc])), "年终考核",
                                deadline=dt.date(2014, 12, 20))
    boss = UserFactory(username="enterprise", role="enterprise", region=regions["620502"], entity=firm)
    boss.save()
    base = live_server.url
    page = login(browser, base, "enterprise")
    page.goto(f"{base}/planning/responsibility/")
    assert "质量承诺落实" in page.content()
    page.click("a:has-text('填报自评')")
    page.wait_for_load_state("networkidle")
    assert f"/planning/rounds/{rnd.pk}/{firm.uscc}/" in page.url
    page.select_option("#s-item", "Z1")
    page.fill("#s-score", "55")
    evidence = tmp_path / "质量承诺书.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    page.set_input_files("#s-files", str(evidence))
    page.click("button:has-text('提交自评')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/planning/responsibility/")
    assert "质量承诺书.pdf" in page.content() and "55" in page.content()
    shot(page, "enterprise-responsibility")
    page.goto(f"{base}/planning/rounds/{rnd.pk}/{firm.uscc}/")
    shot(page, "enterprise-subject-page")
