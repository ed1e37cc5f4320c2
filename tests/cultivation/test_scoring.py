import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.cultivation import awards, scoring, services
from qualitybrand.cultivation.models import Application, Assignment, RewardPayment, State
from tests.cultivation.factories import make_application, make_expert

SCHEME = scoring.load_scheme("gbt19580_2012")


def pct(default, **overrides):
    """Percentages for all 23 sub-items; overrides keyed like i4_4_3."""
    out = {item["code"]: default for item in SCHEME["items"]}
    for key, value in overrides.items():
        out[key[1:].replace("_", ".")] = value
    return out


# Hand-computed totals (points × pct / 100 summed over the 23 sub-items, 1000 points in all)
E1 = (pct(60), Decimal("600"))
E2 = (pct(80), Decimal("800"))
E3 = (pct(40), Decimal("400"))
E4 = (pct(55, i4_4_3=60), Decimal("550.75"))              # 550 + 15 × 5%
E5 = (pct(65, i4_4_6=70), Decimal("650.5"))               # 650 + 10 × 5%
E6 = (pct(50, i4_4_5=55, i4_4_7=55), Decimal("501.25"))   # 500 + 15 × 5% + 10 × 5%


def test_scheme_is_the_gbt19580_table():
    assert len(SCHEME["items"]) == 23
    assert sum(i["points"] for i in SCHEME["items"]) == 1000
    assert {i["code"]: i["points"] for i in SCHEME["items"]}["4.7.2"] == 80


@pytest.mark.parametrize("scores,total", [E1, E2, E3, E4, E5, E6])
def test_expert_total(scores, total):
    assert scoring.expert_total(SCHEME, scoring.check_scores(SCHEME, scores)) == total


def test_panel_by_hand():
    # 3 experts: (600 + 550.75 + 650.5) / 3 = 600.41666… → 600.42
    assert scoring.panel_score([E1[1], E4[1], E5[1]]) == Decimal("600.42")
    # 6 experts: drop 800 and 400; (600 + 550.75 + 650.5 + 501.25) / 4 = 575.625 → 575.63 (half up)
    assert scoring.panel_score([t for _, t in (E1, E2, E3, E4, E5, E6)]) == Decimal("575.63")
    # 5 experts drop too: (600 + 550.75 + 650.5) / 3
    assert scoring.panel_score([E1[1], E2[1], E3[1], E4[1], E5[1]]) == Decimal("600.42")
    assert scoring.panel_score([]) is None


@pytest.mark.parametrize("bad", [103, 7, -5, "abc", 12.5])
def test_bad_percentages_refused(bad):
    with pytest.raises(ValidationError, match="5 的倍数"):
        scoring.check_scores(SCHEME, pct(60, i4_1_2=bad))


@pytest.fixture
def award_app(call, programs, entity):
    return make_application(call, programs["award"], entity, state=State.DOC_REVIEW)


def _panel(award_app, regions, city_user, n):
    experts = [make_expert(regions["620500"], f"专家{i}") for i in range(n)]
    for e in experts:
        awards.assign_expert(city_user, award_app, e)
    return experts


def test_six_expert_round_through_services(award_app, regions, city_user, users):
    experts = _panel(award_app, regions, city_user, 6)
    for expert, (scores, total) in zip(experts, (E1, E2, E3, E4, E5, E6)):
        a = awards.assignment_for(expert.user, award_app)
        awards.save_scores(expert.user, a, scores, submit=True)
        a.refresh_from_db()
        assert a.total == total
    award_app.refresh_from_db()
    assert award_app.panel_score == Decimal("575.63")
    # below the program's 600: 现场评审 is refused
    with pytest.raises(ValidationError, match="低于市政府质量奖进入现场评审的最低分 600"):
        services.transition(users["city_admin"], award_app, "进入现场评审")
    award_app.refresh_from_db()
    assert award_app.state == State.DOC_REVIEW


