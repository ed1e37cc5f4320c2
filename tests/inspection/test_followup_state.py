"""迎检 follow-ups: 准备中 → 已定稿 → 已报送, 退回修改, and the frozen self-evaluation."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qualitybrand.core.models import ChangeLog
from qualitybrand.inspection import report, services, services_state
from qualitybrand.inspection.models import Preparation
from tests.factories import UserFactory
from tests.inspection.factories import finalized, preparation, scored

pytestmark = pytest.mark.django_db


def _log(prep):
    return list(ChangeLog.objects.filter(model="inspection.preparation", object_id=str(prep.pk))
                .order_by("id").values_list("reason", flat=True))


def test_finalize_lists_what_is_missing_and_changes_nothing(regions, city_user):
    prep = preparation()
    with pytest.raises(ValidationError) as exc:
        services_state.finalize(city_user, prep)
    assert "尚未评分：A3 质量工作机制建设、A4 品牌培育与宣传" in exc.value.messages[0]
    services.score_manual(city_user, prep, "A3", "20", "机制健全")
    services.score_manual(city_user, prep, "A4", "10", "待核", reviewed=False)
    with pytest.raises(ValidationError, match="尚未审核：A4 品牌培育与宣传") as exc:
        services_state.finalize(city_user, prep)
    assert "A3" not in exc.value.messages[0]
    prep.refresh_from_db()
    assert prep.state == "准备中" and "迎检自评定稿" not in _log(prep)


def test_finalize_freezes_draft_score_and_tasks(regions, city_user):
    prep = services_state.finalize(city_user, scored(preparation()))
    assert Preparation.objects.get(pk=prep.pk).state == "已定稿"
    assert _log(prep)[-1] == "迎检自评定稿"
    before = list(prep.items.order_by("id").values_list("item_code", "value", "score", "task"))
    for attempt in (lambda: services.draft(city_user, prep),
                    lambda: services.score_manual(city_user, prep, "A3", "5"),
                    lambda: services.create_tasks(city_user, prep, {"A3": ["region:620502"]})):
        with pytest.raises(ValidationError, match="已定稿，不能再修改.*退回修改"):
            attempt()
    assert list(prep.items.order_by("id").values_list("item_code", "value", "score", "task")) == before
    with pytest.raises(ValidationError, match="已定稿，不能再定稿"):
        services_state.finalize(city_user, prep)


def test_reopen_needs_a_reason_and_goes_back_to_draft(regions, city_user):
    prep = finalized()
    with pytest.raises(ValidationError, match="请填写退回修改的原因"):
        services_state.reopen(city_user, prep, "  ")
    assert Preparation.objects.get(pk=prep.pk).state == "已定稿"
    services_state.reopen(city_user, prep, "A3 需补充会议纪要")
    prep.refresh_from_db()
    assert prep.state == "准备中" and _log(prep)[-1] == "退回修改：A3 需补充会议纪要"
    services.score_manual(city_user, prep, "A3", "28", "补充后")  # open again
    with pytest.raises(ValidationError, match="只有已定稿的自评可以退回修改"):
        services_state.reopen(city_user, prep, "再退")


def test_submit_records_the_date_and_freezes_for_good(regions, city_user, settings):
    prep = preparation()
    with pytest.raises(ValidationError, match="尚未定稿"):
        services_state.submit(city_user, prep)
    prep = services_state.finalize(city_user, scored(prep))
    with pytest.raises(ValidationError, match="晚于今天"):
        services_state.submit(city_user, prep, "2014-01-06")
    with pytest.raises(ValidationError, match="不是有效日期"):
        services_state.submit(city_user, prep, "明天")
    services_state.submit(city_user, prep, "2014-01-04")
    prep.refresh_from_db()
    assert prep.state == "已报送" and _log(prep)[-1] == "报送上级：2014-01-04"
    from qualitybrand.inspection import selectors

    assert selectors.submitted_on(prep) == dt.date(2014, 1, 4)
    with pytest.raises(ValidationError, match="已报送，不能重复报送"):
        services_state.submit(city_user, prep)
    with pytest.raises(ValidationError, match="只有已定稿的自评可以退回修改"):
        services_state.reopen(city_user, prep, "改")
    with pytest.raises(ValidationError, match="已报送上级，不能再修改"):
        services.score_manual(city_user, prep, "A3", "1")
    assert report.build(prep)  # the frozen report still downloads


def test_only_the_city_admin_moves_the_state(regions, city_user):
    prep = scored(preparation())
    leader = UserFactory(username="ld", role="leader", region=city_user.region)
    with pytest.raises(PermissionDenied):
        services_state.finalize(leader, prep)
    assert Preparation.objects.get(pk=prep.pk).state == "准备中"


def test_buttons_on_the_page_walk_the_states(client, regions, city_user):
    client.force_login(city_user)
    prep = preparation()
    url = prep.get_absolute_url()
    page = client.get(url).content.decode()
    assert "尚不能定稿" in page and "尚未评分：A3" in page
    assert f'action="{reverse("inspection:finalize", args=[prep.pk])}"' in page
    response = client.post(reverse("inspection:finalize", args=[prep.pk]), follow=True)
    assert "还不能定稿" in response.content.decode()
    scored(prep)
    client.post(reverse("inspection:finalize", args=[prep.pk]))
    page = client.get(url).content.decode()
    assert "自评已定稿" in page and "保存评分" not in page and "起草自评" not in page and "按最新数据刷新" not in page
    assert reverse("inspection:submit", args=[prep.pk]) in page and reverse("inspection:reopen", args=[prep.pk]) in page
    response = client.post(reverse("inspection:reopen", args=[prep.pk]), {"reason": ""}, follow=True)
    assert "请填写退回修改的原因" in response.content.decode()
    client.post(reverse("inspection:submit", args=[prep.pk]), {"submitted_on": "2014-01-05"})
    page = client.get(url).content.decode()
    assert "已于 2014年1月5日 报送上级" in page and reverse("inspection:reopen", args=[prep.pk]) not in page
    assert Preparation.objects.get(pk=prep.pk).state == "已报送"


def test_leader_sees_the_state_but_no_buttons(client, regions, city_user):
    prep = finalized()
    leader = UserFactory(username="ld", role="leader", region=city_user.region)
    client.force_login(leader)
    page = client.get(prep.get_absolute_url()).content.decode()
    assert "自评已定稿" in page and reverse("inspection:submit", args=[prep.pk]) not in page
    assert client.post(reverse("inspection:submit", args=[prep.pk])).status_code == 403
    assert Preparation.objects.get(pk=prep.pk).state == "已定稿"


def test_a_stale_object_is_still_refused_after_finalize(regions, city_user):
    prep = scored(preparation())
    stale = Preparation.objects.get(pk=prep.pk)  # loaded before the 定稿, as a racing request would
    services_state.finalize(city_user, prep)
    with pytest.raises(ValidationError, match="已定稿"):
        services.score_manual(city_user, stale, "A3", "1")
    assert prep.items.get(item_code="A3").score == 24
