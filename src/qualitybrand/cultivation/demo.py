"""The cultivation part of the demo city (demo.md): eligibility rules on the demo programs, the reward
policy table and the 2013 reward payments computed from the 2013 recognitions and GI registrations
(310 万元), the 2013 and 2014 calls, applications in every workflow state, a quality-award round
scored by expert1/2/3, and next year's pipeline targets.

`load_demo_cultivation()` runs at the end of `load_demo`, once the registries of 天水市 exist.
Everything goes through the services (change-logged); deterministic; a few seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction

from qualitybrand.core.models import Region
from qualitybrand.core.services import update_record
from qualitybrand.registry.models import Entity, Program

from . import awards, rewards, rules, selectors, services
from .models import Application, Expert, PipelineTarget, RewardPayment, RewardPolicy, State

DEMO_TODAY = dt.date(2014, 7, 10)
NOTICE_DAY = dt.date(2014, 7, 1)
CITY = "620500"

# Program code → eligibility rules (set when the program has none configured).
DEMO_RULES = {
    "city_known_tm": [{"type": "trademark_age", "years": 3}, {"type": "no_failed_inspection", "years": 3},
                      {"type": "not_blacklisted"}],
    "prov_famous_tm": [{"type": "prerequisite", "program": "city_known_tm", "years": 3},
                       {"type": "no_failed_inspection", "years": 3},
                       {"type": "no_serious_incident_or_transfer", "years": 3}, {"type": "not_blacklisted"}],
    "cn_wellknown_tm": [{"type": "prerequisite", "program": "prov_famous_tm", "years": 3},
                        {"type": "trademark_age", "years": 5}, {"type": "no_failed_inspection", "years": 3},
                        {"type": "no_serious_incident_or_transfer", "years": 3}, {"type": "not_blacklisted"}],
    # product tiers: the product's own record counts (the inspection ledger does not name products)
    "city_brand_product": [{"type": "entity_age", "years": 3}, {"type": "no_serious_incident_or_transfer", "years": 3},
                           {"type": "not_blacklisted"}],
    "prov_brand_product": [{"type": "prerequisite", "program": "city_brand_product", "years": 0},
                           {"type": "entity_age", "years": 3}, {"type": "no_serious_incident_or_transfer", "years": 3},
                           {"type": "not_blacklisted"}],
    "city_quality_award": [{"type": "entity_age", "years": 3}, {"type": "no_failed_inspection", "years": 3},
                           {"type": "no_serious_incident_or_transfer", "years": 3}, {"type": "not_blacklisted"},
                           {"type": "min_score", "score": 550}],
    "prov_quality_award": [{"type": "prerequisite", "program": "city_quality_award", "years": 0},
                           {"type": "entity_age", "years": 5}, {"type": "no_failed_inspection", "years": 3},
                           {"type": "no_serious_incident_or_transfer", "years": 3}, {"type": "not_blacklisted"},
                           {"type": "min_score", "score": 600}],
}
FALLBACK_NAMES = {"cn_wellknown_tm": "中国驰名商标", "prov_famous_tm": "省著名商标", "city_known_tm": "市知名商标",
                  "prov_brand_product": "省名牌产品", "city_brand_product": "市名牌产品", "prov_quality_award": "省政府质量奖",
                  "city_quality_award": "市政府质量奖"}
# demo.md's policy table (万元)
POLICY_TABLE = [("cn_wellknown_tm", "中国驰名商标奖励", Decimal(50)), ("prov_famous_tm", "省著名商标奖励", Decimal(5)),
                ("city_known_tm", "市知名商标奖励", Decimal(2)), ("prov_quality_award", "省政府质量奖奖励", Decimal(20)),
                ("city_quality_award", "市政府质量奖奖励", Decimal(10))]
GI_AMOUNT = Decimal("4.5")
# From 2014 the city also rewards 省名牌产品 (not part of the 2013 table, so the 2013 total stays 310 万元).
LATER_POLICIES = [("prov_brand_product", "省名牌产品奖励（2014年起）", Decimal(5), 2014)]
# Next year's targets of new recognitions per county (the 2014-brand allocation carried on to 2015).
TARGETS_2015 = {"cn_wellknown_tm": 1, "prov_famous_tm": 2, "city_known_tm": 2, "city_quality_award": 1}
PRODUCTS = ["数控机床", "电力互感器", "花牛苹果", "秦安蜜桃", "甘谷辣椒", "武山韭菜", "清水核桃", "张家川牛肉干"]


def _programs() -> dict[str, Program]:
    found = {p.code: p for p in Program.objects.all()}
    by_name = {p.name: p for p in found.values()}
    out = {}
    for code, name in FALLBACK_NAMES.items():
        program = found.get(code) or by_name.get(name) or next(
            (p for p in found.values() if p.name.endswith(name[1:]) and p.name[0] == name[0]), None)
        if program is not None:
            out[code] = program
    return out


def _users():
    from qualitybrand.accounts.models import User

    return {u.username: u for u in User.objects.filter(
        username__in=["city", "enterprise", "expert1", "expert2", "expert3", "qinzhou", "maiji", "qingshui",
                      "qinan", "gangu", "wushan", "zhangjiachuan"])}


def _county_users(users) -> dict[str, object]:
    return {u.region.code: u for u in users.values() if u.role == "county" and u.region_id}


def _candidates(program, root, exclude: set[int], n: int):
    """Up to n candidates eligible on DEMO_TODAY, spread round-robin over the counties."""
    universe = selectors._universe(program, root, [DEMO_TODAY])
    held = selectors.held_objects(program, DEMO_TODAY, root)
    taken = {selectors.object_of(program, e, t, p) for e, t, p in Application.objects.filter(
        program=program, year=DEMO_TODAY.year).values_list("entity_id", "trademark_id", "product_name")}
    by_county = defaultdict(list)
    for i in selectors._eligible(program, universe, DEMO_TODAY, held | taken):
        cand, path = universe[i]
        if cand.entity_id in exclude:
            continue
        county = path.strip("/").split("/")[2] if path.count("/") > 3 else CITY
        by_county[county].append(cand)
    for rows in by_county.values():
        rows.sort(key=lambda c: (c.entity_id, c.trademark_id or 0))
    out, seen = [], set()
    while len(out) < n and any(by_county.values()):
        for county in sorted(by_county):
            if by_county[county] and len(out) < n:
                cand = by_county[county].pop(0)
                if cand.entity_id not in seen:
                    seen.add(cand.entity_id)
                    out.append(cand)
    return out


def _walk(app, path, users, county_users, comment="", today=DEMO_TODAY):
    """Drive an application along the given actions with realistic actors."""
    city = users.get("city")
    for action in path:
        if action == "提交":
            actor = None
        elif app.state == State.COUNTY:
            actor = county_users.get(app.region.code, city)
        else:
            actor = city
        note = {"提交": "企业网上申报。", "退回": comment, "不予推荐": comment, "未获认定": comment}.get(action, "")
        app = services.transition(actor, app, action, note, today=today)
    return app


def _scores(scheme, base: int, variant: int) -> dict[str, int]:
    out = {}
    for i, item in enumerate(scheme["items"]):
        pct = base + 5 * (((i + variant) % 3) - 1)
        out[item["code"]] = max(0, min(100, pct))
    return out


@transaction.atomic
def load_demo_cultivation(stdout=None) -> dict:
    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    programs = _programs()
    root = Region.objects.filter(code=CITY).first()
    if root is None:
        return {}
    # 1. eligibility rules and the reward policies
    for code, rule_list in DEMO_RULES.items():
        program = programs.get(code)
        if program is not None and not program.rules:
            known = [r for r in rule_list if r["type"] != "prerequisite" or r["program"] in programs]
            for r in known:
                if r["type"] == "prerequisite":
                    r["program"] = programs[r["program"]].code
            update_record(None, program, {"rules": known}, reason="演示数据：申报条件", check=False)
    for code, name, amount in POLICY_TABLE:
        if code in programs:
            RewardPolicy.objects.get_or_create(name=name, defaults={"program": programs[code], "amount": amount})
    for code, name, amount, first in LATER_POLICIES:
        if code in programs:
            RewardPolicy.objects.get_or_create(name=name, defaults={"program": programs[code], "amount": amount,
                                                                    "first_year": first})
    RewardPolicy.objects.get_or_create(name="新注册地理标志证明商标奖励",
                                       defaults={"event": rewards.GI_EVENT, "amount": GI_AMOUNT})
    # 2. the 2013 reward payments, computed from the 2013 records; paid from the 2014 budget except 市知名
    paid_2013 = rewards.generate_rewards(None, 2013, policies_only=True)
    to_pay = [p.pk for p in paid_2013 if p.program_id != getattr(programs.get("city_known_tm"), "pk", None)]
    if to_pay:
        rewards.pay(None, to_pay, budget_year=2014, paid_on=dt.date(2014, 4, 28))
    total_2013 = sum((p.amount for p in RewardPayment.objects.filter(year=2013)), Decimal(0))
    say(f"2013 年度奖励资金 {total_2013} 万元（{RewardPayment.objects.filter(year=2013).count()} 笔）")
    # 3. calls
    open_programs = [p for p in programs.values() if p.is_open]
    call_2014 = services.create_call(None, name="2014年度品牌培育认定申报", year=2014, opening=dt.date(2014, 5, 1),
                                     closing=dt.date(2014, 8, 31), programs=open_programs, region=root,
                                     notes="受理市知名商标、省著名商标、中国驰名商标推荐，省名牌产品及政府质量奖申报。") \
        if open_programs else None
    if call_2014 is None:
        return {"rewards_2013": total_2013}
    users = _users()
    county_users = _county_users(users)
    used: set[int] = set()

    def apply(program, cand, path, comment=""):
        product = cand.product_name or (PRODUCTS[len(used) % len(PRODUCTS)] if program.object_kind == "产品" else "")
        app = services.create_application(None, call=call_2014, program=program, entity=Entity.objects.get(
            pk=cand.entity_id), trademark=_tm(cand.trademark_id) if program.object_kind == "商标" else None,
            product_name=product, today=DEMO_TODAY)
        used.add(cand.entity_id)
        return _walk(app, path, users, county_users, comment)

    # the demo enterprise's own draft, ready to submit
    ent_user = users.get("enterprise")
    if ent_user is not None and ent_user.entity_id:
        for code in ("city_known_tm", "prov_famous_tm", "cn_wellknown_tm", "prov_brand_product", "city_brand_product"):
            program = programs.get(code)
            if program is None or not program.is_open:
                continue
            own = [c for c in _candidates(program, root, set(), 100000) if c.entity_id == ent_user.entity_id]
            if own:
                services.create_application(ent_user, call=call_2014, program=program, entity=ent_user.entity,
                                            trademark=_tm(own[0].trademark_id), product_name=own[0].product_name
                                            or ("数控机床" if program.object_kind == "产品" else ""),
                                            summary="企业自主申报（演示）：请上传佐证材料后提交。", today=DEMO_TODAY)
                used.add(ent_user.entity_id)
                break
    plans = {
        "city_known_tm": [[], ["提交"], ["提交"], ["提交"], ["提交", "通过"], ["提交", "通过"], ["提交", "通过"],
                          ["提交", "通过", "推荐"], ["提交", "通过", "推荐"], ["提交", "不予推荐"],
                          ["提交", "通过", "推荐", "未获认定"], ["提交", "退回"]],
        "prov_famous_tm": [["提交"], ["提交", "通过"], ["提交", "通过", "推荐"], ["提交", "通过", "推荐"]],
        "cn_wellknown_tm": [["提交", "通过"]],
        "prov_brand_product": [["提交", "通过", "推荐", "认定"], ["提交", "通过"], []],
    }
    comments = {"不予推荐": "商标使用证据不足，且近三年销售额未达申报要求，不予推荐。",
                "未获认定": "经市知名商标认定委员会评审，综合得分未达认定标准。",
                "退回": "请补充近三年商标使用证据（销售合同、广告发布证明）后重新提交。"}
    for code, paths in plans.items():
        program = programs.get(code)
        if program is None or not program.is_open:
            continue
        for cand, path in zip(_candidates(program, root, used, len(paths)), paths):
            last = path[-1] if path else ""
            apply(program, cand, path, comments.get(last, ""))
    # 4. the quality-award round: experts expert1/2/3 score the city award applications
    award = programs.get("city_quality_award")
    experts = []
    for i, name in enumerate(["expert1", "expert2", "expert3"], 1):
        user = users.get(name)
        if user is not None and user.role == "expert":
            experts.append(Expert.objects.get_or_create(user=user, defaults={
                "name": user.display_name or f"评审专家{'一二三'[i - 1]}", "specialty": "卓越绩效评价",
                "organisation": ["兰州理工大学", "天水师范学院", "天水市质量技术监督检测所"][i - 1]})[0])
    if award is not None and award.is_open and rules.is_scored(award):
        cands = _candidates(award, root, used, 4)
        scheme_code = rules.scheme_of(award)
        from .scoring import load_scheme

        scheme = load_scheme(scheme_code)
        city = users.get("city")
        for n, cand in enumerate(cands):
            app = apply(award, cand, ["提交", "通过", "通过"])
            panel = list(experts)
            if n == 3 and len(experts) == 3:  # expert3 declared a conflict with this applicant
                awards.declare_conflict(None, experts[2], app.entity, "近两年为该企业提供卓越绩效咨询服务")
                panel = experts[:2]
            for e in panel:
                awards.assign_expert(city, app, e)
            for k, e in enumerate(panel):
                assignment = awards.assignment_for(e.user, app)
                if n == 1 and k > 0:  # the round still open: expert2 saved a part, expert3 not started
                    if k == 1:
                        awards.save_scores(e.user, assignment, dict(list(_scores(scheme, 70, k).items())[:8]))
                    continue
                awards.save_scores(e.user, assignment, _scores(scheme, 75 - 5 * n + 5 * k, k), submit=True)
            app.refresh_from_db()
            if n == 2 and app.panel_score is not None:
                _walk(app, ["进入现场评审"], users, county_users)
            if n == 3 and app.panel_score is not None:  # published on 1 July: the objection period is over
                _walk(app, ["进入现场评审", "公示"], users, county_users, today=NOTICE_DAY)
    # 5. next year's targets for the pipeline (后备不足 where the pool is smaller)
    counties = list(Region.objects.filter(parent=root))
    for code, target in TARGETS_2015.items():
        if code in programs:
            for county in counties:
                PipelineTarget.objects.get_or_create(program=programs[code], region=county, year=2015,
                                                     defaults={"target": target})
    made = dict(selectors.state_counts(Application.objects.all()))
    say("申报：" + "，".join(f"{k} {v} 件" for k, v in sorted(made.items())))
    return {"rewards_2013": total_2013, "applications": made}


def _tm(pk):
    from qualitybrand.registry.models import Trademark

    return Trademark.objects.get(pk=pk) if pk else None
