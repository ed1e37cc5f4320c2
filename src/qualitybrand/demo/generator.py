"""The demo city's ledgers, generated from a fixed seed (pure: no database).

`generate()` returns {ledger name: [row, ...]} in load order; each row is a dict keyed by the
canonical Chinese headers of ledgers.md, with cells as a ledger file would hold them (dates
`YYYY-MM-DD`, booleans 是/否, lists joined with 、, amounts in 万元).

The counts that the 2013 figures depend on are planned exactly (profile.py); the rest (dates,
names, which entity holds what) is drawn from `random.Random(seed)`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from qualitybrand.core.codes import make_uscc, patent_check_char
from qualitybrand.demo import profile as P

LEDGER_ORDER = [
    "regions", "programs", "entities", "trademarks", "recognitions", "patents", "certifications",
    "standards", "inspections", "incidents", "cases", "pledges", "services", "publicity",
    "indicator_values", "blacklist",
]

USCC_PREFIX = P.USCC_PREFIX
COOP_LAW = dt.date(2007, 7, 1)  # 农民专业合作社法 took effect
DAY = dt.timedelta(days=1)


def default_tm_expiry(registered: dt.date) -> dt.date:
    """The day before the tenth anniversary of registration (ledgers.md)."""
    try:
        anniversary = registered.replace(year=registered.year + 10)
    except ValueError:  # 29 February
        anniversary = dt.date(registered.year + 10, 3, 1)
    return anniversary - DAY


def renewed_tm_expiry(registered: dt.date, at_least: dt.date = dt.date(2014, 7, 10)) -> dt.date:
    """A renewed mark's term: the first 10-year term end on or after `at_least`."""
    years = 10
    while True:
        try:
            anniversary = registered.replace(year=registered.year + years)
        except ValueError:
            anniversary = dt.date(registered.year + years, 3, 1)
        if anniversary - DAY >= at_least:
            return anniversary - DAY
        years += 10


@dataclass(eq=False)
class Ent:
    uscc: str
    name: str
    kind: str
    county: str
    est: dt.date | None
    dereg: dt.date | None = None
    scale: str = ""
    industry: str = ""
    key: str = ""

    def exists(self, day: dt.date) -> bool:
        return (self.est is None or self.est <= day) and (self.dereg is None or self.dereg > day)


@dataclass(eq=False)
class Mark:
    holder: Ent
    name: str
    classes: list[int]
    applied: dt.date
    registered: dt.date | None
    expires: dt.date | None = None  # explicit (renewed); None = the ledger default
    mark_type: str = "普通商标"
    gi: bool = False
    cancelled: dt.date | None = None
    madrid_number: str = ""
    madrid_date: dt.date | None = None
    madrid_countries: list[str] = field(default_factory=list)
    number: str = ""
    key: str = ""
    generic: bool = True

    def expiry(self) -> dt.date | None:
        if self.expires is not None:
            return self.expires
        return default_tm_expiry(self.registered) if self.registered else None

    def valid_on(self, day: dt.date) -> bool:
        return (self.registered is not None and self.registered <= day
                and (self.expiry() is None or self.expiry() >= day)
                and (self.cancelled is None or self.cancelled > day))


# --- word lists ------------------------------------------------------------------------

NAME_CHARS = "宏鑫华陇恒天瑞金永秦汇广博新众长嘉盛祥兴隆富丰德润和聚安泰康源达通成昌利盈佳信诚益远明志"
ENTERPRISE_LINES = [
    ("3421", "机械制造"), ("3422", "机床"), ("3821", "电器"), ("3831", "电线电缆"), ("3919", "电子科技"),
    ("2641", "涂料"), ("3011", "建材"), ("1331", "食品"), ("1512", "酒业"), ("2710", "制药"),
    ("0151", "果业"), ("1391", "农产品加工"), ("4700", "建筑工程"), ("5191", "商贸"), ("5436", "物流"),
    ("7010", "房地产开发"), ("7291", "旅游开发"), ("6510", "软件科技"), ("1713", "纺织"), ("2231", "包装"),
]
MANUFACTURING = {"3421", "3422", "3821", "3831", "3919", "2641", "3011", "1331", "1512", "2710", "1391",
                 "1713", "2231", "0151"}
ENTERPRISE_FORMS = ["有限公司", "有限公司", "有限责任公司", "股份有限公司"]
SHOP_LINES = [
    ("5212", "便利店"), ("5221", "副食店"), ("6210", "餐馆"), ("8111", "汽车修理部"), ("8010", "理发店"),
    ("5166", "农资门市部"), ("5232", "服装店"), ("5274", "手机店"), ("5234", "五金店"), ("5252", "药店"),
]
COOP_LINES = [("0151", "苹果种植"), ("0141", "蔬菜种植"), ("0311", "肉牛养殖"), ("0313", "养羊"),
              ("0171", "中药材种植"), ("0152", "核桃种植"), ("0143", "花椒种植")]
OTHER_LINES = ["行业协会", "商会", "技术服务中心", "产业协会"]
PRODUCTS = {
    "3421": ["数控车床", "立式加工中心", "卧式镗床", "数控磨床"],
    "3422": ["液压机", "数控折弯机", "剪板机"],
    "3821": ["电流互感器", "高压开关柜", "电力变压器", "低压成套开关设备"],
    "3831": ["电力电缆", "控制电缆", "架空绝缘电缆"],
    "3919": ["集成电路封装", "半导体器件", "电子元件"],
    "2641": ["建筑涂料", "防腐涂料"],
    "3011": ["水泥", "新型墙体砖", "商品混凝土"],
    "1331": ["挂面", "浆水面", "呱呱", "清真牛肉制品"],
    "1512": ["白酒", "苹果醋饮料"],
    "2710": ["中成药", "中药饮片"],
    "0151": ["苹果", "蜜桃", "樱桃", "核桃"],
    "1391": ["花椒", "辣椒制品", "苹果浓缩汁"],
    "1713": ["棉纺织品", "地毯"],
    "2231": ["瓦楞纸箱", "塑料编织袋"],
}
MARK_WORDS = ["陇", "秦", "羲皇", "伏羲", "麦积", "天河", "渭", "卦台", "大地湾", "玉泉", "南山", "仙人崖", "街亭",
              "关山", "锦绣", "金果", "红川", "藉河", "清泉", "飞将", "轩辕", "凤凰", "石门", "云雾", "鸿福"]
