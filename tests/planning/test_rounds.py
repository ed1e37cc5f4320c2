import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from qualitybrand.planning import services
from qualitybrand.planning.models import Evidence, RectificationTask, Round, Scheme
from tests.factories import UserFactory
from tests.planning.conftest import COUNTIES
from tests.planning.test_commands import SCHEME, run


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    return settings.MEDIA_ROOT


@pytest.fixture
def scheme(regions, engine, write_yaml):
    assert run("load_scheme", write_yaml(SCHEME))[0] == 0
    end = dt.date(2013, 12, 31)
    for n, r in enumerate(COUNTIES):
        engine.put("tm.applications", r, 40 + 30 * n, end)
        engine.put("insp.pass_rate", r, 86 + n, end)
        engine.put("case.closed", r, 10 + n, end)
    engine.put("incident.major", "620525", 1, end)
    return Scheme.objects.get(code="2013-quality")


def pdf(name="材料.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF" + b"x" * size, content_type="application/pdf")


def test_whole_round(scheme, regions, city_user, media):
    county = UserFactory(role="county", region=regions["620502"])
    other = UserFactory(role="county", region=regions["620503"])
    rnd = services.create_round(city_user, scheme, "年终考核", deadline=dt.date(2014, 1, 20))
    assert rnd.as_of == dt.date(2013, 12, 31) and rnd.region.code == "620500"
    with override_settings(QB_TODAY=dt.date(2014, 1, 10)):
        with pytest.raises(ValidationError, match="佐证材料"):
            services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "9", "机制健全")
        with pytest.raises(ValidationError, match="类型不支持"):
            services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "9", "", [pdf("x.exe")])
        with pytest.raises(ValidationError, match="可执行程序"):
            services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "9", "",
                                            [SimpleUploadedFile("假.pdf", b"MZ\x90\x00 not a pdf")])
        with pytest.raises(ValidationError, match="超出范围"):
            services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "11", "", [pdf()])
        with pytest.raises(PermissionDenied):
            services.submit_self_evaluation(other, rnd, regions["620502"], "A4", "9", "", [pdf()])
        assert not Evidence.objects.exists()
        ev = services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "9", "机制健全", [pdf()])
        assert ev.score == Decimal("9") and Evidence.objects.count() == 1
        services.raise_dispute(county, rnd, regions["620502"], "A3", "案件 天市监罚〔2013〕12 号", "结案日期录错")
    with override_settings(QB_TODAY=dt.date(2014, 1, 21)):
        with pytest.raises(ValidationError, match="截止"):
            services.submit_self_evaluation(county, rnd, regions["620502"], "A4", "9", "", [pdf()])
    with pytest.raises(PermissionDenied):
        services.score_manual(county, rnd, regions["620502"], "A4", "9")
    expert = UserFactory(role="expert", region=regions["620500"])
    for r in COUNTIES[:-1]:
        services.score_manual(expert, rnd, regions[r], "A4", "8.5", "较好")
    with pytest.raises(ValidationError, match="人工评分未完成"):
        services.finalise_round(city_user, rnd)
    services.score_manual(city_user, rnd, regions["620525"], "A4", "10")
    rnd = services.finalise_round(city_user, rnd)
    assert rnd.state == Round.State.FINAL and rnd.frozen_at is not None
    snap = {r["region"]: r for r in rnd.snapshot["results"]}
    assert snap["620525"]["vetoed"] == ["V1"] and snap["620525"]["rank"] == 7
    assert snap["620525"]["values"]["incident.major"] == 1
    # a later data change does not alter the frozen round
    frozen = rnd.snapshot
    with pytest.raises(ValidationError, match="已定稿"):
        services.score_manual(city_user, rnd, regions["620525"], "A4", "1")
    rnd.refresh_from_db()
    assert rnd.snapshot == frozen
    notice = services.publish_notice(city_user, rnd)
    assert "通报" in notice.title
    rnd.refresh_from_db()
    assert rnd.state == Round.State.PUBLISHED
    tasks = services.create_rectification_tasks(city_user, rnd, deadline=dt.date(2014, 6, 30))
    assert tasks and all(t.lost > t.points * Decimal("0.2") for t in tasks if t.points > 0)
    assert services.create_rectification_tasks(city_user, rnd, deadline=dt.date(2014, 6, 30)) == []
    task = RectificationTask.objects.filter(region=regions["620502"]).first() or tasks[0]
    owner = UserFactory(role="county", region=task.region)
    services.submit_rectification(owner, task, "已完善工作机制。")
    services.review_rectification(city_user, task, True, "同意")
    task.refresh_from_db()
    assert task.state == "已完成"


def test_what_if_changes_nothing(scheme, regions, city_user):
    mid = services.create_round(city_user, scheme, "年中督查", deadline=dt.date(2013, 7, 20))
    assert mid.as_of == dt.date(2013, 6, 30)
    rnd = services.create_round(city_user, scheme, "年终考核", deadline=dt.date(2014, 1, 20))
    base = {r.region: r for r in services.live_assessment(rnd).results}
    res, _ = services.what_if(rnd, "620525", {"incident.major": 0})
    assert res.vetoed == [] and res.rank < base["620525"].rank
    assert {r.region: r.rank for r in services.live_assessment(rnd).results} == {k: v.rank for k, v in base.items()}


def test_evidence_size_is_checked():
    class Big:
        name = "材料.pdf"
        size = services.EVIDENCE_MAX_BYTES + 1

    with pytest.raises(ValidationError, match="超过 20 MB 的上限"):
        services.check_evidence(Big())
