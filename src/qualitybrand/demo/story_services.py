"""The parts of the supervision story written through the apps' services (see supervision_story.py).

Each part imports its app's services inside the function: a missing service (its branch not merged yet)
skips the part (PartMissing); any refusal by a service is a bug of the story and rolls the demo back."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.utils import timezone

from qualitybrand.demo import profile as P
from qualitybrand.demo.supervision_story import AlreadyTold, PartMissing

S = P.SUPERVISION_STORY


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def office(county: str):
    """The demo account of a county's office (or the city's, for 620500)."""
    from qualitybrand.accounts.models import User
    from qualitybrand.core.demo_accounts import DEMO_ACCOUNTS

    role = "city_admin" if county == P.CITY else "county"
    name = next(a["username"] for a in DEMO_ACCOUNTS if a["role"] == role and a["region"] == county)
    return User.objects.get(username=name)


def pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qualitybrand.demo.loader import DEMO_PDF

    return SimpleUploadedFile(f"{name}.pdf", DEMO_PDF, content_type="application/pdf")


# --- 抽查后处理 ---------------------------------------------------------------------------------------

def followups(data) -> str:
    """The latest 2014 failed batches of each county of the story, taken to the states of the plan (the
    latest batch sampled at least a week before the notice day; a county with too few batches gets the
    states that fit). The county's newest failed batch is left awaiting its notice (待下达通知). The city
    office sets the 跟踪起始日期 first: the imported 2010–2013 failed batches are 历史批次."""
    try:
        from qualitybrand.supervision import services_followup as svc
    except ImportError as exc:
        raise PartMissing("平台尚未提供抽查后处理服务") from exc
    from qualitybrand.supervision.models import FollowUp, Inspection

    if FollowUp.objects.filter(region__code__in=S["followup_counties"], notice_date__year=2014).exists():
        raise AlreadyTold
    start = S["followup_tracking_start"]
    with on_day(start):  # the imported 2010–2013 failed batches were handled on paper
        svc.set_tracking_start(office(P.CITY), start)
    made = 0
    plan = sorted(S["followup_plan"].items(), key=lambda item: item[1][0], reverse=True)
    for county in S["followup_counties"]:
        user = office(county)
        failed = list(Inspection.objects.filter(
            region__code=county, conclusion="不合格", sampled__range=(dt.date(2014, 1, 1), P.LAST_DAY))
            .select_related("entity", "region").order_by("-sampled", "-number"))
        free = failed[1:]  # the newest stays 待下达通知
        for _state, (notice, report, recheck, result, closing) in plan:
            notice_day = _day(notice)
            batch = next((i for i in free if i.sampled <= notice_day - dt.timedelta(days=7)), None)
            if batch is None:
                continue
            free.remove(batch)
            _walk(svc, user, batch, notice_day, _day(report), _day(recheck), result, closing)
            made += 1
    return f"{made} 件"


def _walk(svc, user, batch, notice, report, recheck, result, closing) -> None:
    with on_day(notice):
        svc.issue_notice(user, batch, today=notice)
    if report is None:
        return
    with on_day(report):
        svc.submit_report(user, batch, pdf("整改报告"), note="企业已完成整改，提交整改报告（由监管所代为录入）。",
                          today=report)
    if recheck is None:
        return
    items = "" if result == "合格" else (batch.failed_items or "复查仍不合格")
    with on_day(recheck):
        svc.record_recheck(user, batch, result, on=recheck, items=items, today=recheck,
                           comment="现场复查，抽样送检。")
    closed_on = recheck + dt.timedelta(days=10)
    with on_day(closed_on):
        if closing == "立案":
            number = f"AJ{batch.region.code}2014{9000 + batch.pk % 1000:04d}"
            svc.open_case(user, batch, number=number, case_type="质量违法", today=closed_on,
                          comment="复查仍不合格，依法立案查处。")
        elif closing == "结案":
            svc.close_followup(user, batch, "企业已停止生产该批次产品并召回在售产品，经研究不予立案，结案。",
                               today=closed_on)


# --- the others, as their services land -------------------------------------------------------------

# --- 投诉举报 (the open ones of the story, entered as a clerk would) -------------------------------

COMPLAINANTS = [("王女士", "13993812345", "天水市秦州区岷山路12号"), ("李先生", "13830856789", "天水市秦州区大众路8号"),
                ("赵先生", "18919861234", "天水市秦州区民主西路30号"), ("陈女士", "13639385678", "天水市麦积区商埠路5号")]


def complaint_steps(data) -> str:
    """The story's open complaints registered through the complaints service with the complainant's
    identity: the overdue 投诉 (not accepted), the 举报 whose verification the city extended, a 投诉 in
    mediation and a 举报 being verified — each step on its day."""
    try:
        from qualitybrand.complaints import services as svc
        from qualitybrand.complaints import workflow as wf
    except ImportError as exc:
        raise PartMissing("平台尚未提供投诉举报办理服务") from exc
    from qualitybrand.complaints.models import Complaint
    from qualitybrand.demo.story_complaints import TOPICS, _respondent, _respondent_pools

    if Complaint.objects.filter(number=S["complaint_overdue"]["number"]).exists():
        raise AlreadyTold
    pools = _respondent_pools(data)
    entries = [
        (S["complaint_overdue"], "投诉", "12315", "电动自行车", ("商贸",), 1,
         "购买的电动自行车充电器起火，烧坏家中地板，要求赔偿损失。", []),
        (S["report_extended"], "举报", "12365", "电线电缆", TOPICS[5][1], 2,
         "举报建材市场多家商户销售无厂名厂址的电线，线芯明显偏细。",
         [(wf.ACCEPT, 1), (wf.VERIFY, 1), (wf.EXTEND, 11)]),
        (S["complaint_mediating"], "投诉", "来电", "白酒", TOPICS[2][1], 3,
         "团购的白酒喝后头痛，怀疑为勾兑酒，要求退款。", [(wf.ACCEPT, 0), (wf.MEDIATE, 0)]),
        (S["report_verifying"], "举报", "网络", "花牛苹果", TOPICS[0][1], 4,
         "举报果品批发市场商户给外地苹果贴“天水花牛苹果”标签销售。", [(wf.ACCEPT, 1), (wf.VERIFY, 1)]),
    ]
    city = office(P.CITY)
    for (facts, category, channel, product, words, i, summary, steps), who in zip(entries, COMPLAINANTS, strict=True):
        county, registered = facts["county"], facts["registered"]
        user = office(county)
        uscc, name = _respondent(pools, county, words, i)
        with on_day(registered):
            c = svc.file_complaint({
                "number": facts["number"], "category": category, "registered": registered, "respondent_uscc": uscc,
                "respondent_name": name, "region": county, "product": product, "summary": summary,
                "complainant_name": who[0], "complainant_phone": who[1], "complainant_address": who[2]},
                user=user, channel=channel)
        day = facts.get("accepted", registered)
        for action, after in steps:
            day = max(day, _add(registered, after))
            actor, comment = (city, "案情复杂，需调取多家商户进货台账，经批准延长核查期限15个工作日。") \
                if action == wf.EXTEND else (user, "")
            with on_day(day):
                c = svc.act(actor, c, action, on=day, comment=comment)
    return f"另有 {len(entries)} 件由办案人员录入"


def _add(day: dt.date, n: int) -> dt.date:
    from qualitybrand.core.workdays import add_working_days

    return add_working_days(day, n) if n else day


@contextmanager
def on_day(day: dt.date):
    """The story's work on `day`: `clock.today()` is that day and `clock.now()` that day at the time of
    day (QB_TODAY is what both read), so what the services date by today (a progress report) and stamp
    by now (timelines, the change log) reads as the story's day, not the day the demo is loaded.
    load_demo is a command on one thread: nothing else reads the setting meanwhile."""
    from django.test.utils import override_settings

    with override_settings(QB_TODAY=day):
        yield


# --- 召回 ------------------------------------------------------------------------------------------

def recall(data) -> str:
    """The traced chargers recalled (责令召回, 消费品) by 秦州区 on the decision day: plan and publication in
    time, under way on the demo's today; the wholesaler and the 秦州区 retailer notified and disposed, the
    other retailers notified, the village shops not yet."""
    try:
        from qualitybrand.recalls import services as svc
    except ImportError as exc:
        raise PartMissing("平台尚未提供召回服务") from exc
    from qualitybrand.demo.story_trace import CHARGER, trace_entities
    from qualitybrand.recalls.models import RecallBatch
    from qualitybrand.registry.models import Entity
    from qualitybrand.tracing.models import TraceEvent

    unit = S["trace_unit"]
    if not TraceEvent.objects.filter(trace_code=unit).exists():
        raise PartMissing("追溯事件未加载")
    if RecallBatch.objects.filter(trace_code=unit).exists():
        raise AlreadyTold
    ents = trace_entities(data)
    uscc = {role: ent["统一社会信用代码"] for role, ent in ents.items()}
    user, decided = office("620502"), S["recall_decided"]
    decided_at = timezone.make_aware(dt.datetime.combine(decided, dt.time(10, 30)))
    with on_day(decided):
        rec = svc.create_recall(
            user, entity=Entity.objects.get(uscc=uscc["maker"]), product=CHARGER, product_type="消费品",
            kind="责令召回", trace_codes=[unit], decided=decided, decided_at=decided_at,
            reason="该批次充电器温升和绝缘电阻不合格，充电时可能过热起火（消费者投诉及抽样检验证实）。")
    d = dt.date
    for action, day in (("提交计划", d(2014, 7, 2)), ("发布信息", d(2014, 7, 3)), ("开始实施", d(2014, 7, 4))):
        with on_day(day):
            svc.take_step(user, rec, action, on=day, comment="")
    holders = {h.entity.uscc if h.entity else h.name: h for h in rec.holders.select_related("entity")}
    first = [holders[uscc[r]].pk for r in ("wholesaler", "retail_qz", "retail_gg", "retail_qa")]
    with on_day(d(2014, 7, 4)):
        svc.notify_holders(user, rec, first, on=d(2014, 7, 4), method="书面通知",
                           note="送达召回通知，要求立即下架、封存并清点库存。")
    for role, disposal, day, qty in (("wholesaler", "已退回", d(2014, 7, 7), 1000),
                                     ("retail_qz", "已下架", d(2014, 7, 8), 900)):
        with on_day(day):
            svc.dispose_holder(user, rec, holders[uscc[role]].pk, disposal=disposal, on=day, quantity=qty,
                               note="库存已清点封存。")
    return f"受影响主体 {len(holders)} 户"


def risks(data) -> str:
    """三 risks: the 一级 one (chargers catching fire, from the overdue complaint) with a 风险告知书 to the maker
    and an 约谈 with its signed record; a 二级 one from a failed cable batch under assessment with a 风险警示;
    a 三级 one of 麦积区 from the media, closed with its conclusion."""
    try:
        from qualitybrand.risks import services as svc
    except ImportError as exc:
        raise PartMissing("平台尚未提供风险信息服务") from exc
    from qualitybrand.core.models import Region
    from qualitybrand.demo.story_trace import trace_entities
    from qualitybrand.risks.models import RiskInfo
    from qualitybrand.supervision.models import Inspection

    if RiskInfo.objects.filter(title="电动自行车充电器过热起火风险").exists():
        raise AlreadyTold
    ents = trace_entities(data)
    maker, retailer = ents["maker"]["统一社会信用代码"], ents["retail_qz"]["统一社会信用代码"]
    qinzhou, maiji = office("620502"), office("620503")
    regions = {r.code: r for r in Region.objects.filter(code__in=["620502", "620503"])}
    d = dt.date
    first = _at(svc.create_risk, qinzhou, {
        "title": "电动自行车充电器过热起火风险", "source": "投诉举报", "source_ref": _complaint_ref(),
        "product": "电动自行车充电器", "product_category": "电动自行车", "entities": [maker, retailer],
        "level": S["risk_levels"][0], "found": d(2014, 6, 28), "region": regions["620502"], "owner": qinzhou,
        "description": "消费者投诉充电过程中充电器起火；同型号充电器经检验温升和绝缘电阻不合格，"
                       "已销往本市多个县区，存在火灾隐患。"}, today=d(2014, 6, 28))
    _at(svc.act, qinzhou, first, "开始研判", comment="组织检验机构和行业专家会商。", today=d(2014, 6, 28))
    _at(svc.act, qinzhou, first, "启动处置", comment="会商认为风险较高，启动一级响应。", today=d(2014, 6, 29))
    _at(svc.add_measure, qinzhou, first, {
        "kind": "风险告知书", "date": d(2014, 6, 30), "entity": maker,
        "content": "告知企业该批次充电器存在过热起火风险。",
        "requirements": "立即停止生产、销售该批次充电器，排查库存和销售去向，制定召回计划并报送。",
        "deadline": d(2014, 7, 15)}, today=d(2014, 6, 30))
    _at(svc.add_measure, qinzhou, first, {
        "kind": "约谈", "date": d(2014, 7, 3), "entity": maker, "place": "秦州区市场监督管理局三楼会议室",
        "participants": "秦州区市场监督管理局质量监督股负责人、执法人员2名；企业法定代表人、质量负责人",
        "content": "通报检验结果和投诉情况，要求企业落实产品质量安全主体责任，主动召回缺陷产品。",
        "commitments": "7月14日前完成召回计划，7月底前完成已售产品的召回和更换。",
        "followup_due": d(2014, 7, 31)}, today=d(2014, 7, 3))
    interview = first.interviews.get()
    with on_day(d(2014, 7, 3)):
        svc.upload_document(qinzhou, first, pdf("约谈记录"), "约谈记录", interview=interview)

    cable = (Inspection.objects.filter(region__code="620502", conclusion="不合格", product_category="电线电缆",
                                       sampled__year=2014).order_by("sampled").first())
    second = _at(svc.create_risk, qinzhou, {
        "title": "建材市场电线电缆导体电阻不合格风险", "source": "监督抽查",
        "source_ref": cable.number if cable else "", "product": "电线电缆", "product_category": "电线电缆",
        "entities": [cable.entity.uscc] if cable else [], "level": S["risk_levels"][1], "found": d(2014, 3, 25),
        "region": regions["620502"], "owner": qinzhou,
        "description": "监督抽查发现电线导体电阻超标，线芯截面积不足，易发热引发火灾。"}, today=d(2014, 3, 25))
    _at(svc.act, qinzhou, second, "开始研判", comment="结合举报线索研判。", today=d(2014, 3, 26))
    _at(svc.add_measure, qinzhou, second, {
        "kind": "风险警示", "date": d(2014, 4, 2), "content": "向辖区建材经营户发布电线电缆质量风险警示。"},
        today=d(2014, 4, 2))

    third = _at(svc.create_risk, maiji, {
        "title": "网络销售冒充“天水花牛苹果”舆情", "source": "媒体舆情", "product": "花牛苹果",
        "product_category": "食用农产品", "level": S["risk_levels"][2], "found": d(2014, 2, 12),
        "region": regions["620503"], "owner": maiji,
        "description": "网络媒体报道有网店以外地苹果冒充“天水花牛苹果”销售。"}, today=d(2014, 2, 12))
    _at(svc.act, maiji, third, "开始研判", today=d(2014, 2, 13))
    _at(svc.act, maiji, third, "关闭", conclusion="经核查，涉事网店不在本辖区，已将线索移交属地；辖区经营户未发现冒用。",
            today=d(2014, 2, 28))
    return "3 条"


def _at(call, *args, **kwargs):
    """call(…, today=day) on that day (see on_day)."""
    with on_day(kwargs["today"]):
        return call(*args, **kwargs)


def _complaint_ref() -> str:
    """The overdue complaint's number when the complaints part was loaded."""
    try:
        from qualitybrand.complaints.models import Complaint
    except ImportError:
        return ""
    number = S["complaint_overdue"]["number"]
    return number if Complaint.objects.filter(number=number).exists() else ""


