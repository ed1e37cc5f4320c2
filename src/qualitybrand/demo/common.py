"""Shared pieces of the demo generator: records in the making, word lists and small helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