def test_three_expert_round_to_recognition(award_app, regions, city_user, users):
    experts = _panel(award_app, regions, city_user, 3)
    for expert, (scores, _) in zip(experts[:2], (E1, E4)):
        awards.save_scores(expert.user, awards.assignment_for(expert.user, award_app), scores, submit=True)
    with pytest.raises(ValidationError, match="还有 1 位专家未提交评分"):
        services.transition(city_user, award_app, "进入现场评审")
    awards.save_scores(experts[2].user, awards.assignment_for(experts[2].user, award_app), E5[0], submit=True)
    award_app.refresh_from_db()
    assert award_app.panel_score == Decimal("600.42")
    services.transition(city_user, award_app, "进入现场评审")
    services.transition(city_user, award_app, "公示")
    award_app.refresh_from_db()
    assert (award_app.notice_start, award_app.notice_end) == (dt.date(2014, 7, 10), dt.date(2014, 7, 17))
    with pytest.raises(ValidationError, match="公示期满后才能认定"):
        services.transition(city_user, award_app, "认定")
    services.transition(city_user, award_app, "认定", today=dt.date(2014, 7, 18))
    award_app.refresh_from_db()
    assert award_app.state == State.RECOGNISED
    assert award_app.recognition.object_key == award_app.entity.uscc
    assert award_app.recognition.valid_until is None
    assert RewardPayment.objects.get(recognition=award_app.recognition).amount == 10


def test_scoring_refusals(award_app, regions, city_user, entity):
    expert, stranger = make_expert(regions["620500"], "甲"), make_expert(regions["620500"], "乙")
    awards.assign_expert(city_user, award_app, expert)
    a = awards.assignment_for(expert.user, award_app)
    with pytest.raises(ValidationError, match="103"):
        awards.save_scores(expert.user, a, pct(60, i4_1_2=103), submit=True)
    a.refresh_from_db()
    assert a.submitted_at is None and a.scores == {}
    with pytest.raises(PermissionDenied, match="未被分配"):
        awards.assignment_for(stranger.user, award_app)
    with pytest.raises(PermissionDenied, match="未被分配"):
        awards.save_scores(stranger.user, a, pct(60), submit=True)
    with pytest.raises(ValidationError, match="未打分"):
        awards.save_scores(expert.user, a, {"4.1.2": 50}, submit=True)
    awards.save_scores(expert.user, a, {"4.1.2": 50})  # a partial save is kept
    awards.save_scores(expert.user, a, pct(60), submit=True)
    with pytest.raises(ValidationError, match="已提交"):
        awards.save_scores(expert.user, a, pct(70), submit=True)


def test_conflicted_expert_cannot_be_assigned(award_app, regions, city_user):
    expert = make_expert(regions["620500"], "丙")
    awards.declare_conflict(expert.user, expert, award_app.entity, "近两年为其提供质量管理咨询服务")
    with pytest.raises(ValidationError, match="利益冲突"):
        awards.assign_expert(city_user, award_app, expert)
    same = make_expert(regions["620500"], "丁", organisation=award_app.entity.name)
    with pytest.raises(ValidationError, match="同一法人"):
        awards.assign_expert(city_user, award_app, same)
    assert not Assignment.objects.exists()


def test_expert_sees_only_its_assignments(award_app, call, programs, regions, city_user, entity):
    from tests.factories import EntityFactory

    other = make_application(call, programs["award"], EntityFactory(region=regions["620503"],
                                                                     established=dt.date(2000, 1, 1)),
                             state=State.DOC_REVIEW)
    e1, e2 = make_expert(regions["620500"], "甲"), make_expert(regions["620500"], "乙")
    awards.assign_expert(city_user, award_app, e1)
    awards.assign_expert(city_user, award_app, e2)
    awards.assign_expert(city_user, other, e2)
    assert list(Application.objects.for_user(e1.user)) == [award_app]
    assert list(Assignment.objects.for_user(e1.user)) == [Assignment.objects.get(expert=e1)]
    assert Application.objects.for_user(e1.user, "change").count() == 0


def test_deployment_scheme_from_data_dir(settings, tmp_path):
    import json

    settings.DATA_DIR = tmp_path
    (tmp_path / "schemes").mkdir()
    doc = {"code": "mini", "name": "简化评分标准", "total": 100, "step": 5,
           "categories": [{"code": "1", "name": "结果", "points": 100, "items": [{"code": "1.1", "name": "结果", "points": 100}]}]}
    (tmp_path / "schemes" / "mini.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    scheme = scoring.load_scheme("mini")
    assert scoring.expert_total(scheme, scoring.check_scores(scheme, {"1.1": 85})) == 85
    with pytest.raises(ValidationError, match="不存在"):
        scoring.load_scheme("../etc/passwd")
