"""The fixed facts of the demo city: regions, programs, county profiles and the 2013 figures.

Every number here is chosen so that the city's 2013 figures are those of the 2014-07-10 speech
(seeds/000): see `CITY_2013` (the tests assert each of them from the database).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SEED = 20140710
CITY = "620500"
PROVINCE = "620000"
D2013 = dt.date(2013, 12, 31)
LAST_DAY = dt.date(2014, 6, 30)  # ledgers are filled up to this day (demo "today" is 2014-07-10)
FIRST_YEAR, LAST_YEAR = 2010, 2014

REGIONS = [
    # code, name, kind, parent
    ("620000", "甘肃省", "省", ""),
    ("620500", "天水市", "市", "620000"),
    ("620502", "秦州区", "区", "620500"),
    ("620503", "麦积区", "区", "620500"),
    ("620521", "清水县", "县", "620500"),
    ("620522", "秦安县", "县", "620500"),
    ("620523", "甘谷县", "县", "620500"),
    ("620524", "武山县", "县", "620500"),
    ("620525", "张家川回族自治县", "县", "620500"),
]

# code, name, object kind, level, validity (years, None = no expiry), reward (万元, None = none)
PROGRAMS = [
    ("cn_wellknown_tm", "中国驰名商标", "商标", "国家", None, 50),
    ("prov_famous_tm", "省著名商标", "商标", "省", 3, 5),
    ("city_known_tm", "市知名商标", "商标", "市", 3, 2),
    ("cn_brand_product", "中国名牌产品", "产品", "国家", 3, None),
    ("prov_brand_product", "省名牌产品", "产品", "省", 3, None),
    ("city_brand_product", "市名牌产品", "产品", "市", 3, None),
    ("prov_quality_award", "省政府质量奖", "企业", "省", None, 20),
    ("city_quality_award", "市政府质量奖", "企业", "市", None, 10),
]
PROGRAM_VALIDITY = {code: validity for code, _n, _k, _l, validity, _r in PROGRAMS}


@dataclass(frozen=True)
class County:
    code: str
    name: str
    prefix: str          # how local entity names begin
    total: int           # market entities existing on 2013-12-31
    enterprises: int     # of which 企业
    coops: int           # of which 农民专业合作社
    others: int          # of which 其他 (associations, institutions)
    owners: int          # enterprises holding >= 1 valid mark on 2013-12-31
    tm_valid: int        # trademarks valid on 2013-12-31
    tm_nonent: int       # of those, held by non-enterprises or by deregistered enterprises
    tm_apps_2014h1: int  # trademark applications 2014-01-01 .. 2014-06-30 (2014-brand progress)
    growth: float        # yearly growth factor of new entities / registrations (trend)
    weight: float        # share of the county in activity ledgers (patents, cases, ...)
    pass_rate: float     # inspection pass-rate level of the county (relative)
    pop: float           # 常住人口 2013 (万人)


COUNTIES = [
    County("620502", "秦州区", "天水", 24600, 2600, 500, 260, 640, 720, 25, 40, 1.10, 0.30, 0.95, 66.5),
    County("620503", "麦积区", "天水", 20800, 1900, 650, 210, 410, 520, 30, 30, 1.14, 0.25, 0.94, 58.6),
    County("620521", "清水县", "清水县", 7300, 420, 520, 80, 60, 95, 12, 6, 1.02, 0.06, 0.90, 27.1),
    County("620522", "秦安县", "秦安县", 11200, 800, 700, 110, 140, 210, 22, 12, 1.22, 0.12, 0.92, 50.7),
    County("620523", "甘谷县", "甘谷县", 12000, 860, 640, 120, 150, 170, 14, 7, 1.08, 0.12, 0.91, 56.4),
    County("620524", "武山县", "武山县", 8800, 520, 560, 90, 62, 68, 5, 9, 1.16, 0.08, 0.89, 44.5),
    County("620525", "张家川回族自治县", "张家川回族自治县", 6700, 400, 430, 70, 38, 45, 4, 4, 0.98, 0.07, 0.87,
           29.8),
]
COUNTY_BY_CODE = {c.code: c for c in COUNTIES}

# The city's 2013 figures (demo.md, "must hold exactly").
CITY_2013 = {
    "entity.count": 91400,
    "entity.enterprises": 7500,
    "tm.valid": 1828,
    "tm.per100": 2.0,
    "tm.owner_rate": 20.0,
    "rec.valid.cn_wellknown_tm": 14,
    "rec.new.cn_wellknown_tm": 3,
    "rec.share.cn_wellknown_tm": 14 * 100 / 54,
    "rec.valid.prov_famous_tm": 87,
    "rec.new.prov_famous_tm": 13,
    "rec.share.prov_famous_tm": 87 * 100 / 791,  # 占全省总数的11% (the speech; not in demo.md's table)
    "rec.valid.city_known_tm": 71,
    "rec.new.city_known_tm": 23,
    "tm.gi.new": 2,
    "rec.valid.prov_brand_product": 70,
    "rec.share.prov_brand_product": 70 * 100 / 435,
    "insp.batches": 1000,
    "insp.passed": 923,
    "insp.pass_rate": 92.3,
    "eng.acceptance_rate": 100,
    "eng.first_pass_rate": 100,
    "eng.supervision_coverage": 100,
    "eng.energy_standard_rate": 100,
    "env.water_source_rate": 100,
    "env.surface_water_rate": 100,
    "env.air_good_days": 353,
    "rec.new.prov_quality_award": 1,
    "rec.new.city_quality_award": 2,
}

# Recognitions per program and year: {year: count}. Trademark programs with a validity keep
# older records alive by renewal (延续认定: 有效期至 extended); see generator._recognitions.
REC_PLAN = {
    "cn_wellknown_tm": {1999: 1, 2004: 1, 2006: 1, 2008: 2, 2009: 1, 2010: 2, 2011: 1, 2012: 2, 2013: 3,
                        2014: 1},
    "prov_famous_tm": {1999: 2, 2000: 2, 2001: 3, 2002: 3, 2003: 4, 2004: 5, 2005: 6, 2006: 7, 2007: 8,
                       2008: 9, 2009: 10, 2010: 11, 2011: 9, 2012: 10, 2013: 13, 2014: 4},
    "city_known_tm": {2004: 3, 2005: 4, 2006: 4, 2007: 5, 2008: 5, 2009: 6, 2010: 8, 2011: 15, 2012: 18,
                      2013: 23},
    "cn_brand_product": {2004: 1, 2006: 1, 2007: 1},
    "prov_brand_product": {2005: 6, 2006: 8, 2007: 10, 2008: 12, 2009: 14, 2010: 17, 2011: 20, 2012: 23,
                           2013: 27},
    "city_brand_product": {2008: 10, 2009: 12, 2010: 15, 2011: 18, 2012: 20, 2013: 25},
    "prov_quality_award": {2013: 1},
    "city_quality_award": {2013: 2},
}
# Counties of the 2014 recognitions (mid-year progress of the 2014-brand targets); other
# slots draw a county by weight.
REC_COUNTIES = {
    ("cn_wellknown_tm", 2014): ["620503"],
    ("prov_famous_tm", 2014): ["620502", "620502", "620522", "620503"],
}
# Older records (before the three years a 3-year validity covers on 2013-12-31) renewed so
# that they are still valid on 2013-12-31.
REC_RENEWED = {"prov_famous_tm": 55, "city_known_tm": 15}

# Reported by the city (indicator_values): the province's totals for the shares, and the
# departments' rates. {code: {year: value}}
CITY_REPORTED = {
    "prov.total.cn_wellknown_tm": {2010: 38, 2011: 43, 2012: 49, 2013: 54},
    "prov.total.prov_famous_tm": {2010: 566, 2011: 641, 2012: 712, 2013: 791},
    "prov.total.prov_brand_product": {2010: 338, 2011: 372, 2012: 405, 2013: 435},
    "env.air_good_days": {2010: 331, 2011: 338, 2012: 346, 2013: 353},
    "env.water_source_rate": {2010: 98.5, 2011: 99.2, 2012: 100, 2013: 100},
    "env.surface_water_rate": {2010: 96.0, 2011: 97.5, 2012: 98.8, 2013: 100},
    "eng.acceptance_rate": {2010: 98.6, 2011: 99.1, 2012: 99.6, 2013: 100},
    "eng.first_pass_rate": {2010: 97.8, 2011: 98.7, 2012: 99.5, 2013: 100},
    "eng.supervision_coverage": {2010: 99.0, 2011: 99.5, 2012: 100, 2013: 100},
    "eng.energy_standard_rate": {2010: 96.5, 2011: 98.0, 2012: 99.3, 2013: 100},
    "svc.satisfaction": {2011: 74.2, 2012: 76.8, 2013: 78.5},
}
REPORTED_DEPARTMENT = {"prov": "市场监管", "env": "环保", "eng": "住建", "svc": "发改", "pop": "统计"}

# Inspections per year: (batches, passed) for the city, and batches by level.
INSPECTIONS = {
    2010: (780, 676), 2011: (850, 752), 2012: (920, 834), 2013: (1000, 923), 2014: (480, 446),
}
INSPECTION_LEVEL_SHARE = [("国家", 0.06), ("省", 0.22), ("市", 0.42), ("县", 0.30)]

# Named entities of the speech and the demo's story (all existing on 2013-12-31).
# key, county, kind, name, scale, industry, established, prefix2
NAMED_ENTITIES = [
    ("xinghuo", "620502", "企业", "天水星火机床有限责任公司", "大型", "3421", dt.date(1966, 4, 1)),
    ("duanya", "620502", "企业", "天水锻压机床有限公司", "大型", "3422", dt.date(1968, 9, 1)),
    ("changkai", "620503", "企业", "天水长开互感器制造有限公司", "中型", "3821", dt.date(1992, 6, 18)),
    ("huaniu", "620503", "企业", "天水花牛苹果集团有限公司", "中型", "0151", dt.date(1997, 3, 12)),
    ("longyuanhong", "620522", "企业", "秦安县陇原红果业有限公司", "中型", "0151", dt.date(2001, 8, 20)),
    ("weishuiyuan", "620523", "农民专业合作社", "甘谷县渭水源辣椒产销专业合作社", "", "0141",
     dt.date(2008, 4, 9)),
    ("gi_huaniu", "620503", "其他", "天水市麦积区花牛苹果产业协会", "", "9522", dt.date(2004, 5, 10)),
    ("gi_qingshui", "620521", "其他", "清水县核桃产业协会", "", "9522", dt.date(2006, 11, 2)),
    ("gi_wushan", "620524", "其他", "武山县蔬菜产业协会", "", "9522", dt.date(2007, 3, 15)),
    ("gi_qinan", "620522", "其他", "秦安县果业协会", "", "9522", dt.date(2005, 7, 1)),
    ("gi_gangu", "620523", "其他", "甘谷县辣椒产业协会", "", "9522", dt.date(2008, 1, 20)),
    ("gi_zjc", "620525", "其他", "张家川回族自治县畜牧产业协会", "", "9522", dt.date(2009, 6, 8)),
]

# Fixed organisation codes of the named entities, so that their credit codes are stable
# (other areas' demo parts and the demo enterprise account refer to them). Generated entities
# use codes from 10000000 up to about 15000000, so these never collide.
NAMED_ORG = {
    "xinghuo": "22405431", "duanya": "22405502", "changkai": "22410166", "huaniu": "22431078",
    "longyuanhong": "22452219", "weishuiyuan": "22463307", "gi_huaniu": "50230114", "gi_qingshui": "50230258",
    "gi_wushan": "50230391", "gi_qinan": "50230445", "gi_gangu": "50230512", "gi_zjc": "50230687",
}
USCC_PREFIX = {"企业": "91", "个体工商户": "92", "农民专业合作社": "93", "其他": "51"}


def named_uscc(key: str) -> str:
    """The credit code of a named entity (e.g. named_uscc("xinghuo") for 星火机床)."""
    from qualitybrand.core.codes import make_uscc

    _key, county, kind, *_rest = next(e for e in NAMED_ENTITIES if e[0] == key)
    return make_uscc(USCC_PREFIX[kind], county, NAMED_ORG[key])


# Named marks: key, holder key, name, classes, registered, explicit expiry (renewed) or None,
# type, GI, applied
NAMED_MARKS = [
    ("xinghuo", "xinghuo", "星火", [7], dt.date(1994, 5, 14), dt.date(2024, 5, 13), "普通商标", False,
     dt.date(1993, 3, 2)),
    ("duanya", "duanya", "天锻", [7], dt.date(1996, 8, 21), dt.date(2016, 8, 20), "普通商标", False,
     dt.date(1995, 6, 5)),
    ("changkai", "changkai", "长开", [9], dt.date(2002, 11, 7), dt.date(2022, 11, 6), "普通商标", False,
     dt.date(2001, 9, 14)),
    ("huaniu", "huaniu", "花牛", [31], dt.date(1998, 2, 28), dt.date(2018, 2, 27), "普通商标", False,
     dt.date(1997, 4, 1)),
    ("longyuanhong", "longyuanhong", "陇原红", [31], dt.date(2004, 6, 14), dt.date(2024, 6, 13), "普通商标", False,
     dt.date(2003, 2, 10)),
    ("weishuiyuan", "weishuiyuan", "渭水源", [30, 31], dt.date(2009, 10, 7), None, "普通商标", False,
     dt.date(2008, 7, 22)),
    ("gi_huaniu", "gi_huaniu", "天水花牛苹果", [31], dt.date(2009, 7, 21), None, "证明商标", True,
     dt.date(2007, 12, 3)),
    ("gi_qingshui", "gi_qingshui", "清水核桃", [31], dt.date(2011, 4, 7), None, "证明商标", True,
     dt.date(2009, 10, 12)),
    ("gi_wushan", "gi_wushan", "武山蔬菜", [31], dt.date(2012, 9, 14), None, "证明商标", True,
     dt.date(2011, 2, 25)),
    ("gi_qinan", "gi_qinan", "秦安蜜桃", [31], dt.date(2013, 5, 28), None, "证明商标", True,
     dt.date(2011, 11, 30)),
    ("gi_gangu", "gi_gangu", "甘谷辣椒", [30], dt.date(2013, 10, 21), None, "证明商标", True,
     dt.date(2012, 4, 16)),
    ("gi_zjc", "gi_zjc", "张家川牛肉", [29], dt.date(2014, 4, 14), None, "证明商标", True,
     dt.date(2012, 9, 3)),
]

# Named recognitions: program, year, object key (mark key / entity key), product name, method
NAMED_RECOGNITIONS = [
    ("prov_famous_tm", 2001, "xinghuo", "", "评审认定"),
    ("cn_wellknown_tm", 2008, "xinghuo", "", "行政认定"),
    ("cn_brand_product", 2006, "xinghuo", "数控卧式车床", "评审认定"),
    ("prov_brand_product", 2011, "xinghuo", "数控重型卧式车床", "评审认定"),
    ("prov_quality_award", 2013, "xinghuo", "", "评审认定"),
    ("prov_famous_tm", 2003, "duanya", "", "评审认定"),
    ("prov_brand_product", 2012, "duanya", "数控板料折弯机", "评审认定"),
    ("city_quality_award", 2013, "duanya", "", "评审认定"),
    ("city_known_tm", 2012, "changkai", "", "评审认定"),
    ("prov_brand_product", 2013, "changkai", "电流互感器", "评审认定"),
    ("city_quality_award", 2013, "changkai", "", "评审认定"),
    ("prov_famous_tm", 2004, "huaniu", "", "评审认定"),
    ("cn_wellknown_tm", 2013, "huaniu", "", "行政认定"),
    ("prov_famous_tm", 2009, "longyuanhong", "", "评审认定"),
    ("cn_wellknown_tm", 2013, "longyuanhong", "", "行政认定"),
    ("city_known_tm", 2011, "weishuiyuan", "", "评审认定"),
    ("cn_wellknown_tm", 2013, "weishuiyuan", "", "行政认定"),
]

MADRID = {"mark": "xinghuo", "number": "1216547", "date": dt.date(2014, 5, 20),
          "countries": ["俄罗斯", "哈萨克斯坦", "印度", "越南"]}

DEMO_ENTERPRISE_KEY = "xinghuo"  # the demo enterprise account is bound to it

# The credit and early-warning story on the demo's today (issue 13, credit.md and warnings.md):
# what the ratings and the warnings show on 2014-07-10. It touches only what the 2013 figures leave
# free (who was inspected or sued, a pledge's term, when one mark of 星火 was registered) and adds
# blacklist entries, which no figure counts. See demo/credit_story.py.
DEMO_TODAY = dt.date(2014, 7, 10)
CREDIT_STORY = {
    # (county, failed inspection batches within the last 364 days, cases within three years) of one
    # enterprise each: 3 failures and 2 cases rate it D on its score alone; 2 failures warn (预警).
    "repeat_failures": [("620523", 3, 2), ("620521", 2, 0)],
    # A mark of the enterprise account's entity registered on this day: its ten-year term ends the
    # day before the anniversary in 2014, within 90 days of the demo's today (an urgent renewal).
    "renewal_registered": dt.date(2004, 9, 16),
    # A pledge whose 到期日期 falls within 30 days of the demo's today.
    "pledge_matures": dt.date(2014, 7, 25),
    # Listed on this day: three years on the list end within 30 days of the demo's today.
    "blacklist_expiring": dt.date(2011, 7, 28),
    # Listed over a year before the demo's today and still listed: its repair application is pending.
    "blacklist_repairable": dt.date(2013, 3, 20),
    # Listed on this day (after the joint restrictions took effect on 2014-06-14): a holder of a 2013
    # 市知名商标 whose reward is still due, so the city's payment is held (暂缓) with the reason.
    "blacklist_reward_held": dt.date(2014, 6, 20),
    # The county office applied for that entity's repair on this day; the city has not decided yet.
    "repair_submitted": dt.date(2014, 7, 3),
}

# The supervision loop on the demo's today (issue 14, supervision.md; demo/supervision_story*.py): what the
# follow-ups, complaints, trace events, recall, risks and campaign show on 2014-07-10. All of it is added
# after the ledgers are written (complaints and trace events through the ledger engine, the rest through
# the apps' services) and none of it is counted by any 2010–2013 figure.
SUPERVISION_STORY = {
    # Follow-ups of the latest 2014 failed batches of these counties are taken through the workflow to
    # each state (the batches of the other counties, and older ones, stay as the data has them).
    "followup_counties": ["620502", "620503"],
    # The city office set the 跟踪起始日期 when the platform went live: failed batches sampled before it come
    # from the imported 2010–2013 ledgers, handled on paper (历史批次, off the worklists).
    "followup_tracking_start": dt.date(2014, 1, 1),
    # state: (notice day, report day, recheck day, recheck result, closing step) — None where the state
    # has not reached that step. 整改 ends 30 days after the notice: the first 整改中 one is overdue.
    "followup_plan": {
        "整改中(逾期)": ("2014-05-20", None, None, None, None),
        "整改中": ("2014-06-25", None, None, None, None),
        "待复查": ("2014-05-26", "2014-07-01", None, None, None),
        "复查合格": ("2014-02-20", "2014-03-14", "2014-03-28", "合格", None),
        # 秦州区's 立案 follow-up is the failed cable batch of 2014-03-10: its case counts in the campaign
        "已立案": ("2014-03-18", "2014-04-10", "2014-04-25", "不合格", "立案"),
        "已结案": ("2014-03-12", "2014-04-08", "2014-04-22", "不合格", "结案"),
    },
    # Complaints and reports registered 2014-01-02 … 2014-06-30 (ledger `complaints`), numbered TS2014-NNNN.
    "complaints_per_month": {1: 9, 2: 7, 3: 10, 4: 11, 5: 12, 6: 14},
    "complaint_channels": ["12315", "12365", "来电", "来信", "来访", "网络", "转办", "门户"],
    # The one complaint overdue on the demo's today: a 投诉 in 秦州区 not yet accepted, due 2014-07-08.
    "complaint_overdue": {"number": "TS2014-0901", "county": "620502", "registered": dt.date(2014, 6, 27)},
    # A 举报 under verification whose 15 working days were extended by 15 (due 2014-07-17).
    "report_extended": {"number": "TS2014-0902", "county": "620502", "registered": dt.date(2014, 6, 5)},
    # A 投诉 in mediation and a 举报 being verified, both within their deadlines.
    "complaint_mediating": {"number": "TS2014-0903", "county": "620502", "registered": dt.date(2014, 6, 20),
                            "accepted": dt.date(2014, 6, 24)},
    "report_verifying": {"number": "TS2014-0904", "county": "620503", "registered": dt.date(2014, 6, 24)},
    # Registered just before the Spring Festival holiday (31 Jan – 6 Feb, make-up days 26 Jan and 8 Feb):
    # accepted on 10 Feb, within its 7 working days (due 11 Feb) though 14 calendar days later.
    "complaint_spring_festival": {"number": "TS2014-0905", "county": "620503", "registered": dt.date(2014, 1, 27),
                                  "accepted": dt.date(2014, 2, 10)},
    # One traced batch: a Tianshui producer's unit sold through a distributor to retailers and on (three
    # hops and more), recalled on these days with part of its holders notified and disposed.
    "trace_unit": "TS-JD-20140315-01",
    "recall_decided": dt.date(2014, 6, 30),
    # One 一级 risk and two lower ones; the 一级 one with a 风险告知书 and an 约谈.
    "risk_levels": ["一级", "二级", "三级"],
    # The 2014 campaign over 秦州区 and 麦积区: its period holds inspections and cases of the demo.
    "campaign": {"title": "2014年电线电缆和农资产品质量专项整治", "start": dt.date(2014, 3, 1),
                 "end": dt.date(2014, 6, 30), "counties": ["620502", "620503"]},
}
