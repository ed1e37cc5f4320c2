"""The services of 风险信息: registering, the workflow, levels, measures, 约谈 and documents, and each
bad input the issue lists (a clear Chinese message, nothing changed)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from qualitybrand.core.models import ChangeLog
from qualitybrand.risks import selectors, services
from qualitybrand.risks.models import (
    Interview,
    RiskDocument,
    RiskInfo,
    RiskLevelChange,
    RiskMeasure,
    RiskStep,
)
from tests.factories import EntityFactory, UserFactory
from tests.risks.factories import FOUND, fake_pdf, inspection, make_risk, pdf, risk_data

pytestmark = pytest.mark.django_db
D = dt.date


def _text(doc: RiskDocument) -> str:
    with doc.file.open("rb") as fh:
        return "\n".join(p.text for p in Document(io.BytesIO(fh.read())).paragraphs)


def test_register_numbers_steps_and_change_log(regions, county_user):
    e = EntityFactory(region=regions["620502"])
    first = make_risk(regions["620502"], county_user, entities=[e])
    second = make_risk(regions["620502"], county_user)
    assert (first.number, second.number) == ("FX2014-0001", "FX2014-0002")
    assert first.status == "登记" and list(first.entities.all()) == [e]
    assert [s.action for s in first.steps.all()] == ["登记"]
    log = ChangeLog.objects.get(model="risks.riskinfo", object_id=str(first.pk))
    assert log.action == "create" and log.after["entities"] == [e.uscc] and log.region_path == regions["620502"].path


def test_source_record_links_inside_scope_only(regions, county_user):
    own = inspection(regions["620502"], number="CJ-OWN")
    inspection(regions["620503"], number="CJ-OTHER")
    risk = services.create_risk(county_user, risk_data(regions["620502"], source="监督抽查", source_ref="CJ-OWN"))
    assert risk.inspection == own
    with pytest.raises(ValidationError) as exc:
        services.create_risk(county_user, risk_data(regions["620502"], source="监督抽查", source_ref="CJ-OTHER"))
    assert "不存在或不在您的管辖范围内" in str(exc.value)
    media = services.create_risk(county_user, risk_data(regions["620502"], source="媒体舆情", source_ref="天水日报"))
    assert media.source_note == "天水日报"


def test_entity_outside_the_county_is_refused(regions, county_user, city_user):
    other = EntityFactory(region=regions["620503"], name="麦积某电缆厂")
    with pytest.raises(ValidationError) as exc:
        services.create_risk(county_user, risk_data(regions["620502"], entities=[other.uscc]))
    assert other.uscc in str(exc.value) and "不在您的管辖范围内" in str(exc.value)
    assert "麦积" not in str(exc.value)  # a county is never told what another county holds
    # the city sees it, and is told to register a city-wide risk instead
    with pytest.raises(ValidationError) as exc:
        services.create_risk(city_user, risk_data(regions["620502"], entities=[other.uscc]))
    assert "麦积区" in str(exc.value) and "不在本风险所属区划秦州区内" in str(exc.value)
    city_wide = services.create_risk(city_user, risk_data(regions["620500"], entities=[other.uscc]))
    assert list(city_wide.entities.all()) == [other]
    assert RiskInfo.objects.count() == 1


def test_county_cannot_register_in_another_county(regions, county_user):
    with pytest.raises(PermissionDenied):
        services.create_risk(county_user, risk_data(regions["620503"]))
    assert not RiskInfo.objects.exists()


def test_required_fields_and_future_found_date(regions, county_user):
    with pytest.raises(ValidationError) as exc:
        services.create_risk(county_user, risk_data(regions["620502"], title=" ", level="四级", description="",
                                                    found=D(2014, 8, 1)))
    errors = exc.value.message_dict
    assert set(errors) == {"title", "level", "description", "found"}
    assert "晚于今天" in errors["found"][0]
    assert not RiskInfo.objects.exists()


def test_workflow_in_order_and_step_out_of_order(regions, county_user):
    risk = make_risk(regions["620502"], county_user)
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, risk, "启动处置")
    assert "当前状态为“登记”，不能执行“启动处置”" in str(exc.value)
    risk.refresh_from_db()
    assert risk.status == "登记" and risk.steps.count() == 1
    risk = services.act(county_user, risk, "开始研判")
    risk = services.act(county_user, risk, "启动处置")
    assert risk.status == "处置中"
    assert [s.to_state for s in risk.steps.all()] == ["登记", "研判", "处置中"]


def test_closure_requires_conclusion(regions, county_user):
    risk = make_risk(regions["620502"], county_user, status="处置中")
    with pytest.raises(ValidationError) as exc:
        services.act(county_user, risk, "关闭", conclusion="  ")
    assert "须填写处置结论" in str(exc.value)
    risk.refresh_from_db()
    assert risk.status == "处置中" and risk.closed is None
    risk = services.act(county_user, risk, "关闭", conclusion="企业已召回并整改，复查合格。", today=D(2014, 7, 10))
    assert (risk.status, risk.closed, risk.conclusion) == ("已关闭", D(2014, 7, 10), "企业已召回并整改，复查合格。")
    with pytest.raises(ValidationError):
        services.act(county_user, risk, "开始研判")


def test_level_change_needs_a_reason_and_is_recorded(regions, county_user):
    risk = make_risk(regions["620502"], county_user)
    with pytest.raises(ValidationError) as exc:
        services.change_level(county_user, risk, "一级", " ")
    assert "须填写理由" in str(exc.value)
    risk.refresh_from_db()
    assert risk.level == "二级" and not RiskLevelChange.objects.exists()
    services.change_level(county_user, risk, "一级", "已造成火灾事故")
    risk.refresh_from_db()
    change = RiskLevelChange.objects.get()
    assert (risk.level, change.old_level, change.new_level, change.reason) == ("一级", "二级", "一级", "已造成火灾事故")
    log = ChangeLog.objects.filter(model="risks.riskinfo", action="update").latest("id")
    assert log.before == {"level": "二级"} and log.after == {"level": "一级"} and "已造成火灾事故" in log.reason
    assert RiskStep.objects.filter(risk=risk, action="调整等级").exists()


def test_another_county_cannot_act(regions, county_user):
    risk = make_risk(regions["620503"])
    with pytest.raises(PermissionDenied):
        services.act(county_user, risk, "开始研判")
    with pytest.raises(PermissionDenied):
        services.change_level(county_user, risk, "一级", "理由")
    risk.refresh_from_db()
    assert (risk.status, risk.level) == ("登记", "二级")


def test_measures_only_after_assessment(regions, county_user):
    e = EntityFactory(region=regions["620502"])
    risk = make_risk(regions["620502"], county_user, entities=[e])
    with pytest.raises(ValidationError) as exc:
        services.add_measure(county_user, risk, {"kind": "风险警示", "date": D(2014, 7, 1), "content": "发布警示"})
    assert "请先开始研判" in str(exc.value)
    assert not RiskMeasure.objects.exists()


def test_notice_generates_docx(regions, county_user):
    e = EntityFactory(region=regions["620502"], name="秦州电缆有限公司")
    risk = make_risk(regions["620502"], county_user, entities=[e], status="处置中")
    with pytest.raises(ValidationError) as exc:
        services.add_measure(county_user, risk, {"kind": "风险告知书", "date": D(2014, 7, 1), "content": "导体电阻超标",
                                                 "entity": e.uscc})
    assert set(exc.value.message_dict) == {"requirements", "deadline"}
    m = services.add_measure(county_user, risk, {
        "kind": "风险告知书", "date": D(2014, 7, 1), "content": "导体电阻超标", "entity": e.uscc,
        "requirements": "立即停止销售该批次产品\n排查同类产品", "deadline": D(2014, 7, 31)})
    doc = m.documents.get()
    assert (doc.kind, doc.generated) == ("风险告知书", True)
    text = _text(doc)
    for expected in ("产品质量安全风险告知书", "秦州电缆有限公司", "立即停止销售该批次产品", "2014年7月31日",
                     "秦州区市场监督管理局"):
        assert expected in text
    assert ChangeLog.objects.filter(model="risks.riskdocument", region_path=regions["620502"].path).exists()


def test_notice_to_an_entity_not_concerned_is_refused(regions, county_user):
    e = EntityFactory(region=regions["620502"])
    stranger = EntityFactory(region=regions["620502"])
    risk = make_risk(regions["620502"], county_user, entities=[e], status="研判")
    with pytest.raises(ValidationError) as exc:
        services.add_measure(county_user, risk, {"kind": "风险告知书", "date": D(2014, 7, 1), "content": "x",
                                                 "entity": stranger.uscc, "requirements": "y",
                                                 "deadline": D(2014, 8, 1)})
    assert "不是本风险涉及的主体" in str(exc.value)
    assert not RiskMeasure.objects.exists() and not RiskDocument.objects.exists()


def test_interview_with_notice_and_signed_record(regions, county_user):
    e = EntityFactory(region=regions["620502"], name="秦州电缆有限公司")
    risk = make_risk(regions["620502"], county_user, entities=[e], status="处置中")
    m = services.add_measure(county_user, risk, {
        "kind": "约谈", "date": D(2014, 7, 15), "content": "通报抽查不合格情况，督促落实主体责任", "entity": e.uscc,
        "place": "秦州区市场监管局三楼会议室", "participants": "局长张三；企业法定代表人李四",
        "commitments": "7日内完成整改", "followup_due": D(2014, 8, 15)})
    interview = Interview.objects.get()
    assert (interview.measure, interview.entity, interview.place) == (m, e, "秦州区市场监管局三楼会议室")
    notice = interview.documents.get()
    assert notice.kind == "约谈通知书" and "秦州区市场监管局三楼会议室" in _text(notice)
    with pytest.raises(ValidationError) as exc:
        services.upload_document(county_user, risk, fake_pdf(), "约谈记录", interview=interview)
    assert "约谈记录.pdf" in str(exc.value)
    assert interview.documents.count() == 1
    signed = services.upload_document(county_user, risk, pdf(), "约谈记录", interview=interview)
    assert (signed.kind, signed.generated, signed.interview) == ("约谈记录", False, interview)


def test_interview_requires_place_and_participants(regions, county_user):
    e = EntityFactory(region=regions["620502"])
    risk = make_risk(regions["620502"], county_user, entities=[e], status="处置中")
    with pytest.raises(ValidationError) as exc:
        services.add_measure(county_user, risk, {"kind": "约谈", "date": D(2014, 7, 15), "content": "c",
                                                 "entity": e.uscc})
    assert {"place", "participants"} <= set(exc.value.message_dict)
    assert not Interview.objects.exists() and not RiskMeasure.objects.exists()


def test_targeted_inspections_linked_within_region(regions, county_user):
    risk = make_risk(regions["620502"], county_user, status="处置中")
    own = inspection(regions["620502"], number="CJ-A")
    inspection(regions["620503"], number="CJ-B")
    with pytest.raises(ValidationError) as exc:
        services.add_measure(county_user, risk, {"kind": "专项抽查", "date": D(2014, 7, 2), "content": "专项抽查电线电缆",
                                                 "inspections": "CJ-A、CJ-B"})
    assert "CJ-B" in str(exc.value)
    m = services.add_measure(county_user, risk, {"kind": "专项抽查", "date": D(2014, 7, 2), "content": "专项抽查",
                                                 "inspections": "CJ-A"})
    assert list(m.inspections.all()) == [own]


def test_upload_checks_content(regions, county_user):
    risk = make_risk(regions["620502"], county_user)
    with pytest.raises(ValidationError) as exc:
        services.upload_document(county_user, risk, fake_pdf("公告.pdf"), "风险公告")
    assert "无法识别" in str(exc.value) or "可执行程序" in str(exc.value)
    with pytest.raises(ValidationError):
        services.upload_document(county_user, risk, pdf(), "风险告知书")  # generated, never uploaded
    assert not RiskDocument.objects.exists()


def test_update_refuses_closed_and_outside_entities(regions, county_user):
    risk = make_risk(regions["620502"], county_user)
    other = EntityFactory(region=regions["620503"])
    with pytest.raises(ValidationError):
        services.update_risk(county_user, risk, {"entities": [other.uscc]})
    services.update_risk(county_user, risk, {"title": "新名称"})
    risk.refresh_from_db()
    assert risk.title == "新名称"
    closed = make_risk(regions["620502"], county_user, status="已关闭")
    with pytest.raises(ValidationError):
        services.update_risk(county_user, closed, {"title": "x"})


def test_selectors_worklist_and_unhandled(regions, county_user, city_user):
    make_risk(regions["620502"], county_user, level="三级")
    urgent = make_risk(regions["620502"], county_user, level="一级")
    make_risk(regions["620502"], county_user, level="一级", status="处置中")
    make_risk(regions["620502"], county_user, status="已关闭")
    make_risk(regions["620503"], level="一级")
    assert [r.level for r in selectors.open_risks(county_user)] == ["一级", "一级", "三级"]
    assert list(selectors.unhandled_first_level(county_user)) == [urgent]
    assert selectors.unhandled_first_level(city_user).count() == 2
    other_county = UserFactory(role="county", region=regions["620503"])
    assert selectors.open_risks(other_county).count() == 1


def test_owner_must_hold_the_region(regions, county_user):
    other = UserFactory(role="county", region=regions["620503"])
    with pytest.raises(ValidationError) as exc:
        services.create_risk(county_user, risk_data(regions["620502"], owner=other))
    assert "负责人" in str(exc.value)
    risk = services.create_risk(county_user, risk_data(regions["620502"], owner=county_user, found=FOUND))
    assert risk.owner == county_user
