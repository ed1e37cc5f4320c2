"""The demo's complaints and reports of 2014 H1 (ledger `complaints`; profile.SUPERVISION_STORY).

Built from the generated rows without drawing random numbers: a fixed schedule per month, topics and
respondents chosen by position. Respondents are enterprises of the county whose names fit the product
(a 果业 company for apples, a 酒业 company for liquor), or a named stall without a credit code. Every
complaint of the schedule is decided within its statutory deadline except a few late ones kept on
purpose (so the month's on-time rates are not all 100%), and nothing of the schedule is open and past
its deadline on the demo's today: the story's one overdue complaint is the only one.
"""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.demo.common import _d

S = P.SUPERVISION_STORY
LAST = P.LAST_DAY  # the ledgers are filled up to here

# product, respondent name keywords, 投诉 summary, 举报 summary
TOPICS = [
    ("花牛苹果", ("果业", "农产品"), "网购花牛苹果到货后多个腐烂，商家拒绝退换。", "举报商户以外地苹果冒充“花牛”苹果销售。"),
    ("电动自行车", ("商贸",), "新购电动自行车一个月内刹车失灵，要求退货。", "举报销售无3C认证电动自行车。"),
    ("白酒", ("酒业", "食品"), "所购白酒酒精度与标签不符，疑似勾兑。", "举报无证小作坊生产散装白酒。"),
    ("挂面", ("食品",), "挂面内发现异物，要求赔偿。", "举报挂面生产车间卫生条件差。"),
    ("食用植物油", ("食品", "商贸"), "胡麻油有哈喇味，过期仍在销售。", "举报超市销售过期食用油。"),
    ("电线电缆", ("电线电缆", "建材", "商贸"), "装修所购电线铜芯偏细，发热严重。", "举报销售导体电阻不合格的电线。"),
    ("化肥", ("农产品", "商贸"), "复合肥施用后无效果，怀疑养分含量不足。", "举报农资店销售假冒复合肥。"),
    ("甘谷辣椒", ("食品", "农产品"), "辣椒面颜色异常，怀疑添加色素。", "举报辣椒面掺加工业色素。"),
    ("家用电器", ("电器", "电子", "商贸"), "电热水壶使用一周后漏电。", "举报销售翻新冒充新品的电饭锅。"),
    ("手机", ("电子", "商贸"), "手机充电发烫，售后拒绝保修。", "举报销售假冒品牌手机。"),
    ("涂料", ("涂料", "建材"), "墙面涂料刺激性气味严重，家人不适。", "举报涂料标签虚标环保等级。"),
    ("家具", ("商贸", "建材"), "板式衣柜甲醛味大，要求检测后退货。", "举报家具城销售无厂名厂址家具。"),
    ("清水核桃", ("果业", "农产品"), "核桃以次充好，空壳率高。", "举报冒用“清水核桃”地理标志。"),
    ("清真牛肉", ("食品", "农产品"), "购买的牛肉疑似注水。", "举报销售注水牛肉。"),
    ("水泥", ("建材",), "水泥结块，强度等级与包装标注不符。", "举报建材市场销售过期水泥。"),
    ("机床附件", ("机械",), "采购的卡盘精度不达标，厂家拒绝更换。", "举报假冒“星火”商标的机床附件。"),
]
COUNTY_CYCLE = ["620502", "620503", "620502", "620522", "620503", "620523", "620502", "620524", "620521",
                "620525", "620503", "620502"]
STALLS = {"620502": "秦州区", "620503": "麦积区", "620521": "清水县", "620522": "秦安县", "620523": "甘谷县",
          "620524": "武山县", "620525": "张家川回族自治县"}
MARKETS = ["东关综合市场", "中心农贸市场", "建材市场", "小商品市场", "果品批发市场"]
# positions (in the schedule) decided late on purpose: acceptance, close
LATE_ACCEPT = {17, 52}
LATE_CLOSE = {23, 29}


