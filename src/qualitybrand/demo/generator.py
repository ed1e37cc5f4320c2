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

from qualitybrand.core.codes import make_uscc
from qualitybrand.demo import profile as P
from qualitybrand.demo.common import (
    AGRI_CLASSES,
    COOP_LAW,
    COOP_LINES,
    DAY,
    ENTERPRISE_FORMS,
    ENTERPRISE_LINES,
    INDUSTRY_CLASSES,
    LEDGER_ORDER,
    MARK_SUFFIX,
    MARK_WORDS,
    NAME_CHARS,
    OTHER_LINES,
    PRODUCTS,
    SHOP_LINES,
    USCC_PREFIX,
    Ent,
    Mark,
    _b,
    _d,
    _program_kind,
    _program_name,
    default_tm_expiry,
    renewed_tm_expiry,
)
from qualitybrand.demo.credit_story import tell_credit_story
from qualitybrand.demo.other_ledgers import OtherLedgersMixin


class _Gen(OtherLedgersMixin):
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
        tell_credit_story(self, data)  # last: it edits rows and marks, drawing nothing at random
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


def generate(seed: int = P.SEED) -> dict[str, list[dict]]:
    """Every ledger's rows for the demo city, in load order."""
    return _Gen(seed).run()


def demo_enterprise_uscc(data: dict[str, list[dict]] | None = None) -> str:
    """The credit code of the entity the demo enterprise account is bound to (星火机床)."""
    return P.named_uscc(P.DEMO_ENTERPRISE_KEY)
