import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qualitybrand.core.models import ChangeLog
from qualitybrand.cultivation import services, workflow
from qualitybrand.cultivation.models import (
    Application,
    Assignment,
    Notification,
    RewardPayment,
    State,
    TransitionLog,
)
from qualitybrand.registry.models import Recognition
from tests.cultivation.factories import make_application, make_call, make_expert
from tests.factories import EntityFactory, TrademarkFactory

ROLES = ["city_admin", "county", "enterprise", "department", "leader", "expert"]


def _app_in_state(t, programs, call, entity, regions):
    if t.track == "award":
        fresh = EntityFactory(region=entity.region, established=dt.date(2001, 1, 1))
        app = make_application(call, programs["award"], fresh, state=t.state)
    else:
        app = make_application(call, programs["city"], entity, TrademarkFactory(holder=entity), state=t.state)
    if t.state == State.DOC_REVIEW:
        expert = make_expert(regions["620500"], "专家")
        Assignment.objects.create(application=app, expert=expert, scheme="gbt19580_2012", total=700,
                                  submitted_at=dt.datetime(2014, 7, 1, tzinfo=dt.UTC), region=app.region,
                                  assigned_at=dt.datetime(2014, 7, 1, tzinfo=dt.UTC))
        Application.objects.filter(pk=app.pk).update(panel_score=700)
    if t.state == State.NOTICE:
        Application.objects.filter(pk=app.pk).update(notice_start=dt.date(2014, 6, 20), notice_end=dt.date(2014, 6, 27))
    app.refresh_from_db()
    return app


@pytest.mark.parametrize("role", ROLES)
def test_transition_table_walked_for_every_role(role, programs, call, entity, users, regions):
    user = users[role]
    for t in workflow.TRANSITIONS:
        app = _app_in_state(t, programs, call, entity, regions)
        if role in t.roles:
            services.transition(user, app, t.action, "意见：请按要求补充材料。")
            app.refresh_from_db()
            assert app.state == t.next_state, (t, role)
            assert TransitionLog.objects.filter(application=app, action=t.action).exists()
        else:
            with pytest.raises((PermissionDenied, ValidationError)):
                services.transition(user, app, t.action, "意见")
            app.refresh_from_db()
            assert app.state == t.state, (t, role)


def test_draft_to_recognition_with_reward(programs, call, entity, trademark, users):
    app = services.create_application(users["enterprise"], call=call, program=programs["city"], entity=entity,
                                      trademark=trademark)
    services.transition(users["enterprise"], app, "提交")
    assert Notification.objects.filter(recipient=users["county"], application=app).exists()
    services.transition(users["county"], app, "通过")
    services.transition(users["city_admin"], app, "推荐")
    services.transition(users["city_admin"], app, "认定")
    app.refresh_from_db()
    assert app.state == State.RECOGNISED
    rec = Recognition.objects.get(program=programs["city"], year=2014)
    assert (rec.object_key, rec.valid_until, rec.region_id, rec.trademark) == (
        trademark.number, dt.date(2016, 12, 31), entity.region_id, trademark)
    assert app.recognition == rec
    pay = RewardPayment.objects.get(recognition=rec)
    assert (pay.amount, pay.status, pay.year) == (2, "应付", 2014)
    assert [t.action for t in app.transitions.all()] == ["提交", "通过", "推荐", "认定"]
    assert ChangeLog.objects.filter(model="cultivation.application", object_id=str(app.pk)).count() == 5
    assert ChangeLog.objects.filter(model="registry.recognition", object_id=str(rec.pk)).exists()
    assert Notification.objects.filter(recipient=users["enterprise"], application=app).count() == 3


def test_return_requires_comment_and_goes_back_to_draft(programs, call, entity, trademark, users):
    app = make_application(call, programs["city"], entity, trademark, state=State.COUNTY)
    with pytest.raises(ValidationError, match="须填写意见"):
        services.transition(users["county"], app, "退回", "  ")
    app.refresh_from_db()
    assert app.state == State.COUNTY
    services.transition(users["county"], app, "退回", "请补充商标使用证据。")
    app.refresh_from_db()
    assert app.state == State.DRAFT
    assert app.transitions.get().comment == "请补充商标使用证据。"


def test_no_self_approval(programs, call, entity, trademark, users):
    app = services.create_application(users["county"], call=call, program=programs["city"], entity=entity,
                                      trademark=trademark)
    services.transition(users["county"], app, "提交")
    with pytest.raises(PermissionDenied, match="自我审批"):
        services.transition(users["county"], app, "通过")
    app.refresh_from_db()
    assert app.state == State.COUNTY
    services.transition(users["city_admin"], app, "通过")