MARK_SUFFIX = ["", "", "牌", "源", "缘", "香", "园", "山", "星", "宝"]
AGRI_CLASSES = [29, 30, 31, 32, 33]
INDUSTRY_CLASSES = {"3421": [7], "3422": [7], "3821": [9], "3831": [9], "3919": [9], "2641": [2],
                    "3011": [19],
                    "1331": [29, 30], "1512": [33, 32], "2710": [5], "0151": [31], "1391": [30, 31],
                    "4700": [37], "5191": [35], "5436": [39], "7010": [36, 37], "7291": [39, 41],
                    "6510": [9, 42], "1713": [24, 27], "2231": [16]}
INSPECTED_PRODUCTS = [
    ("电线电缆", True, "导体电阻"), ("涂料", True, "挥发性有机化合物含量"), ("食品相关产品", True, "迁移量"),
    ("化肥", False, "总养分含量"), ("农药", False, "有效成分含量"), ("建筑用钢筋", False, "屈服强度"),
    ("水泥", False, "抗压强度"), ("人造板", False, "甲醛释放量"), ("电动自行车", False, "制动性能"),
    ("小家电", False, "标志和说明"), ("塑料管材", False, "静液压强度"), ("阀门", False, "壳体试验"),
    ("低压电器", False, "温升"), ("机床附件", False, "精度"), ("家具", False, "甲醛释放量"),
    ("白酒", False, "酒精度"), ("食用植物油", False, "酸价"), ("挂面", False, "水分"),
]
PATENT_THINGS = ["数控车床主轴箱", "苹果分级装置", "互感器绝缘结构", "折弯机后挡料机构", "花椒脱粒机",
                 "核桃破壳装置", "中药材切片机", "节能型烘干设备", "电缆接头", "机床导轨防护罩",
                 "果蔬保鲜包装盒", "建筑模板支撑件", "液压系统密封结构", "太阳能杀虫灯", "蔬菜大棚通风装置",
                 "清真牛肉加工工艺", "辣椒酱制备方法", "浆水发酵方法", "开关柜联锁装置", "水泥粉磨工艺"]
BANKS = ["中国农业银行天水分行", "中国工商银行天水分行", "天水农村商业银行", "甘肃银行天水分行",
         "中国建设银行天水分行", "兰州银行天水分行"]
MEDIA = ["天水日报", "甘肃日报", "天水电视台", "中国工商报", "中国质量报", "天水在线", "每日甘肃网"]
PUBLICITY_TOPICS = ["商标战略实施", "质量强市", "名牌培育", "3·15 消费者权益日", "质量月活动", "地理标志保护",
                    "商标专用权质押融资", "打击侵权假冒", "农村市场秩序整治", "政府质量奖评审"]
BLACKLIST_REASONS = ["提供虚假材料取得登记", "因同一违法行为两年内受到三次以上行政处罚",
                     "拒不履行行政处罚决定", "生产销售假冒伪劣产品情节严重", "侵犯注册商标专用权情节严重"]
INCIDENT_TEXT = {"食品": "集体用餐引发的食物中毒", "药品": "药品不良反应聚集事件", "特种设备": "起重机械倾覆",
                 "工业产品": "电动车电池起火", "建设工程": "脚手架局部坍塌", "其他": "燃气热水器一氧化碳中毒"}


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _b(value: bool) -> str:
    return "是" if value else "否"


