"""The demo city's other ledgers (patents … blacklist): a part of the generator, split off for size."""

from __future__ import annotations

import datetime as dt

from qualitybrand.core.codes import patent_check_char
from qualitybrand.demo import profile as P
from qualitybrand.demo.common import (
    BANKS,
    BLACKLIST_REASONS,
    DAY,
    INCIDENT_TEXT,
    INSPECTED_PRODUCTS,
    MEDIA,
    PATENT_THINGS,
    PRODUCTS,
    PUBLICITY_TOPICS,
    Ent,
    Mark,
    _add_years,
    _apportion,
    _b,
    _d,
)


class OtherLedgersMixin:
    """Methods of `_Gen` that build the registries besides entities, marks and recognitions."""

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
