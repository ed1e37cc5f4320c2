"""A seeded random city, written as ledger files exactly as /work/shared/spec/ledgers.md describes.

`generate(seed)` returns a `City`: canonical rows per ledger (python values: date, bool, Decimal,
int, list, None) that the independent oracle reads, and `City.write(dir)` renders them as the
offices would: .xlsx or .csv (UTF-8, UTF-8 with BOM, GBK), a title row, shuffled columns, header
aliases, full-width digits, every date form, yuan headers, thousands separators.

Only `make_uscc` is taken from the project (as the brief allows); everything else is computed here.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from qualitybrand.core.codes import make_uscc

D = dt.date
ORDER = ["regions", "programs", "entities", "trademarks", "recognitions", "patents", "certifications",
         "standards", "inspections", "incidents", "cases", "pledges", "services", "publicity",
         "indicator_values", "blacklist", "complaints"]

HEADERS = {
    "regions": ["区划代码", "名称", "上级区划代码", "类型", "曾用代码"],
    "programs": ["项目代码", "项目名称", "对象类型", "级别", "有效期(年)", "是否开放", "奖励金额(万元)"],
    "entities": ["统一社会信用代码", "名称", "主体类型", "区划代码", "行业代码", "成立日期", "注销日期", "规模"],
    "trademarks": ["注册号", "商标名称", "国际分类", "注册人统一社会信用代码", "申请日期", "注册日期", "专用权期限至",
                   "商标类型", "地理标志", "马德里国际注册号", "国际注册日期", "指定国家", "注销日期"],
    "recognitions": ["项目", "统一社会信用代码", "商标注册号", "产品名称", "认定年度", "有效期至", "认定方式"],
    "patents": ["申请号", "专利名称", "专利类型", "申请人统一社会信用代码", "申请日", "授权公告日", "法律状态", "职务发明"],
    "certifications": ["证书编号", "认证类型", "统一社会信用代码", "发证日期", "有效期至", "认证范围"],
    "standards": ["标准编号", "标准名称", "标准层级", "工作类型", "主要起草单位统一社会信用代码", "发布日期"],
    "inspections": ["抽检编号", "抽查级别", "产品类别", "被抽查单位统一社会信用代码", "抽样日期", "结论", "不合格项目",
                    "重点产品"],
    "incidents": ["事故编号", "区划代码", "发生日期", "领域", "等级", "简要情况"],
    "cases": ["案件编号", "案件类型", "区划代码", "当事人统一社会信用代码", "线索来源", "立案日期", "结案日期", "涉案货值",
              "罚没金额", "移送司法"],
    "pledges": ["登记编号", "出质人统一社会信用代码", "质权人", "商标注册号", "质押金额", "登记日期", "到期日期"],
    "services": ["服务编号", "服务日期", "统一社会信用代码", "服务类型", "服务人次", "解决问题数"],
    "publicity": ["稿件编号", "发布日期", "标题", "媒体", "区划代码"],
    "indicator_values": ["指标代码", "区划代码", "年度", "数值", "填报部门", "说明"],
    "blacklist": ["统一社会信用代码", "列入日期", "列入事由", "决定机关", "移出日期", "移出方式"],
    "complaints": ["登记编号", "类别", "渠道", "登记日期", "被投诉人统一社会信用代码", "被投诉人名称", "区划代码",
                   "涉及产品", "内容摘要", "受理日期", "办结日期", "处理结果", "关联案件编号", "挽回经济损失"],
}
ALIASES = {
    ("entities", "统一社会信用代码"): ["社会信用代码", "信用代码"],
    ("entities", "名称"): ["主体名称", "企业名称"],
    ("trademarks", "注册号"): ["申请号/注册号", "申请号"],
    ("trademarks", "商标名称"): ["商标"],
    ("trademarks", "国际分类"): ["类别"],
    ("trademarks", "注销日期"): ["无效日期"],
}
YUAN_HEADERS = {("cases", "涉案货值"): "涉案货值(元)", ("cases", "罚没金额"): "罚没金额（元）",
                ("pledges", "质押金额"): "质押金额(元)"}
TITLES = {"regions": "行政区划", "entities": "市场主体台账", "trademarks": "商标台账", "patents": "专利台账",
          "complaints": "投诉举报台账"}

CERT_TYPES = ["有机产品", "绿色食品", "良好农业规范", "食品农产品认证", "ISO9001", "ISO14001", "ISO45001", "HACCP",
              "卓越绩效", "其他"]
STD_LEVELS = ["国际", "国家", "行业", "地方", "团体", "企业"]
STD_WORK = ["制定", "修订", "采用国际标准"]
INSP_LEVELS = ["国家", "省", "市", "县"]
FIELDS = ["食品", "药品", "特种设备", "工业产品", "建设工程", "其他"]
GRADES = ["一般", "较大", "重大", "特别重大"]
CASE_TYPES = ["商标侵权", "假冒专利", "假冒伪劣", "质量违法", "其他"]
SOURCES = ["12315", "12365", "举报", "监督检查", "抽查", "移交", "其他"]
SERVICE_TYPES = ["质量帮扶", "标准化", "计量", "认证", "商标指导", "专利指导", "特种设备", "其他"]
ENTITY_KINDS = {"企业": "91", "个体工商户": "92", "农民专业合作社": "93", "其他": "91"}
CHANNELS = ["12315", "12365", "来电", "来信", "来访", "网络", "转办", "门户"]
RESULTS = ["调解成功", "调解不成", "终止调解", "不予受理", "立案", "不予立案", "转办"]
# National Day (Oct 1–7) and Spring Festival (the first day) of the generator's years: 登记日期 around them
HOLIDAYS = [D(y, 10, 1) for y in range(2010, 2016)] + [
    D(2011, 2, 3), D(2012, 1, 23), D(2013, 2, 10), D(2014, 1, 31), D(2015, 2, 19)]
COUNTY_NAMES = ["东城区", "西河县", "南山县", "北川县", "清河县", "安平县"]
PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def patent_check(digits: str) -> str:
    """codes.md: Σ dᵢ·wᵢ mod 11 (weights 2..9,2..5; only the first 8 for the old form); 10 → X."""
    value = sum(int(d) * w for d, w in zip(digits, PATENT_WEIGHTS, strict=False)) % 11
    return "X" if value == 10 else str(value)


def default_tm_expiry(reg: D) -> D:
    """The day before the tenth anniversary (2012-02-29 → 2022-02-28)."""
    try:
        anniversary = reg.replace(year=reg.year + 10)
    except ValueError:  # 29 February → 1 March
        anniversary = D(reg.year + 10, 3, 1)
    return anniversary - dt.timedelta(days=1)


@dataclass
class City:
    seed: int
    rows: dict[str, list[dict]] = field(default_factory=dict)
    city: str = ""
    counties: list[str] = field(default_factory=list)
    zone: str = ""
    former: tuple[str, str] = ("", "")  # (former code, current code)
    programs: list[dict] = field(default_factory=list)
    parent: dict[str, str | None] = field(default_factory=dict)

    def region_codes(self) -> list[str]:
        return [r["区划代码"] for r in self.rows["regions"]]

    def write(self, directory: Path, formats: dict[str, str] | None = None) -> dict[str, Path]:
        """Write every ledger; returns ledger → path. formats: ledger → xlsx|utf-8|utf-8-sig|gbk."""
        rnd = random.Random(self.seed * 7 + 1)
        paths = {}
        for ledger in ORDER:
            fmt = (formats or {}).get(ledger) or rnd.choice(["xlsx", "xlsx", "utf-8", "utf-8-sig", "gbk"])
            paths[ledger] = write_ledger(ledger, self.rows[ledger], directory, fmt, rnd)
        return paths


# ---------------------------------------------------------------- rendering
def _date_text(value: D, rnd: random.Random) -> str:
    form = rnd.randrange(8)
    if form == 5:
        return f"{value.year}/{value.month:02d}/{value.day:02d}"
    if form == 6:
        return f"{value.year}年{value.month:02d}月{value.day:02d}日"
    if form == 7:
        return f"{value.year}.{value.month:02d}.{value.day:02d}"
    if form == 0:
        return value.isoformat()
    if form == 1:
        return f"{value.year}/{value.month}/{value.day}"
    if form == 2:
        return f"{value.year}.{value.month}.{value.day}"
    if form == 3:
        return f"{value.year}年{value.month}月{value.day}日"
    return value.strftime("%Y%m%d")


def _bool_text(value: bool, rnd: random.Random) -> str:
    pairs = [("是", "否"), ("Y", "N"), ("1", "0"), ("√", "×"), ("true", "false")]
    yes, no = rnd.choice(pairs)
    return yes if value else no


def _list_text(values: list, rnd: random.Random) -> str:
    sep = rnd.choice([",", "，", ";", "；", "、", " "])
    return sep.join(str(v) for v in values)


def _amount_text(value: Decimal, rnd: random.Random) -> str:
    if value >= 1000 and rnd.random() < 0.5:
        return f"{value:,}"
    return str(value)


def render_cell(value, rnd, xlsx, yuan=False):
    if value is None:
        return None if xlsx else ""
    if isinstance(value, bool):
        return _bool_text(value, rnd)
    if isinstance(value, D):
        if xlsx and rnd.random() < 0.4:
            return dt.datetime(value.year, value.month, value.day)
        text = _date_text(value, rnd)
        return text.translate(FULL) if rnd.random() < 0.1 else text
    if isinstance(value, list):
        return _list_text(value, rnd)
    if isinstance(value, Decimal):
        if yuan:
            value = value * 10000
            value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        if xlsx and rnd.random() < 0.4:
            return float(value)  # a number cell
        return _amount_text(value, rnd)
    if isinstance(value, int):
        if xlsx and rnd.random() < 0.5:
            return value
        return str(value)
    text = str(value)
    if xlsx and text.isdigit() and len(text) <= 12 and not text.startswith("0") and rnd.random() < 0.5:
        return int(text)  # codes typed into Excel become number cells (注册号, 区划代码)
    if len(text) == 18 and text.isalnum() and text.isascii() and rnd.random() < 0.15:
        text = text.lower()  # credit codes typed in lower case are upper-cased
    if rnd.random() < 0.12 and any(c.isdigit() for c in text):
        text = text.translate(FULL)
    if rnd.random() < 0.1:
        text = f" {text} "
    return text


def write_ledger(ledger: str, rows: list[dict], directory: Path, fmt: str, rnd: random.Random) -> Path:
    headers = list(HEADERS[ledger])
    rnd.shuffle(headers)
    shown = []
    for h in headers:
        if (ledger, h) in YUAN_HEADERS and rnd.random() < 0.6:
            shown.append(YUAN_HEADERS[(ledger, h)])
        elif (ledger, h) in ALIASES and rnd.random() < 0.5:
            shown.append(rnd.choice(ALIASES[(ledger, h)]))
        else:
            shown.append(h)
    yuan = {h for h, s in zip(headers, shown, strict=True) if s in YUAN_HEADERS.values()}
    for i, text in enumerate(shown):  # headers typed by hand: full-width brackets, stray blanks
        if "(" in text and rnd.random() < 0.5:
            text = text.replace("(", "（").replace(")", "）")
        if rnd.random() < 0.1:
            text = f" {text}\u3000" if rnd.random() < 0.5 else f" {text} "
        shown[i] = text
    xlsx = fmt == "xlsx"
    table = [[f"{TITLES.get(ledger, ledger)}（随机城市 {rnd.randrange(1000)}）"], [], shown]
    for row in rows:
        cells = []
        for h in headers:
            cells.append(render_cell(row.get(h), rnd, xlsx, yuan=h in yuan))
        table.append(cells)
        if rnd.random() < 0.03:
            table.append([None if xlsx else ""] * len(headers))  # a blank row inside
    if xlsx:
        from openpyxl import Workbook

        path = directory / f"{ledger}.xlsx"
        wb = Workbook()
        ws = wb.active
        ws.title = TITLES.get(ledger, ledger)
        for line in table:
            ws.append(line)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.datetime):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text that looks like a formula stays text
        wb.save(path)
        return path
    path = directory / f"{ledger}.csv"
    with open(path, "w", encoding={"gbk": "gbk"}.get(fmt, fmt), newline="") as fh:
        csv.writer(fh).writerows(table)
    return path


# ---------------------------------------------------------------- generation
BOUNDARIES = [D(y, m, d) for y in range(2011, 2016) for m, d in ((1, 1), (12, 31))] + [
    D(2013, 6, 30), D(2013, 7, 1), D(2014, 2, 28), D(2014, 3, 1), D(2014, 5, 20), D(2014, 5, 21),
    D(2012, 2, 29)]


def _rand_date(rnd, start: D, end: D) -> D:
    """Uniform, but one date in six falls on a period boundary (the checked periods' first and last days)."""
    if rnd.random() < 0.17:
        inside = [b for b in BOUNDARIES if start <= b <= end]
        if inside:
            return rnd.choice(inside)
    return start + dt.timedelta(days=rnd.randrange((end - start).days + 1))


def generate(seed: int, *, years=(2011, 2014)) -> City:
    rnd = random.Random(seed)
    y0, y1 = years
    start, end = D(y0, 1, 1), D(y1, 12, 31)
    prov = rnd.choice(["41", "42", "43", "51", "52", "62", "63"])
    city = f"{prov}{rnd.randrange(1, 9):02d}00"
    n_counties = rnd.randint(3, 6)
    counties = [f"{city[:4]}{k:02d}" for k in rnd.sample(range(1, 30), n_counties)]
    zone = f"{city[:4]}71"
    c = City(seed=seed, city=city, counties=counties, zone=zone)
    free = [f"{city[:4]}{k}" for k in range(30, 60) if f"{city[:4]}{k}" not in counties]
    former = rnd.choice(free)
    c.former = (former, counties[0])
    with_province = rnd.random() < 0.5
    regions = []
    if with_province:
        regions.append({"区划代码": f"{prov}0000", "名称": f"随机{seed}省", "上级区划代码": None, "类型": "省",
                        "曾用代码": None})
    regions.append({"区划代码": city, "名称": f"随机{seed}市", "上级区划代码": f"{prov}0000" if with_province else None,
                    "类型": "市", "曾用代码": None})
    for i, code in enumerate(counties):
        regions.append({"区划代码": code, "名称": f"{COUNTY_NAMES[i]}{seed}", "上级区划代码": city,
                        "类型": rnd.choice(["区", "县", "县级市"]),
                        "曾用代码": [former] if i == 0 else None})
    regions.append({"区划代码": zone, "名称": f"高新技术开发区{seed}", "上级区划代码": city, "类型": "开发区",
                    "曾用代码": None})
    towns = [f"{counties[1]}{k:03d}000" for k in (1, 2)]  # 12-digit township codes under one county
    for k, code in enumerate(towns):
        regions.append({"区划代码": code, "名称": f"第{k + 1}街道{seed}", "上级区划代码": counties[1],
                        "类型": "乡镇街道", "曾用代码": None})
    c.rows["regions"] = regions
    c.parent = {r["区划代码"]: r["上级区划代码"] for r in regions}
    leaves = counties + [zone]
    homes = leaves + towns

    # programs: one of each kind, with and without validity
    tag = f"s{seed}"
    programs = [
        {"项目代码": f"tm_{tag}", "项目名称": f"知名商标{seed}", "对象类型": "商标", "级别": "市", "有效期(年)": 3,
         "是否开放": True, "奖励金额(万元)": Decimal("5")},
        {"项目代码": f"prod_{tag}", "项目名称": f"名牌产品{seed}", "对象类型": "产品", "级别": "省",
         "有效期(年)": None, "是否开放": rnd.random() < 0.5, "奖励金额(万元)": None},
        {"项目代码": f"ent_{tag}", "项目名称": f"质量奖{seed}", "对象类型": "企业", "级别": "国家", "有效期(年)": 2,
         "是否开放": True, "奖励金额(万元)": Decimal("20.5")},
    ]
    c.rows["programs"] = programs
    c.programs = programs

    # entities
    entities = []
    used_orgs = set()
    for i in range(36):
        kind = rnd.choice(["企业", "企业", "企业", "个体工商户", "农民专业合作社", "其他"])
        region = rnd.choice(homes + [city])
        while True:
            org8 = "".join(rnd.choice("0123456789ABCDEFGH") for _ in range(8))
            if org8 not in used_orgs:
                used_orgs.add(org8)
                break
        founded = None if rnd.random() < 0.1 else _rand_date(rnd, D(2005, 1, 1), end)
        cancelled = None
        if founded and rnd.random() < 0.15:
            cancelled = _rand_date(rnd, max(founded, start), end)
        if founded is None and rnd.random() < 0.2:
            cancelled = _rand_date(rnd, start, end)
        shown_region = former if region == counties[0] and rnd.random() < 0.5 else region
        entities.append({"统一社会信用代码": make_uscc(ENTITY_KINDS[kind], region[:6], org8), "名称": (["=HYPERLINK(\"x\")", "-", "+", "@"][i % 4] if i % 9 == 0 else "") + f"企业{seed}-{i}号",
                         "主体类型": kind, "区划代码": shown_region, "_region": region,
                         "行业代码": rnd.choice([None, "C", "13", "1311"]), "成立日期": founded,
                         "注销日期": cancelled, "规模": rnd.choice([None, "大型", "中型", "小型", "微型"])})
    c.rows["entities"] = entities
    usccs = [e["统一社会信用代码"] for e in entities]

    # trademarks
    trademarks = []
    numbers = rnd.sample(range(1, 10**9), 90)
    for i, num in enumerate(numbers):
        holder = rnd.choice(usccs)
        applied = _rand_date(rnd, D(2008, 1, 1), end)
        registered = None if rnd.random() < 0.2 else _rand_date(rnd, applied, applied + dt.timedelta(days=600))
        expiry = None
        if registered and rnd.random() < 0.15:
            expiry = _rand_date(rnd, registered + dt.timedelta(days=1), registered + dt.timedelta(days=1500))
        kind = rnd.choice(["普通商标"] * 4 + ["集体商标", "证明商标", None])
        gi = kind in ("集体商标", "证明商标") and rnd.random() < 0.6
        madrid = registered is not None and rnd.random() < 0.15
        cancelled = None
        if registered and rnd.random() < 0.12:
            cancelled = _rand_date(rnd, registered + dt.timedelta(days=1), registered + dt.timedelta(days=1500))
        trademarks.append({
            "注册号": str(num), "商标名称": rnd.choice(["图形", f"品牌{i}", f"老字号{i}"]),
            "国际分类": sorted(rnd.sample(range(1, 46), rnd.randint(1, 3))), "注册人统一社会信用代码": holder,
            "申请日期": applied, "注册日期": registered, "专用权期限至": expiry, "商标类型": kind,
            "地理标志": gi if (gi or rnd.random() < 0.5) else None,
            "马德里国际注册号": f"1{rnd.randrange(10**6):06d}" if madrid else None,
            "国际注册日期": _rand_date(rnd, registered, registered + dt.timedelta(days=900)) if madrid else None,
            "指定国家": rnd.sample(["美国", "日本", "德国", "俄罗斯"], 2) if madrid else None,
            "注销日期": cancelled})
    c.rows["trademarks"] = trademarks

    # recognitions
    recs, keys = [], set()
    by_holder: dict[str, list[str]] = {}
    for t in trademarks:
        by_holder.setdefault(t["注册人统一社会信用代码"], []).append(t["注册号"])
    for _ in range(45):
        p = rnd.choice(programs)
        ent = rnd.choice(usccs)
        year = rnd.randint(y0 - 2, y1)
        mark = product = None
        if p["对象类型"] == "商标":
            if ent not in by_holder:
                continue
            mark = rnd.choice(by_holder[ent])
            key = (p["项目代码"], mark, year)
        elif p["对象类型"] == "产品":
            product = rnd.choice(["白酒", "苹果", "花椒", "钢丝绳"])
            key = (p["项目代码"], ent, product, year)
        else:
            key = (p["项目代码"], ent, year)
        if key in keys:
            continue
        keys.add(key)
        validity = p["有效期(年)"]
        until = None
        if validity and rnd.random() < 0.3:
            until = _rand_date(rnd, D(year, 1, 1), D(year + 3, 12, 31))
        shown = rnd.choice([p["项目名称"], p["项目代码"], p["项目代码"].upper()])
        recs.append({"项目": shown, "_program": p["项目代码"], "统一社会信用代码": ent, "商标注册号": mark,
                     "产品名称": product, "认定年度": year, "有效期至": until,
                     "认定方式": rnd.choice([None, "行政认定", "司法认定", "评审认定"])})
    c.rows["recognitions"] = recs

    # patents
    patents, pnums = [], set()
    for i in range(50):
        applied = _rand_date(rnd, D(2000, 1, 1), end)
        old = applied < D(2003, 10, 1)
        type_digit = rnd.choice("1112238" if not old else "123")
        if old:
            digits = f"{applied.year % 100:02d}{type_digit}{rnd.randrange(10**5):05d}"
        else:
            digits = f"{applied.year}{type_digit}{rnd.randrange(10**7):07d}"
        if digits in pnums:
            continue
        pnums.add(digits)
        number = f"{digits}.{patent_check(digits)}"
        shown = rnd.choice(["", "ZL", "CN", "zl"]) + (number if rnd.random() < 0.7 else number.replace(".", ""))
        granted = None if rnd.random() < 0.35 else _rand_date(rnd, applied, applied + dt.timedelta(days=1200))
        status = "审中" if granted is None else rnd.choice(["有效", "有效", "失效"])
        ptype = {"1": "发明", "8": "发明", "2": "实用新型", "9": "实用新型", "3": "外观设计"}[type_digit]
        patents.append({"申请号": shown, "_number": digits, "专利名称": f"一种装置{i}", "专利类型": ptype,
                        "申请人统一社会信用代码": rnd.choice(usccs), "申请日": applied, "授权公告日": granted,
                        "法律状态": status, "职务发明": rnd.choice([True, False, None])})
    c.rows["patents"] = patents

    certs = []
    for i in range(40):
        issued = _rand_date(rnd, D(2008, 1, 1), end)
        certs.append({"证书编号": f"CERT-{seed}-{i:03d}", "认证类型": rnd.choice(CERT_TYPES),
                      "统一社会信用代码": rnd.choice(usccs), "发证日期": issued,
                      "有效期至": _rand_date(rnd, issued + dt.timedelta(days=1), issued + dt.timedelta(days=1500)),
                      "认证范围": rnd.choice([None, "生产", "销售", "=1+2", "-仅限出口"])})
    c.rows["certifications"] = certs

    stds = []
    for i in range(30):
        stds.append({"标准编号": f"Q/T {seed}{i:03d}-{rnd.randint(y0, y1)}", "标准名称": f"标准{i}",
                     "标准层级": rnd.choice(STD_LEVELS), "工作类型": rnd.choice(STD_WORK),
                     "主要起草单位统一社会信用代码": rnd.choice(usccs), "发布日期": _rand_date(rnd, start, end)})
    c.rows["standards"] = stds

    insps = []
    for i in range(60):
        ok = rnd.random() < 0.8
        insps.append({"抽检编号": f"CJ{seed}{i:04d}", "抽查级别": rnd.choice(INSP_LEVELS),
                      "产品类别": rnd.choice(["电线电缆", "涂料", "白酒"]),
                      "被抽查单位统一社会信用代码": rnd.choice(usccs), "抽样日期": _rand_date(rnd, start, end),
                      "结论": "合格" if ok else "不合格", "不合格项目": None if ok else "标签",
                      "重点产品": rnd.choice([True, False, None])})
    c.rows["inspections"] = insps

    incs = []
    for i in range(20):
        incs.append({"事故编号": f"SG{seed}-{i}", "区划代码": rnd.choice(homes + [city]),
                     "发生日期": _rand_date(rnd, start, end), "领域": rnd.choice(FIELDS),
                     "等级": rnd.choice(GRADES[:1] * 4 + GRADES), "简要情况": None})
    c.rows["incidents"] = incs

    cases = []
    for i in range(40):
        opened = _rand_date(rnd, start, end)
        closed = None if rnd.random() < 0.3 else _rand_date(rnd, opened, opened + dt.timedelta(days=300))
        if closed and closed > D(y1 + 1, 6, 30):
            closed = None
        cases.append({"案件编号": f"AJ{seed}-{i}", "案件类型": rnd.choice(CASE_TYPES),
                      "区划代码": rnd.choice(leaves + [city, former]),
                      "当事人统一社会信用代码": rnd.choice([None] + usccs), "线索来源": rnd.choice([None] + SOURCES),
                      "立案日期": opened, "结案日期": closed,
                      "涉案货值": rnd.choice([None, Decimal(rnd.randrange(1, 500000)) / 100]),
                      "罚没金额": rnd.choice([None, Decimal(rnd.randrange(1, 300000)) / 100]),
                      "移送司法": rnd.choice([True, False, None])})
    c.rows["cases"] = cases

    pledges = []
    holders = [h for h in by_holder]
    for i in range(15):
        holder = rnd.choice(holders)
        marks = rnd.sample(by_holder[holder], min(len(by_holder[holder]), rnd.randint(1, 2)))
        registered = _rand_date(rnd, start, end)
        pledges.append({"登记编号": f"ZY{seed}-{i}", "出质人统一社会信用代码": holder, "质权人": "某银行",
                        "商标注册号": marks, "质押金额": Decimal(rnd.randrange(100, 3000000)) / 100,
                        "登记日期": registered,
                        "到期日期": _rand_date(rnd, registered + dt.timedelta(days=1), registered + dt.timedelta(days=1200))})
    c.rows["pledges"] = pledges

    services = []
    for i in range(40):
        services.append({"服务编号": f"FW{seed}-{i}", "服务日期": _rand_date(rnd, start, end),
                         "统一社会信用代码": rnd.choice(usccs), "服务类型": rnd.choice(SERVICE_TYPES),
                         "服务人次": rnd.randint(1, 30), "解决问题数": rnd.choice([None, 0, 1, 2, 5])})
    c.rows["services"] = services

    pubs = []
    for i in range(25):
        pubs.append({"稿件编号": f"GJ{seed}-{i}", "发布日期": _rand_date(rnd, start, end), "标题": f"报道{i}",
                     "媒体": "日报", "区划代码": rnd.choice(homes + [city])})
    c.rows["publicity"] = pubs

    values = []
    for year in range(y0, y1 + 1):
        skip_zone = year == y0 + 1  # the 开发区 without a value: the city has no sum that year
        for code in leaves:
            if code == zone and skip_zone:
                continue
            if code == counties[1] and year >= y0 + 2:
                # no own value: the sum of its townships (both in one year, only one in the next → null)
                for town in towns[: 2 if year == y0 + 2 else 1]:
                    values.append({"指标代码": "pop.resident", "区划代码": town, "年度": year,
                                   "数值": Decimal(rnd.randrange(50, 900)) / 100, "填报部门": None, "说明": None})
                continue
            values.append({"指标代码": "pop.resident", "区划代码": code, "年度": year,
                           "数值": Decimal(rnd.randrange(50, 9000)) / 100, "填报部门": "统计局", "说明": None})
        if year == y1:
            values.append({"指标代码": "pop.resident", "区划代码": city, "年度": year,
                           "数值": Decimal("999.5"), "填报部门": "统计局", "说明": "市本级直报"})
        for p in programs:
            if rnd.random() < 0.8:
                values.append({"指标代码": rnd.choice([f"prov.total.{p['项目代码']}",
                                                        f"PROV.TOTAL.{p['项目代码'].upper()}"]),
                               "_code": f"prov.total.{p['项目代码']}", "区划代码": city, "年度": year,
                               "数值": rnd.randint(0, 80), "填报部门": None, "说明": None})
        for code in rnd.sample(leaves, 2):
            values.append({"指标代码": "env.air_good_days", "区划代码": code, "年度": year,
                           "数值": rnd.randint(200, 366), "填报部门": "环保局", "说明": None})
    c.rows["indicator_values"] = values

    black = []
    for _i in range(6):
        listed = _rand_date(rnd, start, end)
        removed = listed + dt.timedelta(days=400) if rnd.random() < 0.4 else None
        black.append({"统一社会信用代码": rnd.choice(usccs), "列入日期": listed, "列入事由": "虚假宣传",
                      "决定机关": "市场监管局", "移出日期": removed,
                      "移出方式": rnd.choice(["期满移出", "信用修复", "撤销"]) if removed else None})
    c.rows["blacklist"] = black
    c.rows["complaints"] = _complaints(seed, years, entities, homes + [city, former], [x["案件编号"] for x in cases])
    return c


def _complaints(seed: int, years: tuple[int, int], entities: list[dict], codes: list[str],
                cases: list[str]) -> list[dict]:
    """The complaints ledger, from its own random stream (the other ledgers' draws stay as they were).

    Both 类别, every 渠道 and 处理结果; respondents by credit code or by name + 区划代码 (a former code
    too); 登记日期 across the years and around National Day / Spring Festival; accepted late and on time,
    closed with every result, some left open (also a 不予受理 without 办结日期: open by the contract)."""
    rnd = random.Random(f"complaints-{seed}")
    y0, y1 = years
    start, end = D(y0, 1, 1), D(y1, 12, 31)
    last = D(y1 + 1, 6, 30)
    rows = []
    for i in range(70):
        category = "投诉" if rnd.random() < 0.65 else "举报"
        mediated_report = i in (8, 9, 10)  # 举报 closed with a mediation result (a 12315 export says so)
        if mediated_report:
            category = "举报"
        if rnd.random() < 0.35:  # around a holiday: deadlines counted across the long breaks
            anchor = rnd.choice([h for h in HOLIDAYS if y0 <= h.year <= y1])
            registered = anchor + dt.timedelta(days=rnd.randint(-9, 9))
        else:
            registered = _rand_date(rnd, start, end)
        row = {"登记编号": f"TS{seed}-{i:03d}", "类别": category,
               "渠道": CHANNELS[i] if i < len(CHANNELS) else rnd.choice(CHANNELS), "登记日期": registered,
               "被投诉人统一社会信用代码": None, "被投诉人名称": None, "区划代码": None,
               "涉及产品": rnd.choice([None, "电动车", "白酒", "手机", "预付卡"]),
               "内容摘要": rnd.choice(["产品质量问题，要求退货", "虚假宣传", "价格问题", "售后服务不到位",
                                     "=商品过期", "-计量不准"]),
               "受理日期": None, "办结日期": None, "处理结果": None, "关联案件编号": None, "挽回经济损失": None}
        if rnd.random() < 0.75:
            e = rnd.choice(entities)
            row["被投诉人统一社会信用代码"] = e["统一社会信用代码"]
            row["_region"] = e["_region"]
            if rnd.random() < 0.3:
                row["被投诉人名称"] = e["名称"].lstrip("=-+@") or e["名称"]
            if rnd.random() < 0.1:
                row["区划代码"] = e["_region"]
        else:
            row["被投诉人名称"] = f"某经营者{seed}-{i}"
            row["区划代码"] = rnd.choice(codes)
        state = rnd.random()
        if category == "投诉":
            if state < 0.08:
                pass  # registered, never decided
            elif state < 0.22:  # refused (12 in 100 of them without 办结日期: still open)
                row["处理结果"] = "不予受理"
                if rnd.random() < 0.88:
                    row["办结日期"] = registered + dt.timedelta(days=rnd.randint(0, 16))
            else:
                row["受理日期"] = registered + dt.timedelta(days=rnd.randint(0, 14))
                if rnd.random() < 0.85:
                    row["办结日期"] = row["受理日期"] + dt.timedelta(days=rnd.randint(0, 80))
                    row["处理结果"] = rnd.choice(["调解成功", "调解成功", "调解不成", "终止调解", "立案", "转办",
                                               None])
        else:
            if rnd.random() < 0.4:
                row["受理日期"] = registered + dt.timedelta(days=rnd.randint(0, 5))
            if state < 0.85 or mediated_report:
                row["办结日期"] = (row["受理日期"] or registered) + dt.timedelta(days=rnd.randint(0, 30))
                row["处理结果"] = rnd.choice(["立案", "不予立案", "不予立案", "转办", "转办", None])
                if mediated_report:
                    row["处理结果"] = ("调解成功", "调解成功", "终止调解")[i - 8]
        if row["办结日期"] and row["办结日期"] > last:
            row["办结日期"] = None
            if row["处理结果"] != "不予受理":
                row["处理结果"] = None
        if row["办结日期"]:
            if rnd.random() < 0.5:
                row["挽回经济损失"] = Decimal(rnd.randrange(0, 50000)) / 100
            if row["处理结果"] == "立案" and rnd.random() < 0.6:
                row["关联案件编号"] = rnd.choice(cases)
        rows.append(row)
    return rows
