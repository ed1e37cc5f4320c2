"""`applies_to` in rounds: an item scored for some departments only is neither shown to nor
self-evaluated, reviewed or disputed for the others; the round page and the notice show “—”."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from qualitybrand.planning import exports, services
from qualitybrand.planning.models import SelfEvaluation
from tests.factories import UserFactory
from tests.planning.subjects_rounds_setup import DEPARTMENTS, department, load, login

SCHEME = DEPARTMENTS.replace("evidence: required}\n", "evidence: required}\n"
                             "  - {code: D4, name: 住建专项, points: 10, rule: manual, applies_to: [住建]}\n")


@pytest.fixture
def rnd(regions, engine, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    engine.put("insp.pass_rate", "620500", 93)
    return services.create_round(None, load(SCHEME), "年终考核", deadline=dt.date(2014, 1, 20))


@override_settings(QB_TODAY=dt.date(2014, 1, 10))
def test_item_of_another_department_is_refused(rnd, regions):
    hb = UserFactory(role="department", region=regions["620500"], department=department("环保"))
    with pytest.raises(ValidationError, match="只适用于 住建"):
        services.submit_self_evaluation(hb, rnd, "环保", "D4", "8")
    with pytest.raises(ValidationError, match="只适用于 住建"):
        services.score_manual(None, rnd, "环保", "D4", "8")
    assert not SelfEvaluation.objects.exists()
    zj = UserFactory(role="department", region=regions["620500"], department=department("住建"))
    services.submit_self_evaluation(zj, rnd, "住建", "D4", "8")


@override_settings(QB_TODAY=dt.date(2014, 1, 10))
def test_round_page_subject_page_and_notice(rnd, regions, city_user):
    services.score_manual(None, rnd, "住建", "D3", "30")
    services.score_manual(None, rnd, "环保", "D3", "35")
    services.score_manual(None, rnd, "住建", "D4", "9")
    client = login(city_user)
    page = client.get(rnd.get_absolute_url())
    assert page.status_code == 200
    hb_page = client.get(f"/planning/rounds/{rnd.pk}/环保/")
    assert hb_page.status_code == 200 and "住建专项" not in hb_page.content.decode()
    assert "住建专项" in client.get(f"/planning/rounds/{rnd.pk}/住建/").content.decode()
    services.finalise_round(None, rnd)
    rnd.refresh_from_db()
    xlsx = exports.notice_xlsx(rnd, services.losses(rnd))
    assert xlsx[:2] == b"PK"
    frozen = client.get(rnd.get_absolute_url()).content.decode()
    assert "生态环境局" in frozen and "—" in frozen
