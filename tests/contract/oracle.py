"""An independent implementation of /work/shared/spec/indicators.md over the generated rows.

Plain Python over `City.rows` (canonical values): no database, no project code.
`compute(city, start, end)` → {(code, region): value}.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from tests.contract.citygen import City, default_tm_expiry

CERT_TYPES = {"organic": "有机产品", "green_food": "绿色食品", "gap": "良好农业规范", "food_agri": "食品农产品认证",
              "iso9001": "ISO9001", "iso14001": "ISO14001", "iso45001": "ISO45001", "haccp": "HACCP",
              "excellence": "卓越绩效", "other": "其他"}
STD_LEVELS = {"international": "国际", "national": "国家", "industry": "行业", "local": "地方", "group": "团体",
              "enterprise": "企业"}
INSP_LEVELS = {"national": "国家", "provincial": "省", "city": "市", "county": "县"}
REPORTED_SUM = {"pop.resident"}
REPORTED_NONE = {"env.air_good_days", "env.water_source_rate", "env.surface_water_rate", "eng.acceptance_rate",
                 "eng.first_pass_rate", "eng.supervision_coverage", "eng.energy_standard_rate",
                 "svc.satisfaction"}


class Oracle:
    def __init__(self, city: City):
        self.city = city
        self.regions = city.region_codes()
        self.parent = dict(city.parent)
        self.alias = {city.former[0]: city.former[1]}
        self.children = defaultdict(list)
        for code, par in self.parent.items():
            if par:
                self.children[par].append(code)
        self.ent_region = {e["统一社会信用代码"]: e["_region"] for e in city.rows["entities"]}
        self.entities = city.rows["entities"]

    def region(self, code: str) -> str:
        return self.alias.get(code, code)

    def up(self, region: str):
        while region:
            yield region
            region = self.parent.get(region)

    def counter(self, items, weight=lambda item: 1):
        """items: iterable of (record region, item); sums weight pooled up the tree."""
        out = defaultdict(lambda: 0)
        for region, item in items:
            w = weight(item)
            for r in self.up(region):
                out[r] += w
        return out

    def distinct(self, pairs):
        """pairs of (region, key): distinct keys pooled up the tree."""
        sets = defaultdict(set)
        for region, key in pairs:
            for r in self.up(region):
                sets[r].add(key)
        return {r: len(s) for r, s in sets.items()}

    # ------------------------------------------------------------------ reported
    def reported(self, code: str, year: int, aggregation: str) -> dict[str, object]:
        own = {}
        for row in self.city.rows["indicator_values"]:
            if row.get("_code", row["指标代码"]) == code and row["年度"] == year:
                own[self.region(row["区划代码"])] = row["数值"]
        if aggregation == "none":
            return {r: own.get(r) for r in self.regions}
        out: dict[str, object] = {}

        def value(r):
            if r in out:
                return out[r]
            if r in own:
                out[r] = own[r]
            elif self.children[r]:
                kids = [value(k) for k in self.children[r]]
                out[r] = None if any(k is None for k in kids) else sum(Decimal(str(k)) for k in kids)
            else:
                out[r] = None
            return out[r]

        for r in self.regions:
            value(r)
        return out

    # ------------------------------------------------------------------ compute
    def credit_grades(self, D: dt.date, alive) -> dict[str, dict[str, int]]:
        """credit.md § Rating, the built-in scheme, record by record; grades of the entities existing on D."""
        rows = self.city.rows
        try:
            start = D.replace(year=D.year - 3)
        except ValueError:  # Feb 29 → Feb 28
            start = D.replace(year=D.year - 3, day=28)

        def window(d):
            return d is not None and start < d <= D

        penalty: dict[str, int] = defaultdict(int)
        for x in rows["inspections"]:
            if x["结论"] == "不合格" and window(x["抽样日期"]):
                penalty[x["被抽查单位统一社会信用代码"]] += 10 if x["抽查级别"] in ("国家", "省") else 5
        for x in rows["cases"]:
            if x["当事人统一社会信用代码"] and window(x["立案日期"]):
                penalty[x["当事人统一社会信用代码"]] += 30 if x["移送司法"] else 15
        programs = {p["项目代码"]: p for p in self.city.programs}
        mark_holder = {t["注册号"]: t["注册人统一社会信用代码"] for t in rows["trademarks"]}
        recs: dict[str, int] = defaultdict(int)
        for x in rows["recognitions"]:
            p = programs[x["_program"]]
            until = x["有效期至"]
            if until is None and p["有效期(年)"]:
                until = dt.date(x["认定年度"] + p["有效期(年)"] - 1, 12, 31)
            if x["认定年度"] <= D.year and (until is None or until >= D):
                by_mark = p["对象类型"] == "商标" and x["商标注册号"]
                recs[mark_holder[x["商标注册号"]] if by_mark else x["统一社会信用代码"]] += 1
        certs: dict[str, int] = defaultdict(int)
        for x in rows["certifications"]:
            if x["发证日期"] <= D <= x["有效期至"]:
                certs[x["统一社会信用代码"]] += 1
        listed = {x["统一社会信用代码"] for x in rows["blacklist"]
                  if x["列入日期"] <= D and (x["移出日期"] is None or x["移出日期"] > D)}
        counts = {g: defaultdict(int) for g in "ABCD"}
        for e in alive:
            u = e["统一社会信用代码"]
            score = 100 - penalty[u] + min(5 * recs[u], 15) + min(2 * certs[u], 6)
            grade = "D" if u in listed else "A" if score >= 95 else "B" if score >= 80 else "C" if score >= 60 else "D"
            for r in self.up(e["_region"]):
                counts[grade][r] += 1
        return {f"credit.grade.{g.lower()}": {r: counts[g].get(r, 0) for r in self.regions} for g in "ABCD"}

    def compute(self, start: dt.date, end: dt.date) -> dict[tuple[str, str], object]:
        D, Y = end, end.year
        rows = self.city.rows
        er = self.ent_region

        def inp(d):
            return d is not None and start <= d <= end

        res: dict[str, dict[str, object]] = {}

        def put(code, counts, default=0):
            res[code] = {r: counts.get(r, default) for r in self.regions}

        def ratio(num, den, factor=100):
            out = {}
            for r in self.regions:
                n, d = res[num][r], res[den][r]
                out[r] = None if n is None or d in (None, 0) else float(Decimal(str(n)) * factor / Decimal(str(d)))
            return out

        # entities
        def exists(e):
            return (e["成立日期"] is None or e["成立日期"] <= D) and (e["注销日期"] is None or e["注销日期"] > D)

        alive = [e for e in self.entities if exists(e)]
        put("entity.count", self.counter((e["_region"], e) for e in alive))
        put("entity.enterprises", self.counter((e["_region"], e) for e in alive if e["主体类型"] == "企业"))
        put("entity.new", self.counter((e["_region"], e) for e in self.entities if inp(e["成立日期"])))

        # trademarks
        def tm_valid(t):
            reg = t["注册日期"]
            if reg is None or reg > D:
                return False
            expiry = t["专用权期限至"] or default_tm_expiry(reg)
            return expiry >= D and (t["注销日期"] is None or t["注销日期"] > D)

        tms = rows["trademarks"]
        holder = lambda t: er[t["注册人统一社会信用代码"]]  # noqa: E731
        valid = [t for t in tms if tm_valid(t)]
        put("tm.applications", self.counter((holder(t), t) for t in tms if inp(t["申请日期"])))
        put("tm.registrations", self.counter((holder(t), t) for t in tms if inp(t["注册日期"])))
        put("tm.valid", self.counter((holder(t), t) for t in valid))
        res["tm.per100"] = ratio("tm.valid", "entity.count", 100)
        res["tm.per10k"] = ratio("tm.valid", "entity.count", 10000)
        holders = {t["注册人统一社会信用代码"] for t in valid}
        put("_owners", self.counter((e["_region"], e) for e in alive
                                    if e["主体类型"] == "企业" and e["统一社会信用代码"] in holders))
        res["tm.owner_rate"] = ratio("_owners", "entity.enterprises")
        del res["_owners"]
        put("tm.gi", self.counter((holder(t), t) for t in valid if t["地理标志"]))
        put("tm.gi.new", self.counter((holder(t), t) for t in tms if t["地理标志"] and inp(t["注册日期"])))
        put("tm.madrid", self.counter((holder(t), t) for t in valid
                                      if t["马德里国际注册号"] and t["国际注册日期"] and t["国际注册日期"] <= D))
        put("tm.madrid.new", self.counter((holder(t), t) for t in tms if inp(t["国际注册日期"])))

        # recognitions
        programs = {p["项目代码"]: p for p in self.city.programs}
        for code, p in programs.items():
            recs = [x for x in rows["recognitions"] if x["_program"] == code]

            def until(x, p=p):
                if x["有效期至"] is not None:
                    return x["有效期至"]
                if p["有效期(年)"]:
                    return dt.date(x["认定年度"] + p["有效期(年)"] - 1, 12, 31)
                return None

            put(f"rec.valid.{code}", self.counter(
                (er[x["统一社会信用代码"]], x) for x in recs
                if x["认定年度"] <= Y and (until(x) is None or until(x) >= D)))
            put(f"rec.new.{code}", self.counter((er[x["统一社会信用代码"]], x) for x in recs if x["认定年度"] == Y))
            total = self.reported(f"prov.total.{code}", Y, "none")
            res[f"prov.total.{code}"] = total
            res[f"rec.share.{code}"] = {
                r: (None if total[r] in (None, 0) else
                    float(Decimal(res[f"rec.valid.{code}"][r]) * 100 / Decimal(str(total[r]))))
                for r in self.regions}

        # patents
        pats = rows["patents"]
        ph = lambda x: er[x["申请人统一社会信用代码"]]  # noqa: E731
        applied = [x for x in pats if inp(x["申请日"])]
        put("patent.applications", self.counter((ph(x), x) for x in applied))
        put("patent.invention_applications", self.counter((ph(x), x) for x in applied if x["专利类型"] == "发明"))
        res["patent.invention_share"] = ratio("patent.invention_applications", "patent.applications")
        put("_service", self.counter((ph(x), x) for x in applied if x["职务发明"] is not False))
        res["patent.service_share"] = ratio("_service", "patent.applications")
        del res["_service"]
        put("patent.grants", self.counter((ph(x), x) for x in pats if inp(x["授权公告日"])))
        put("patent.invention_valid", self.counter(
            (ph(x), x) for x in pats
            if x["专利类型"] == "发明" and x["授权公告日"] and x["授权公告日"] <= D and x["法律状态"] == "有效"))
        res["pop.resident"] = self.reported("pop.resident", Y, "sum")
        res["patent.invention_per10k_pop"] = ratio("patent.invention_valid", "pop.resident", 1)

        # certifications, standards
        certs = [x for x in rows["certifications"] if x["发证日期"] <= D <= x["有效期至"]]
        put("cert.valid", self.counter((er[x["统一社会信用代码"]], x) for x in certs))
        for key, label in CERT_TYPES.items():
            put(f"cert.valid.{key}", self.counter((er[x["统一社会信用代码"]], x) for x in certs
                                                  if x["认证类型"] == label))
        stds = [x for x in rows["standards"] if inp(x["发布日期"])]
        sh = lambda x: er[x["主要起草单位统一社会信用代码"]]  # noqa: E731
        put("std.published", self.counter((sh(x), x) for x in stds))
        for key, label in STD_LEVELS.items():
            put(f"std.published.{key}", self.counter((sh(x), x) for x in stds if x["标准层级"] == label))
        put("std.adopted_intl", self.counter((sh(x), x) for x in stds if x["工作类型"] == "采用国际标准"))

        # inspections
        ins = [x for x in rows["inspections"] if inp(x["抽样日期"])]
        ih = lambda x: er[x["被抽查单位统一社会信用代码"]]  # noqa: E731
        put("insp.batches", self.counter((ih(x), x) for x in ins))
        put("insp.passed", self.counter((ih(x), x) for x in ins if x["结论"] == "合格"))
        res["insp.pass_rate"] = ratio("insp.passed", "insp.batches")
        for key, label in INSP_LEVELS.items():
            sub = [x for x in ins if x["抽查级别"] == label]
            put(f"insp.{key}.batches", self.counter((ih(x), x) for x in sub))
            put(f"_p.{key}", self.counter((ih(x), x) for x in sub if x["结论"] == "合格"))
            res[f"insp.{key}.pass_rate"] = ratio(f"_p.{key}", f"insp.{key}.batches")
            del res[f"_p.{key}"]
        put("insp.failed_entities", self.distinct(
            (ih(x), x["被抽查单位统一社会信用代码"]) for x in ins if x["结论"] == "不合格"))
        # follow-ups (supervision.md): imports never close one, so 0 of the period's 不合格 batches are
        # closed on D and nothing was rechecked
        put("_fu.failed", self.counter((ih(x), x) for x in ins if x["结论"] == "不合格"))
        put("_fu.closed", {})
        res["insp.followup.closed_rate"] = ratio("_fu.closed", "_fu.failed")
        res["insp.followup.recheck_pass_rate"] = {r: None for r in self.regions}
        del res["_fu.failed"], res["_fu.closed"]

        # incidents, cases
        incs = [x for x in rows["incidents"] if inp(x["发生日期"])]
        rr = lambda x: self.region(x["区划代码"])  # noqa: E731
        put("incident.count", self.counter((rr(x), x) for x in incs))
        put("incident.serious", self.counter((rr(x), x) for x in incs if x["等级"] != "一般"))
        put("incident.major", self.counter((rr(x), x) for x in incs if x["等级"] in ("重大", "特别重大")))
        cases = rows["cases"]
        opened = [x for x in cases if inp(x["立案日期"])]
        closed = [x for x in cases if inp(x["结案日期"])]
        put("case.opened", self.counter((rr(x), x) for x in opened))
        put("case.closed", self.counter((rr(x), x) for x in closed))
        put("case.goods_value", self.counter(((rr(x), x) for x in opened),
                                             lambda x: x["涉案货值"] or Decimal(0)))
        put("case.fines", self.counter(((rr(x), x) for x in closed), lambda x: x["罚没金额"] or Decimal(0)))
        put("case.transferred", self.counter((rr(x), x) for x in opened if x["移送司法"]))
        put("case.tm_infringement", self.counter((rr(x), x) for x in opened if x["案件类型"] == "商标侵权"))

        # pledges, services, publicity
        pls = rows["pledges"]
        plh = lambda x: er[x["出质人统一社会信用代码"]]  # noqa: E731
        put("pledge.count", self.counter((plh(x), x) for x in pls if inp(x["登记日期"])))
        put("pledge.amount", self.counter(((plh(x), x) for x in pls if inp(x["登记日期"])), lambda x: x["质押金额"]))
        put("pledge.outstanding", self.counter(((plh(x), x) for x in pls if x["登记日期"] <= D < x["到期日期"]),
                                               lambda x: x["质押金额"]))
        svs = [x for x in rows["services"] if inp(x["服务日期"])]
        svh = lambda x: er[x["统一社会信用代码"]]  # noqa: E731
        put("service.person_times", self.counter(((svh(x), x) for x in svs), lambda x: x["服务人次"]))
        put("service.problems", self.counter(((svh(x), x) for x in svs), lambda x: x["解决问题数"] or 0))
        put("service.entities", self.distinct((svh(x), x["统一社会信用代码"]) for x in svs))
        put("publicity.count", self.counter((rr(x), x) for x in rows["publicity"] if inp(x["发布日期"])))

        for code in REPORTED_NONE:
            res[code] = self.reported(code, Y, "none")
        res.update(self.credit_grades(D, alive))

        out = {}
        for code, per_region in res.items():
            for r, v in per_region.items():
                out[(code, r)] = float(v) if isinstance(v, Decimal) else v
        return out


# kinds of the catalog indicators (assessment needs flow vs stock)
STOCK_PREFIXES = ("entity.count", "entity.enterprises", "tm.valid", "tm.per100", "tm.per10k", "tm.owner_rate",
                  "tm.gi", "tm.madrid", "rec.valid.", "rec.share.", "patent.invention_valid",
                  "patent.invention_per10k_pop", "cert.valid", "pledge.outstanding", "credit.grade.")


def kind(code: str) -> str:
    if code in ("tm.gi.new", "tm.madrid.new"):
        return "flow"
    return "stock" if code.startswith(STOCK_PREFIXES) else "flow"


# ---------------------------------------------------------------- formulas (indicators.md, office's own)
def _tokens(text: str):
    import re

    for m in re.finditer(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(.))", text):
        number, name, op = m.groups()
        if number:
            yield ("num", Decimal(number))
        elif name:
            yield ("code", name)
        elif op and op.strip():
            yield ("op", op)


def evaluate(formula: str, lookup) -> Decimal | None:
    """Recursive descent over + - * / and parentheses; None (null) propagates; x/0 → None."""
    toks = list(_tokens(formula)) + [("end", None)]
    pos = 0

    def peek():
        return toks[pos]

    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def atom():
        kind, val = take()
        if kind == "num":
            return val
        if kind == "code":
            v = lookup(val)
            return None if v is None else Decimal(str(v))
        if (kind, val) == ("op", "("):
            v = expr()
            assert take() == ("op", ")")
            return v
        if (kind, val) == ("op", "-"):
            v = atom()
            return None if v is None else -v
        raise ValueError(formula)

    def term():
        v = atom()
        while peek() in (("op", "*"), ("op", "/")):
            op = take()[1]
            w = atom()
            if v is None or w is None or (op == "/" and w == 0):
                v = None
            else:
                v = v * w if op == "*" else v / w
        return v

    def expr():
        v = term()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            w = term()
            v = None if v is None or w is None else (v + w if op == "+" else v - w)
        return v

    out = expr()
    assert peek()[0] == "end", formula
    return out


# units of indicators.md (the catalog's tables)
UNITS = {
    "entity.count": "户", "entity.enterprises": "户", "entity.new": "户", "tm.applications": "件",
    "tm.registrations": "件", "tm.valid": "件", "tm.per100": "件", "tm.per10k": "件", "tm.owner_rate": "%",
    "tm.gi": "件", "tm.gi.new": "件", "tm.madrid": "件", "tm.madrid.new": "件", "patent.applications": "件",
    "patent.invention_applications": "件", "patent.invention_share": "%", "patent.service_share": "%",
    "patent.grants": "件", "patent.invention_valid": "件", "patent.invention_per10k_pop": "件", "cert.valid": "张",
    "std.published": "项", "std.adopted_intl": "项", "insp.batches": "批次", "insp.passed": "批次",
    "insp.pass_rate": "%", "insp.failed_entities": "户", "insp.followup.closed_rate": "%",
    "insp.followup.recheck_pass_rate": "%", "incident.count": "起", "incident.serious": "起",
    "incident.major": "起", "case.opened": "件", "case.closed": "件", "case.goods_value": "万元",
    "case.fines": "万元", "case.transferred": "件", "case.tm_infringement": "件", "pledge.count": "笔",
    "pledge.amount": "万元", "pledge.outstanding": "万元", "service.person_times": "人次", "service.problems": "项",
    "service.entities": "户", "publicity.count": "篇", "pop.resident": "万人", "env.air_good_days": "天",
    "env.water_source_rate": "%", "env.surface_water_rate": "%", "eng.acceptance_rate": "%",
    "eng.first_pass_rate": "%", "eng.supervision_coverage": "%", "eng.energy_standard_rate": "%",
    "svc.satisfaction": "分",
}
for _k in CERT_TYPES:
    UNITS[f"cert.valid.{_k}"] = "张"
for _k in STD_LEVELS:
    UNITS[f"std.published.{_k}"] = "项"
for _k in "abcd":
    UNITS[f"credit.grade.{_k}"] = "户"
for _k in INSP_LEVELS:
    UNITS[f"insp.{_k}.batches"] = "批次"
    UNITS[f"insp.{_k}.pass_rate"] = "%"


def unit(code: str) -> str | None:
    if code in UNITS:
        return UNITS[code]
    for prefix, u in (("rec.valid.", "件"), ("rec.new.", "件"), ("rec.share.", "%"), ("prov.total.", "件")):
        if code.startswith(prefix):
            return u
    return None