class _Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self._org = 10000000
        self.entities: list[Ent] = []
        self.by_key: dict[str, Ent] = {}
        self.county_ents: dict[str, list[Ent]] = {c.code: [] for c in P.COUNTIES}
        self.marks: list[Mark] = []
        self.marks_by_key: dict[str, Mark] = {}
        self.owners: dict[str, list[Ent]] = {}

    # --- helpers -----------------------------------------------------------------------
    def date_between(self, lo: dt.date, hi: dt.date) -> dt.date:
        if hi <= lo:
            return lo
        return lo + dt.timedelta(days=self.r.randint(0, (hi - lo).days))

    def uscc(self, kind: str, county: str) -> str:
        self._org += self.r.randint(1, 97)
        return make_uscc(USCC_PREFIX[kind], county, f"{self._org:08d}")

    def weighted_county(self) -> P.County:
        return self.r.choices(P.COUNTIES, weights=[c.weight for c in P.COUNTIES])[0]

    def pick(self, county: str, day: dt.date, kinds=("企业",), tries: int = 40, pred=None) -> Ent:
        pool = self.county_ents[county]
        for _ in range(tries):
            ent = pool[self.r.randrange(len(pool))]
            if ent.kind in kinds and ent.exists(day) and (pred is None or pred(ent)):
                return ent
        for ent in pool:  # deterministic fallback
            if ent.kind in kinds and ent.exists(day) and (pred is None or pred(ent)):
                return ent
        raise LookupError(f"no entity in {county} on {day}")

    # --- entities --------------------------------------------------------------------------
    def entity_name(self, kind: str, county: P.County) -> tuple[str, str, str]:
        """(name, industry code, scale)"""
        r = self.r
        word = r.choice(NAME_CHARS) + r.choice(NAME_CHARS)
        if kind == "企业":
            industry, line = r.choice(ENTERPRISE_LINES)
            scale = r.choices(["大型", "中型", "小型", "微型"], weights=[0.5, 5, 34.5, 60])[0]
            return f"{county.prefix}{word}{line}{r.choice(ENTERPRISE_FORMS)}", industry, scale
        if kind == "个体工商户":
            industry, line = r.choice(SHOP_LINES)
            return f"{county.name}{word}{line}", industry, ""
        if kind == "农民专业合作社":
            industry, line = r.choice(COOP_LINES)
            return f"{county.name}{word}{line}农民专业合作社", industry, ""
        return f"{county.name}{word}{r.choice(OTHER_LINES)}", "9522", ""

    def draw_established(self, kind: str, county: P.County) -> dt.date:
        r = self.r
        recent = {y: 0.08 * county.growth ** (y - 2009) for y in range(2010, 2014)}
        pre = 1 - sum(recent.values())
        years = [0, *recent]
        year = r.choices(years, weights=[pre, *recent.values()])[0]
        if year == 0:
            first = 2007 if kind == "农民专业合作社" else (1985 if kind == "企业" else 1995)
            span = list(range(first, 2010))
            year = r.choices(span, weights=[1.12 ** (y - first) for y in span])[0]
        lo = dt.date(year, 1, 1)
        if kind == "农民专业合作社":
            lo = max(lo, COOP_LAW)
        return self.date_between(lo, dt.date(year, 12, 31))

    def add_entity(self, ent: Ent) -> Ent:
        self.entities.append(ent)
        self.county_ents[ent.county].append(ent)
        if ent.key:
            self.by_key[ent.key] = ent
        return ent

    def build_entities(self) -> None:
        r = self.r
        named_by_county: dict[str, list] = {}
        for key, county, kind, name, scale, industry, est in P.NAMED_ENTITIES:
            named_by_county.setdefault(county, []).append((key, kind, name, scale, industry, est))
        for county in P.COUNTIES:
            code = county.code
            quota = {"企业": county.enterprises, "农民专业合作社": county.coops, "其他": county.others}
            quota["个体工商户"] = county.total - sum(quota.values())
            for key, kind, name, scale, industry, est in named_by_county.get(code, []):
                self.add_entity(Ent(P.named_uscc(key), name, kind, code, est, None, scale, industry, key))
                quota[kind] -= 1
            kinds = [k for k, n in quota.items() for _ in range(n)]
            r.shuffle(kinds)
            for kind in kinds:
                name, industry, scale = self.entity_name(kind, county)
                est = self.draw_established(kind, county)
                self.add_entity(Ent(self.uscc(kind, code), name, kind, code, est, None, scale, industry))
            # entities that closed before the end of 2013 (not counted on 2013-12-31)
            closed = round(county.total * 0.05)
            for i in range(closed):
                kind = r.choices(["个体工商户", "企业", "其他"], weights=[82, 15, 3])[0]
                name, industry, scale = self.entity_name(kind, county)
                year = r.choices(range(1995, 2012), weights=[1.1 ** k for k in range(17)])[0]
                est = self.date_between(dt.date(year, 1, 1), dt.date(year, 12, 31))
                dereg = self.date_between(max(est + 180 * DAY, dt.date(2009, 1, 1)), P.D2013)
                if i == 0 and code == "620502":
                    dereg = P.D2013  # closed on the very day: not counted on 2013-12-31
                self.add_entity(Ent(self.uscc(kind, code), name, kind, code, est, dereg, scale, industry))
            # entities registered in the first half of 2014
            fresh = round(county.total * 0.055 * county.growth)
            for _ in range(fresh):
                kind = r.choices(["个体工商户", "企业", "农民专业合作社"], weights=[80, 15, 5])[0]
                name, industry, scale = self.entity_name(kind, county)
                est = self.date_between(dt.date(2014, 1, 2), P.LAST_DAY)
                self.add_entity(Ent(self.uscc(kind, code), name, kind, code, est, None, scale, industry))
        # edge cases in 秦州区: no establishment date, established on the last day of 2013
        shops = [e for e in self.county_ents["620502"] if e.kind == "个体工商户" and e.dereg is None
                 and e.est and e.est <= P.D2013]
        shops[0].est = None
        shops[1].est = P.D2013

    def close_some_in_2014(self) -> None:
        """A few entities existing on 2013-12-31 close in the first half of 2014."""
        r = self.r
        holders = {m.holder for m in self.marks}
        for ent in self.entities:
            if ent.key or ent.dereg is not None or not ent.exists(P.D2013) or ent in holders:
                continue
            share = 0.01 if ent.kind == "个体工商户" else (0.005 if ent.kind == "企业" else 0)
            if r.random() < share:
                ent.dereg = self.date_between(dt.date(2014, 1, 2), P.LAST_DAY)

    # --- trademarks --------------------------------------------------------------------------
    def mark_name(self, holder: Ent) -> tuple[str, list[int]]:
        r = self.r
        if r.random() < 0.04:
            name = "图形"
        else:
            name = r.choice(MARK_WORDS) + r.choice(MARK_SUFFIX)
            if len(name) == 1:
                name += r.choice(NAME_CHARS)
        if holder.kind == "企业":
            classes = list(INDUSTRY_CLASSES.get(holder.industry, [35]))
        elif holder.kind == "农民专业合作社":
            classes = [r.choice(AGRI_CLASSES)]
        else:
            classes = [r.choice([35, 43, 44, 29, 30])]
        if len(classes) > 1 and r.random() < 0.5:
            classes = classes[:1]
        return name, classes

    def registration_date(self, holder: Ent, county: P.County, lo: dt.date, hi: dt.date) -> dt.date:
        if holder.est:
            lo = max(lo, holder.est + 200 * DAY)
        hi = min(hi, holder.dereg - 30 * DAY) if holder.dereg else hi
        years = list(range(lo.year, hi.year + 1))
        growth = 1 + (county.growth - 1) * 0.8 + 0.04
        year = self.r.choices(years, weights=[growth ** (y - 2004) for y in years])[0]
        return self.date_between(max(lo, dt.date(year, 1, 1)), min(hi, dt.date(year, 12, 31)))

    def applied_before(self, holder: Ent, registered: dt.date) -> dt.date:
        applied = registered - self.r.randint(240, 540) * DAY
        if holder.est and applied <= holder.est:
            applied = holder.est + 10 * DAY
        return applied

    def add_mark(self, holder: Ent, applied: dt.date, registered: dt.date | None, **extra) -> Mark:
        name, classes = self.mark_name(holder)
        mark = Mark(holder, extra.pop("name", name), extra.pop("classes", classes), applied, registered,
                    **extra)
        self.marks.append(mark)
        if mark.key:
            self.marks_by_key[mark.key] = mark
        return mark

    def build_trademarks(self) -> None:
        r = self.r
        named_marks = {}
        for key, holder_key, name, classes, registered, expires, mtype, gi, applied in P.NAMED_MARKS:
            named_marks[key] = self.add_mark(self.by_key[holder_key], applied, registered, expires=expires,
                                             mark_type=mtype, gi=gi, name=name, classes=classes, key=key,
                                             generic=False)
        for county in P.COUNTIES:
            code = county.code
            ents = self.county_ents[code]
            named_valid = [m for m in named_marks.values() if m.holder.county == code and m.valid_on(P.D2013)]
            named_owner_holders = [m.holder for m in named_valid if m.holder.kind == "企业"]
            named_nonent = [m for m in named_valid if m.holder.kind != "企业"]
            eligible = [e for e in ents if e.kind == "企业" and not e.key and e.exists(P.D2013)
                        and (e.est is None or e.est <= dt.date(2011, 12, 31))]
            big = [e for e in eligible if e.scale in ("大型", "中型")]
            small = [e for e in eligible if e.scale not in ("大型", "中型")]
            need = county.owners - len(named_owner_holders)
            chosen = [e for e in big if r.random() < 0.8][:need]
            chosen += r.sample(small, need - len(chosen))
            owners = named_owner_holders + chosen
            self.owners[code] = owners
            lo, hi = dt.date(2004, 1, 1), P.D2013
            for owner in chosen:
                reg = self.registration_date(owner, county, lo, hi)
                self.add_mark(owner, self.applied_before(owner, reg), reg)
            extra = county.tm_valid - county.owners - county.tm_nonent
            weights = [{"大型": 8, "中型": 4, "小型": 1.5}.get(o.scale, 1) for o in owners]
            for owner in r.choices(owners, weights=weights, k=extra):
                reg = self.registration_date(owner, county, lo, hi)
                self.add_mark(owner, self.applied_before(owner, reg), reg)
            # valid marks of non-enterprises and of enterprises that have closed
            rest = county.tm_nonent - len(named_nonent)
            closed_holders = 2 if code == "620502" else (1 if rest >= 6 else 0)
            coops = round((rest - closed_holders) * 0.6)
            shops = rest - closed_holders - coops
            closed_pool = [e for e in ents if e.kind == "企业" and e.dereg and e.dereg >= dt.date(2010, 1, 1)
                           and e.est and e.est <= dt.date(2007, 1, 1)]
            for holder in r.sample(closed_pool, closed_holders):
                reg = self.registration_date(holder, county, lo, hi)
                self.add_mark(holder, self.applied_before(holder, reg), reg)
            for kind, n in (("农民专业合作社", coops), ("个体工商户", shops)):
                pool = [e for e in ents if e.kind == kind and not e.key and e.exists(P.D2013)
                        and (e.est is None or e.est <= dt.date(2012, 12, 31))]
                for holder in r.sample(pool, n):
                    reg = self.registration_date(holder, county, lo, hi)
                    self.add_mark(holder, self.applied_before(holder, reg), reg)
            self.invalid_and_pending_marks(county)
        self.edge_marks()
        madrid = self.marks_by_key[P.MADRID["mark"]]
        madrid.madrid_number, madrid.madrid_date = P.MADRID["number"], P.MADRID["date"]
        madrid.madrid_countries = list(P.MADRID["countries"])

    def invalid_and_pending_marks(self, county: P.County) -> None:
        r = self.r
        code = county.code
        ents = self.county_ents[code]
        old = [e for e in ents if e.kind == "企业" and e.est and e.est <= dt.date(2002, 6, 1)]
        anyone = [e for e in ents if e.kind in ("企业", "个体工商户", "农民专业合作社") and e.est
                  and e.est <= dt.date(2010, 12, 31) and (e.dereg is None or e.dereg > dt.date(2012, 1, 1))]
        # registered in 2003 and not renewed: lapsed during 2013
        for holder in r.sample(old, min(len(old), round(county.tm_valid * 0.03) + 1)):
            reg = self.date_between(max(dt.date(2003, 1, 1), holder.est + 200 * DAY), dt.date(2003, 12, 31))
            self.add_mark(holder, self.applied_before(holder, reg), reg)
        # cancelled or invalidated before the end of 2013
        for holder in r.sample(anyone, round(county.tm_valid * 0.03) + 1):
            reg = self.date_between(max(dt.date(2004, 3, 1), holder.est + 200 * DAY), dt.date(2011, 12, 31))
            cancelled = self.date_between(reg + 365 * DAY, min(reg + 6 * 365 * DAY, P.D2013))
            if holder.dereg:
                cancelled = min(cancelled, holder.dereg)
            self.add_mark(holder, self.applied_before(holder, reg), reg, cancelled=max(cancelled, reg + DAY))
        existing = [e for e in ents if e.kind in ("企业", "个体工商户", "农民专业合作社") and e.exists(P.D2013)
                    and e.est and e.est <= dt.date(2012, 6, 1)]
        # applied 2012–2013, registered in the first half of 2014
        for holder in r.sample(existing, round(county.tm_valid * 0.09) + 1):
            applied = self.date_between(max(dt.date(2012, 10, 1), holder.est + 10 * DAY),
                                        dt.date(2013, 9, 30))
            reg = self.date_between(max(applied + 270 * DAY, dt.date(2014, 1, 2)), P.LAST_DAY)
            self.add_mark(holder, applied, reg)
        # applied in 2013, still pending
        for holder in r.sample(existing, round(county.tm_valid * 0.12) + 1):
            self.add_mark(holder, self.date_between(dt.date(2013, 3, 1), P.D2013), None)
        # applied in 2014 (the 2014-brand target's progress)
        for _ in range(county.tm_apps_2014h1):
            day = self.date_between(dt.date(2014, 1, 2), P.LAST_DAY)
            holder = self.pick(code, day, kinds=("企业", "农民专业合作社"))
            self.add_mark(holder, day, None)

    def edge_marks(self) -> None:
        """Boundary cases of "valid on D" in 秦州区 (all valid on 2013-12-31 unless said)."""
        generic = [m for m in self.marks if m.generic and m.holder.county == "620502" and m.valid_on(P.D2013)
                   and m.holder.kind == "企业" and m.holder.exists(P.D2013)
                   and m.holder.est and m.holder.est <= dt.date(2002, 1, 1)]
        first = generic[0]
        first.registered, first.applied = dt.date(2004, 1, 1), dt.date(2002, 10, 15)  # expires 2013-12-31
        first.generic = False
        for mark in generic[1:9]:  # registered 2003, renewed: valid until 2023
            mark.registered = self.date_between(dt.date(2003, 1, 1), dt.date(2003, 12, 31))
            mark.applied = self.applied_before(mark.holder, mark.registered)
            mark.expires = renewed_tm_expiry(mark.registered)
            mark.generic = False
        for mark in generic[9:14]:  # cancelled in 2014: still valid on 2013-12-31
            mark.cancelled = self.date_between(dt.date(2014, 1, 2), P.LAST_DAY)
            mark.generic = False
        lapsed = [m for m in self.marks if m.holder.county == "620502" and m.registered
                  and m.cancelled and m.cancelled < P.D2013]
        lapsed[0].cancelled = P.D2013  # cancelled on D: not valid on D

    def number_marks(self) -> None:
        n = 700000
        for mark in sorted(self.marks, key=lambda m: (m.applied, m.holder.uscc, m.name)):
            n += self.r.randint(1500, 5500)
            mark.number = str(n)

    # --- recognitions --------------------------------------------------------------------
    def build_recognitions(self) -> list[tuple]:
        r = self.r
        rows: list[tuple] = []  # (program, year, ent, mark, product, valid_until, method)
        named_slots: dict[tuple[str, int], int] = {}
        product_pairs: dict[str, list] = {}
        used_marks: dict[str, set] = {}
        for program, year, key, product, method in P.NAMED_RECOGNITIONS:
            named_slots[(program, year)] = named_slots.get((program, year), 0) + 1
            kind = _program_kind(program)
            mark = self.marks_by_key.get(key) if kind == "商标" else None
            ent = mark.holder if mark else self.by_key[key]
            if mark:
                used_marks.setdefault(program, set()).add(mark)
            rows.append((program, year, ent, mark, product, None, method, True))
            if kind == "产品":
                product_pairs.setdefault(program, []).append((ent, product, year))
        candidates = {c.code: [m for m in self.marks if m.generic and m.holder.county == c.code
                               and m.valid_on(P.D2013) and m.holder.exists(P.D2013)
                               and m.holder.kind in ("企业", "农民专业合作社")
                               and m.expiry() >= dt.date(2014, 7, 10)]
                      for c in P.COUNTIES}
        for program, plan in P.REC_PLAN.items():
            kind = _program_kind(program)
            used = used_marks.setdefault(program, set())
            for year, count in sorted(plan.items()):
                pinned = list(P.REC_COUNTIES.get((program, year), []))
                for _ in range(count - named_slots.get((program, year), 0)):
                    county = P.COUNTY_BY_CODE[pinned.pop(0)] if pinned else self.weighted_county()
                    if kind == "商标":
                        pool = [m for m in candidates[county.code] if m not in used
                                and (m.holder.kind == "企业" or year >= 2012)]
                        mark = pool[r.randrange(len(pool))]
                        used.add(mark)
                        self.backdate_mark(mark, year)
                        method = r.choice(["行政认定", "司法认定"]) if program == "cn_wellknown_tm" else "评审认定"
                        rows.append((program, year, mark.holder, mark, "", None, method, False))
                    elif kind == "产品":
                        pairs = product_pairs.setdefault(program, [])
                        taken = {(e, p) for (e, p, y) in pairs if y == year}
                        reuse = [(e, p) for (e, p, y) in pairs if y <= year - 3 and (e, p) not in taken]
                        if reuse and r.random() < 0.3:
                            ent, product = reuse[r.randrange(len(reuse))]
                        else:
                            while True:
                                ent = self.pick(county.code, P.D2013, pred=lambda e, y=year: (
                                    e.industry in PRODUCTS and e.est is not None and e.est.year <= y - 2))
                                product = r.choice(PRODUCTS[ent.industry])
                                if (ent, product) not in taken:
                                    break
                        pairs.append((ent, product, year))
                        rows.append((program, year, ent, None, product, None, "评审认定", False))
        # trademark programs with a validity: renew the older records that are still valid
        for program, renewed in P.REC_RENEWED.items():
            old = [row for row in rows if row[0] == program and row[1] <= 2010]
            named_old = [row for row in old if row[7]]
            others = [row for row in old if not row[7]]
            keep = set(map(id, named_old)) | set(map(id, r.sample(others, renewed - len(named_old))))
            for i, row in enumerate(rows):
                if id(row) in keep:
                    year = row[1]
                    end = year + 2
                    while end < 2013:
                        end += 3
                    rows[i] = (*row[:5], dt.date(end, 12, 31), *row[6:])
        return rows

    def recognition_rows(self, rows: list[tuple]) -> list[dict]:
        return [{
            "项目": _program_name(program),
            "统一社会信用代码": ent.uscc,
            "商标注册号": mark.number if mark else "",
            "产品名称": product,
            "认定年度": year,
            "有效期至": _d(valid_until),
            "认定方式": method,
        } for program, year, ent, mark, product, valid_until, method, _named in rows]

    def backdate_mark(self, mark: Mark, year: int) -> None:
        """A mark recognised in `year` is registered before it (older ones renewed since)."""
        latest = dt.date(year - 1, 12, 31)
        if mark.registered <= latest:
            return
        mark.registered = self.date_between(dt.date(year - 6, 1, 1), latest)
        if default_tm_expiry(mark.registered) < dt.date(2014, 7, 10):
            mark.expires = renewed_tm_expiry(mark.registered)
        mark.applied = mark.registered - self.r.randint(240, 540) * DAY
        holder = mark.holder
        if holder.est is None or holder.est >= mark.applied:
            holder.est = mark.applied - self.r.randint(400, 2500) * DAY
            if holder.kind == "农民专业合作社" and holder.est < COOP_LAW:
                holder.est = COOP_LAW
                if mark.applied <= holder.est:
                    mark.applied = holder.est + 10 * DAY

    # --- other ledgers ----------------------------------------------------------------
    def build_patents(self) -> list[dict]:
        r = self.r
        per_year = {2005: 150, 2006: 180, 2007: 220, 2008: 270, 2009: 340, 2010: 420, 2011: 520, 2012: 650,
                    2013: 780, 2014: 420}
        serials: dict[tuple[int, str], int] = {}
        rows = []
        for year, count in per_year.items():
            invention_share = 0.18 + 0.015 * (year - 2005)
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for _ in range(count):
                county = self.weighted_county()
                filed = self.date_between(dt.date(year, 1, 1), end)
                ent = self.pick(county.code, filed, kinds=("企业", "企业", "农民专业合作社", "个体工商户"))
                ptype = r.choices(["发明", "实用新型", "外观设计"],
                                  weights=[invention_share, 0.6, 0.4 - invention_share])[0]
                digit = {"发明": "1", "实用新型": "2", "外观设计": "3"}[ptype]
                start = serials.get((year, digit), r.randint(20000, 400000))
                serials[(year, digit)] = start + r.randint(1, 900)
                digits = f"{year}{digit}{serials[(year, digit)]:07d}"
                lag = {"发明": (700, 1300, 0.45), "实用新型": (180, 420, 0.9), "外观设计": (120, 300, 0.92)}[ptype]
                granted = filed + r.randint(lag[0], lag[1]) * DAY
                if granted > P.LAST_DAY or r.random() > lag[2]:
                    granted = None
                if granted:
                    lapse = (0.08 if ptype == "发明" else 0.3) * (2014 - year) / 5
                    status = "失效" if r.random() < lapse else "有效"
                else:
                    status = "失效" if (P.LAST_DAY - filed).days > lag[1] + 200 and r.random() < 0.5 else "审中"
                thing = r.choice(PATENT_THINGS)
                title = f"一种{thing}" if ptype != "外观设计" else f"{thing}（外观）"
                rows.append({
                    "申请号": f"{digits}.{patent_check_char(digits)}",
                    "专利名称": title,
                    "专利类型": ptype,
                    "申请人统一社会信用代码": ent.uscc,
                    "申请日": _d(filed),
                    "授权公告日": _d(granted),
                    "法律状态": status,
                    "职务发明": _b(ent.kind == "企业" and r.random() < 0.93),
                })
        return rows

    def build_certifications(self) -> list[dict]:
        r = self.r
        per_year = {2007: 60, 2008: 70, 2009: 85, 2010: 100, 2011: 115, 2012: 130, 2013: 150, 2014: 80}
        types = [("ISO9001", 35, "Q"), ("ISO14001", 12, "E"), ("ISO45001", 8, "S"), ("绿色食品", 12, "LB"),
                 ("有机产品", 6, "OP"), ("良好农业规范", 3, "GAP"), ("食品农产品认证", 4, "FA"),
                 ("HACCP", 5, "H"), ("卓越绩效", 2, "PE"), ("其他", 13, "QT")]
        agri = {"绿色食品", "有机产品", "良好农业规范", "食品农产品认证"}
        rows = []
        serial = 0
        for year, count in per_year.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for _ in range(count):
                ctype, _w, abbr = r.choices(types, weights=[t[1] for t in types])[0]
                county = self.weighted_county()
                issued = self.date_between(dt.date(year, 1, 1), end)
                kinds = ("企业", "农民专业合作社") if ctype in agri else ("企业",)
                ent = self.pick(county.code, issued, kinds=kinds)
                expires = _add_years(issued, 1 if ctype == "有机产品" else 3) - DAY
                serial += r.randint(1, 40)
                rows.append({
                    "证书编号": f"{abbr}{year % 100:02d}{ent.county[-2:]}{serial:06d}",
                    "认证类型": ctype,
                    "统一社会信用代码": ent.uscc,
                    "发证日期": _d(issued),
                    "有效期至": _d(expires),
                    "认证范围": f"{ent.name}的产品生产与服务",
                })
        return rows

    def build_standards(self) -> list[dict]:
        r = self.r
        per_year = {2008: 10, 2009: 12, 2010: 15, 2011: 18, 2012: 22, 2013: 28, 2014: 14}
        levels = [("国家", 8), ("行业", 12), ("地方", 25), ("企业", 53), ("国际", 2)]
        rows, serial = [], 100
        xinghuo = self.by_key["xinghuo"]
        for year, count in per_year.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                level = r.choices([lv for lv, _ in levels], weights=[w for _, w in levels])[0]
                published = self.date_between(dt.date(year, 1, 1), end)
                if i == 0 and year in (2011, 2013):
                    ent, level = xinghuo, "国家"
                else:
                    ent = self.pick(self.weighted_county().code, published,
                                    pred=lambda e: e.industry in PRODUCTS)
                product = r.choice(PRODUCTS.get(ent.industry, ["数控车床"]))
                work = r.choices(["制定", "修订", "采用国际标准"], weights=[70, 22, 8])[0]
                serial += r.randint(1, 30)
                number = {"国家": f"GB/T {serial + 20000}-{year}", "行业": f"JB/T {serial}-{year}",
                          "地方": f"DB62/T {serial + 1000}-{year}", "企业": f"Q/TS {serial:04d}-{year}",
                          "国际": f"ISO {serial + 10000}:{year}"}[level]
                rows.append({
                    "标准编号": number,
                    "标准名称": f"{product}{r.choice(['技术条件', '通用规范', '检验方法', '生产技术规程'])}",
                    "标准层级": level,
                    "工作类型": work,
                    "主要起草单位统一社会信用代码": ent.uscc,
                    "发布日期": _d(published),
                })
        return rows

    def build_inspections(self) -> list[dict]:
        r = self.r
        rows = []
        abbr = {"国家": "GJ", "省": "SJ", "市": "SH", "县": "XJ"}
        for year, (batches, passed) in P.INSPECTIONS.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            levels = _apportion(batches, P.INSPECTION_LEVEL_SHARE)
            plan = []
            for level, n in levels:
                for _ in range(n):
                    plan.append((level, self.weighted_county()))
            # exactly batches - passed failures, more likely where the county's pass rate is low
            keys = [r.random() ** (1 / (1.0 - c.pass_rate + (year - 2009) * -0.004 + 0.03)) for _, c in plan]
            order = sorted(range(len(plan)), key=lambda i: keys[i], reverse=True)
            failed = set(order[: batches - passed])
            serial = {lv: 0 for lv in abbr}
            for i, (level, county) in enumerate(plan):
                sampled = self.date_between(dt.date(year, 1, 1), end)
                ent = self.pick(county.code, sampled)
                product, key_product, item = r.choice(INSPECTED_PRODUCTS)
                serial[level] += 1
                rows.append({
                    "抽检编号": f"{abbr[level]}{year}-{serial[level]:05d}",
                    "抽查级别": level,
                    "产品类别": product,
                    "被抽查单位统一社会信用代码": ent.uscc,
                    "抽样日期": _d(sampled),
                    "结论": "不合格" if i in failed else "合格",
                    "不合格项目": item if i in failed else "",
                    "重点产品": _b(key_product),
                })
        return rows

    def build_incidents(self) -> list[dict]:
        r = self.r
        rows = []
        for year, count in {2010: 9, 2011: 8, 2012: 7, 2013: 6, 2014: 2}.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                domain = r.choice(list(INCIDENT_TEXT))
                grade = "较大" if (year == 2011 and i == 0) else "一般"
                if grade == "较大":
                    domain = "特种设备"
                county = self.weighted_county()
                rows.append({
                    "事故编号": f"SG{year}-{i + 1:03d}",
                    "区划代码": county.code,
                    "发生日期": _d(self.date_between(dt.date(year, 1, 1), end)),
                    "领域": domain,
                    "等级": grade,
                    "简要情况": f"{county.name}{INCIDENT_TEXT[domain]}",
                })
        return rows

    def build_cases(self) -> list[dict]:
        r = self.r
        rows = []
        types = [("商标侵权", 16), ("假冒专利", 3), ("假冒伪劣", 34), ("质量违法", 37), ("其他", 10)]
        sources = ["12315", "12365", "举报", "监督检查", "抽查", "移交", "其他"]
        for year, count in {2010: 260, 2011: 300, 2012: 345, 2013: 390, 2014: 205}.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                county = self.weighted_county()
                opened = self.date_between(dt.date(year, 1, 1), end)
                closed = opened + r.randint(15, 160) * DAY
                if closed > P.LAST_DAY or r.random() < 0.06:
                    closed = None
                party = ""
                if r.random() < 0.85:
                    party = self.pick(county.code, opened, kinds=("企业", "个体工商户")).uscc
                goods = round(r.lognormvariate(1.0, 1.1), 2)
                fines = round(goods * r.uniform(0.1, 0.8), 2) if closed else None
                rows.append({
                    "案件编号": f"AJ{county.code}{year}{i + 1:04d}",
                    "案件类型": r.choices([t for t, _ in types], weights=[w for _, w in types])[0],
                    "区划代码": county.code,
                    "当事人统一社会信用代码": party,
                    "线索来源": r.choice(sources),
                    "立案日期": _d(opened),
                    "结案日期": _d(closed),
                    "涉案货值": goods,
                    "罚没金额": fines if fines is not None else "",
                    "移送司法": _b(r.random() < 0.02),
                })
        return rows

    def build_pledges(self) -> list[dict]:
        r = self.r
        rows = []
        marks_by_holder: dict[Ent, list[Mark]] = {}
        for mark in self.marks:
            marks_by_holder.setdefault(mark.holder, []).append(mark)
        big_owners = [o for c in P.COUNTIES for o in self.owners[c.code] if o.scale in ("大型", "中型")]
        for year, count in {2011: 2, 2012: 4, 2013: 6, 2014: 3}.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                day = self.date_between(dt.date(year, 1, 1), end)
                for _ in range(200):
                    pledgor = big_owners[r.randrange(len(big_owners))]
                    marks = [m for m in marks_by_holder.get(pledgor, []) if m.valid_on(day)]
                    if marks and pledgor.exists(day):
                        break
                chosen = r.sample(marks, min(len(marks), r.randint(1, 3)))
                rows.append({
                    "登记编号": f"ZY{year}-{i + 1:03d}",
                    "出质人统一社会信用代码": pledgor.uscc,
                    "质权人": r.choice(BANKS),
                    "商标注册号": "、".join(m.number for m in chosen),
                    "质押金额": r.randint(20, 300) * 10,
                    "登记日期": _d(day),
                    "到期日期": _d(day + r.choice([365, 730, 1095]) * DAY),
                })
        return rows

    def build_services(self) -> list[dict]:
        r = self.r
        rows = []
        types = ["质量帮扶", "标准化", "计量", "认证", "商标指导", "专利指导", "特种设备", "其他"]
        for year, count in {2010: 320, 2011: 380, 2012: 430, 2013: 480, 2014: 260}.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                day = self.date_between(dt.date(year, 1, 1), end)
                ent = self.pick(self.weighted_county().code, day, kinds=("企业", "农民专业合作社"))
                rows.append({
                    "服务编号": f"FW{year}-{i + 1:05d}",
                    "服务日期": _d(day),
                    "统一社会信用代码": ent.uscc,
                    "服务类型": r.choice(types),
                    "服务人次": r.randint(1, 12),
                    "解决问题数": r.randint(0, 4),
                })
        return rows

    def build_publicity(self) -> list[dict]:
        r = self.r
        rows = []
        for year, count in {2010: 60, 2011: 72, 2012: 85, 2013: 110, 2014: 58}.items():
            end = P.LAST_DAY if year == 2014 else dt.date(year, 12, 31)
            for i in range(count):
                region = P.CITY if r.random() < 0.35 else self.weighted_county().code
                where = "天水市" if region == P.CITY else P.COUNTY_BY_CODE[region].name
                topic = r.choice(PUBLICITY_TOPICS)
                rows.append({
                    "稿件编号": f"XC{year}-{i + 1:04d}",
                    "发布日期": _d(self.date_between(dt.date(year, 1, 1), end)),
                    "标题": f"{where}扎实推进{topic}工作",
                    "媒体": r.choice(MEDIA),
                    "区划代码": region,
                })
        return rows

    def build_indicator_values(self) -> list[dict]:
        rows = []
        for code, values in P.CITY_REPORTED.items():
            department = P.REPORTED_DEPARTMENT[code.split(".")[0]]
            for year, value in values.items():
                rows.append({"指标代码": code, "区划代码": P.CITY, "年度": year, "数值": value,
                             "填报部门": department, "说明": ""})
        for county in P.COUNTIES:
            for year in range(2010, 2014):
                value = round(county.pop * (1 - 0.006 * (2013 - year)), 1)
                rows.append({"指标代码": "pop.resident", "区划代码": county.code, "年度": year, "数值": value,
                             "填报部门": "统计", "说明": "年末常住人口"})
        return rows

    def build_blacklist(self, inspections: list[dict]) -> list[dict]:
        r = self.r
        by_uscc = {e.uscc: e for e in self.entities}
        failed = []
        for row in inspections:
            ent = by_uscc[row["被抽查单位统一社会信用代码"]]
            if row["结论"] == "不合格" and not ent.key and ent not in failed and ent.exists(P.LAST_DAY):
                failed.append(ent)
        chosen = r.sample(failed, 14)
        rows = []
        for i, ent in enumerate(chosen):
            if i < 8:
                listed, removed, how = self.date_between(dt.date(2012, 3, 1), dt.date(2014, 5, 31)), None, ""
            elif i < 13:
                listed = self.date_between(dt.date(2011, 6, 1), dt.date(2013, 6, 30))
                removed = self.date_between(listed + 200 * DAY, min(listed + 500 * DAY, P.LAST_DAY))
                how = "信用修复"
            else:
                listed = dt.date(2011, 3, 18)
                removed, how = dt.date(2014, 3, 18), "期满移出"
            county = P.COUNTY_BY_CODE[ent.county]
            rows.append({
                "统一社会信用代码": ent.uscc,
                "列入日期": _d(listed),
                "列入事由": r.choice(BLACKLIST_REASONS),
                "决定机关": f"{county.name}工商行政管理局" if r.random() < 0.6 else "天水市工商行政管理局",
                "移出日期": _d(removed),
                "移出方式": how,
            })
        return rows

    # --- assembly ----------------------------------------------------------------------------
    def run(self) -> dict[str, list[dict]]:
        self.build_entities()
        self.build_trademarks()
        recognitions = self.build_recognitions()  # may backdate marks: before numbering them
        self.number_marks()
        self.close_some_in_2014()
        inspections = self.build_inspections()
        data = {
            "regions": [{"区划代码": code, "名称": name, "上级区划代码": parent, "类型": kind, "曾用代码": ""}
                        for code, name, kind, parent in P.REGIONS],
            "programs": [{"项目代码": code, "项目名称": name, "对象类型": kind, "级别": level,
                          "有效期(年)": validity if validity else "", "是否开放": "是",
                          "奖励金额(万元)": reward if reward is not None else ""}
                         for code, name, kind, level, validity, reward in P.PROGRAMS],
            "entities": [],
            "trademarks": [],
            "recognitions": self.recognition_rows(recognitions),
            "patents": self.build_patents(),
            "certifications": self.build_certifications(),
            "standards": self.build_standards(),
            "inspections": inspections,
            "incidents": self.build_incidents(),
            "cases": self.build_cases(),
            "pledges": self.build_pledges(),
            "services": self.build_services(),
            "publicity": self.build_publicity(),
            "indicator_values": self.build_indicator_values(),
        }
        data["blacklist"] = self.build_blacklist(inspections)
        data["entities"] = [{
            "统一社会信用代码": e.uscc, "名称": e.name, "主体类型": e.kind, "区划代码": e.county,
            "行业代码": e.industry, "成立日期": _d(e.est), "注销日期": _d(e.dereg), "规模": e.scale,
        } for e in self.entities]
        data["trademarks"] = [{
            "注册号": m.number, "商标名称": m.name, "国际分类": "、".join(str(c) for c in m.classes),
            "注册人统一社会信用代码": m.holder.uscc, "申请日期": _d(m.applied), "注册日期": _d(m.registered),
            "专用权期限至": _d(m.expires), "商标类型": m.mark_type, "地理标志": _b(m.gi),
            "马德里国际注册号": m.madrid_number, "国际注册日期": _d(m.madrid_date),
            "指定国家": "、".join(m.madrid_countries), "注销日期": _d(m.cancelled),
        } for m in sorted(self.marks, key=lambda m: int(m.number))]
        return {name: data[name] for name in LEDGER_ORDER}


def _program_kind(code: str) -> str:
    return next(kind for c, _n, kind, _l, _v, _r in P.PROGRAMS if c == code)


def _program_name(code: str) -> str:
    return next(name for c, name, _k, _l, _v, _r in P.PROGRAMS if c == code)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 3, 1)


def _apportion(total: int, shares: list[tuple[str, float]]) -> list[tuple[str, int]]:
    """Largest-remainder split of `total` by shares (exact sum)."""
    raw = [(name, total * share) for name, share in shares]
    counts = {name: int(value) for name, value in raw}
    left = total - sum(counts.values())
    for name, _value in sorted(raw, key=lambda item: item[1] - int(item[1]), reverse=True)[:left]:
        counts[name] += 1
    return [(name, counts[name]) for name, _ in shares]


def generate(seed: int = P.SEED) -> dict[str, list[dict]]:
    """Every ledger's rows for the demo city, in load order."""
    return _Gen(seed).run()


def demo_enterprise_uscc(data: dict[str, list[dict]] | None = None) -> str:
    """The credit code of the entity the demo enterprise account is bound to (星火机床)."""
    return P.named_uscc(P.DEMO_ENTERPRISE_KEY)