# --- 专项整治 ----------------------------------------------------------------------------------------

TASKS = [
    ("开展电线电缆生产企业和建材市场经营户拉网式排查，建立台账。", "2014-04-15", True),
    ("对农资经营户开展化肥、农药质量监督抽查，抽查结果向社会公布。", "2014-06-15", True),
    ("查处一批制售假冒伪劣电线电缆和农资的违法案件，涉嫌犯罪的移送司法机关。", "2014-06-30", False),
]


def campaign(data) -> str:
    """The city's 2014 专项整治 over 秦州区 and 麦积区: started in March, three tasks per county (two done,
    one still reporting), the figures only counties hold, and in its 总结 phase on the demo's today. Its
    results come from the inspections and cases of the period (none are typed)."""
    try:
        from qualitybrand.campaigns import services as svc
        from qualitybrand.campaigns.workflow import START, SUMMARISE
    except ImportError as exc:
        raise PartMissing("平台尚未提供专项整治服务") from exc

    from qualitybrand.campaigns.models import Campaign

    facts, city = S["campaign"], office(P.CITY)
    if Campaign.objects.filter(title=facts["title"]).exists():
        raise AlreadyTold
    with on_day(facts["start"] - dt.timedelta(days=5)):
        c = svc.create_campaign(city, {
            "title": facts["title"], "kind": "专项整治", "lead_department": "market",
            "departments": "agriculture,industry,commerce", "counties": ",".join(facts["counties"]),
            "start": facts["start"].isoformat(), "end": facts["end"].isoformat(),
            "categories": "电线电缆、化肥、农药",
            "goals": "严厉打击制售不合格电线电缆和假劣农资行为，抽查合格率比上年提高，保障群众生命财产安全和春耕生产。"})
        c = svc.transition(city, c, START, "动员部署会议已召开。")
    for county in facts["counties"]:
        user = office(county)
        for content, due, done in TASKS:
            with on_day(facts["start"]):
                task = svc.add_task(city, c, {"county": county, "content": content, "due": due,
                                              "department": "market"})
            with on_day(dt.date.fromisoformat(due) - dt.timedelta(days=3)):
                svc.report_progress(user, task, "已按方案部署，正在组织实施。" if not done else
                                    "已完成，排查和抽查情况见佐证材料。", pdf("佐证材料") if done else None, done=done)
    for county, (officers, checked, dens) in zip(facts["counties"], ((326, 1180, 3), (274, 960, 2)), strict=True):
        with on_day(facts["end"]):
            svc.save_report(office(county), c, county, {
                "officers": str(officers), "entities_checked": str(checked), "dens_destroyed": str(dens),
                "note": "出动执法人员、检查经营主体和捣毁窝点数为县区统计，其余数据取自抽查和案件台账。"})
    with on_day(dt.date(2014, 7, 2)):
        c = svc.transition(city, c, SUMMARISE, "专项整治期满，进入总结。")
        svc.set_conclusions(city, c, "专项整治期间，各县区对电线电缆和农资市场进行了集中整治，抽查发现的不合格产品"
                                     "均已责令整改，违法案件依法查处。下一步将建立长效监管机制，"
                                     "把电线电缆和农资纳入重点产品日常监督抽查。")
    return c.number