def complaint_rows(data: dict[str, list[dict]]) -> list[dict]:
    """The `complaints` ledger rows of the demo (the schedule, then the story's own)."""
    from qualitybrand.core.workdays import add_working_days as add

    pools = _respondent_pools(data)
    cases = _cases_by_county(data)
    rows, i = [], 0
    for month, count in S["complaints_per_month"].items():
        for k in range(count):
            registered = dt.date(2014, month, 1 + k * 27 // count + (i % 3))
            rows.append(_scheduled(i, registered, pools, cases, add))
            i += 1
    rows.extend(_story_rows(pools, add))
    return rows


def _scheduled(i: int, registered: dt.date, pools, cases, add) -> dict:
    county = COUNTY_CYCLE[i % len(COUNTY_CYCLE)]
    product, keywords, complaint_text, report_text = TOPICS[(i * 5) % len(TOPICS)]
    report = i % 4 == 3
    row = _row(f"TS2014-{i + 1:04d}", "举报" if report else "投诉", S["complaint_channels"][i % 8], registered,
               county, product, report_text if report else complaint_text, _respondent(pools, county, keywords, i))
    if report:
        closed = add(registered, 15 + 3 if i in LATE_CLOSE else 4 + i % 9)
        result = "不予立案"
        case = _case_for(cases, county, closed) if i % 3 == 0 else None
        if case:
            result, row["关联案件编号"] = "立案", case["案件编号"]
            row["被投诉人统一社会信用代码"], row["被投诉人名称"] = case["当事人统一社会信用代码"], ""
        return _close(row, min(closed, LAST), result)
    if i % 13 == 5:
        return _close(row, add(registered, 2 + i % 3), "不予受理")
    accepted = min(add(registered, 9 if i in LATE_ACCEPT else 1 + i % 4), LAST)
    row["受理日期"] = _d(accepted)
    closed = add(accepted, 48 if i in LATE_CLOSE else 6 + (i * 7) % 30)
    if closed > LAST and add(accepted, 45) >= P.DEMO_TODAY:
        return row  # still in mediation on the demo's today, within its deadline
    result = "调解不成" if i % 6 == 1 else "终止调解" if i % 9 == 4 else "调解成功"
    _close(row, min(closed, LAST), result)
    if result == "调解成功":
        row["挽回经济损失"] = round(((i * 37) % 150 + 5) / 100, 2)
    return row


def _story_rows(pools, add) -> list[dict]:
    """The story's complaint decided across the Spring Festival (the open ones of the story are registered
    through the complaints service by story_services.complaint_steps: a clerk's entry, with identity)."""
    festival = S["complaint_spring_festival"]
    row = _row(festival["number"], "投诉", "12315", festival["registered"], festival["county"], "家用电器",
               "春节前购买的电暖器使用时跳闸冒烟，要求更换。", _respondent(pools, festival["county"], TOPICS[8][1], 5))
    row["受理日期"] = _d(festival["accepted"])
    _close(row, add(festival["accepted"], 12), "调解成功")
    row["挽回经济损失"] = 0.18
    return [row]


def _row(number, category, channel, registered, county, product, summary, respondent) -> dict:
    uscc, name = respondent
    return {"登记编号": number, "类别": category, "渠道": channel, "登记日期": _d(registered),
            "被投诉人统一社会信用代码": uscc, "被投诉人名称": name, "区划代码": "" if uscc else county,
            "涉及产品": product, "内容摘要": summary, "受理日期": "", "办结日期": "", "处理结果": "",
            "关联案件编号": "", "挽回经济损失": ""}


def _close(row: dict, closed: dt.date, result: str) -> dict:
    row["办结日期"], row["处理结果"] = _d(closed), result
    return row


def _respondent_pools(data) -> dict[str, list[dict]]:
    """Enterprises per county open throughout 2013–2014 (not the named ones), by credit code."""
    named = {P.named_uscc(key) for key, *_rest in P.NAMED_ENTITIES}
    pools: dict[str, list[dict]] = {}
    for ent in data["entities"]:
        if (ent["主体类型"] == "企业" and not ent["注销日期"] and ent["成立日期"]
                and ent["成立日期"] < "2013-01-01" and ent["统一社会信用代码"] not in named):
            pools.setdefault(ent["区划代码"], []).append(ent)
    for rows in pools.values():
        rows.sort(key=lambda e: e["统一社会信用代码"])
    return pools


def _respondent(pools, county: str, keywords: tuple[str, ...], i: int) -> tuple[str, str]:
    """(credit code, "") of a fitting enterprise of the county, or ("", a stall's name) every seventh time
    and when the county has no fitting enterprise."""
    fitting = [e for e in pools.get(county, []) if any(word in e["名称"] for word in keywords)]
    if i % 7 == 6 or not fitting:
        return "", f"{STALLS[county]}{MARKETS[i % len(MARKETS)]}个体经营户"
    return fitting[(i * 11) % len(fitting)]["统一社会信用代码"], ""


def _cases_by_county(data) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for case in data["cases"]:
        if case["当事人统一社会信用代码"] and case["立案日期"] >= "2014-01-01":
            out.setdefault(case["区划代码"], []).append(case)
    for rows in out.values():
        rows.sort(key=lambda c: (c["立案日期"], c["案件编号"]))
    return out


def _case_for(cases, county: str, closed: dt.date) -> dict | None:
    """The county's first 2014 case filed within 30 days after the report was decided."""
    for case in cases.get(county, []):
        if _d(closed) <= case["立案日期"] <= _d(closed + dt.timedelta(days=30)):
            return case
    return None