def test_county_user_cannot_act_on_another_county(programs, call, users, regions):
    other = EntityFactory(region=regions["620503"])
    app = make_application(call, programs["city"], other, TrademarkFactory(holder=other), state=State.COUNTY)
    with pytest.raises(PermissionDenied, match="管辖范围"):
        services.transition(users["county"], app, "通过")
    app.refresh_from_db()
    assert app.state == State.COUNTY


def test_refusals_leave_state_unchanged(programs, call, entity, trademark, users, regions):
    ent_user = users["enterprise"]
    # for another enterprise
    other = EntityFactory(region=regions["620502"])
    with pytest.raises(PermissionDenied, match="本企业"):
        services.create_application(ent_user, call=call, program=programs["city"], entity=other,
                                    trademark=TrademarkFactory(holder=other))
    # a closed program
    with pytest.raises(ValidationError, match="已停止受理"):
        services.create_application(ent_user, call=call, program=programs["closed"], entity=entity,
                                    product_name="苹果")
    app = services.create_application(ent_user, call=call, program=programs["city"], entity=entity,
                                      trademark=trademark)
    # twice for the same object and year
    with pytest.raises(ValidationError, match="不能重复申报"):
        services.create_application(ent_user, call=call, program=programs["city"], entity=entity,
                                    trademark=trademark)
    # after the call closed
    with pytest.raises(ValidationError, match="截止"):
        services.transition(ent_user, app, "提交", today=dt.date(2014, 9, 1))
    # not allowed from the state
    with pytest.raises(ValidationError, match="不能执行“认定”"):
        services.transition(users["city_admin"], app, "认定")
    # a failing rule
    prov_app = services.create_application(ent_user, call=call, program=programs["prov"], entity=entity,
                                           trademark=trademark)
    with pytest.raises(ValidationError, match="未持有有效的市知名商标"):
        services.transition(ent_user, prov_app, "提交")
    for a in (app, prov_app):
        a.refresh_from_db()
        assert a.state == State.DRAFT
    assert prov_app.rule_results == []
    # the program closed after the call opened
    programs["city"].is_open = False
    programs["city"].save()
    with pytest.raises(ValidationError, match="已停止受理"):
        services.transition(ent_user, app, "提交")


def test_call_must_be_open(programs, regions, entity, trademark, users):
    future = make_call(regions["620500"], [programs["city"]], opening=dt.date(2014, 9, 1), closing=dt.date(2014, 9, 30))
    with pytest.raises(ValidationError, match="尚未开始"):
        services.create_application(users["enterprise"], call=future, program=programs["city"], entity=entity,
                                    trademark=trademark)


def test_bulk_recommend_reports_each(programs, call, entity, users):
    apps = [make_application(call, programs["city"], entity, TrademarkFactory(holder=entity), state=State.CITY)
            for _ in range(3)]
    draft = make_application(call, programs["city"], entity, TrademarkFactory(holder=entity))
    result = services.bulk_transition(users["city_admin"], [a.pk for a in apps] + [draft.pk, 999999], "推荐")
    assert sorted(result["done"]) == sorted(a.pk for a in apps)
    assert {r["id"] for r in result["refused"]} == {draft.pk, 999999}
    assert Application.objects.filter(state=State.RECOMMENDED).count() == 3
    with pytest.raises(PermissionDenied):
        services.bulk_transition(users["county"], [draft.pk], "通过")


def test_enterprise_edits_only_own_draft(programs, call, entity, trademark, users):
    app = make_application(call, programs["city"], entity, trademark)
    services.update_draft(users["enterprise"], app, summary="年销售额 1.2 亿元")
    app.refresh_from_db()
    assert app.summary == "年销售额 1.2 亿元"
    Application.objects.filter(pk=app.pk).update(state=State.COUNTY)
    app.refresh_from_db()
    with pytest.raises(ValidationError, match="只有草稿"):
        services.update_draft(users["enterprise"], app, summary="x")


def test_notifications_inbox_and_email(programs, call, entity, trademark, users, settings, monkeypatch, client):
    sent = []
    monkeypatch.setattr("django.core.mail.send_mail", lambda subject, body, sender, to, **kw: sent.append(to))
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    users["county"].email = "qinzhou@example.org"
    users["county"].save()
    app = make_application(call, programs["city"], entity, trademark, user=users["enterprise"])
    services.transition(users["enterprise"], app, "提交")
    assert sent == [["qinzhou@example.org"]]
    note = Notification.objects.get(recipient=users["county"])
    assert "已提交" in note.message and note.url == f"/cultivation/applications/{app.pk}/"
    assert not Notification.objects.filter(recipient=users["enterprise"]).exists()  # not the actor itself
    client.force_login(users["county"])
    assert "已提交" in client.get("/cultivation/inbox/").content.decode()
    r = client.get(f"/cultivation/inbox/{note.pk}/")
    assert r.status_code == 302 and r["Location"] == note.url
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(users["city_admin"])
    assert client.get(f"/cultivation/inbox/{note.pk}/").status_code == 404
