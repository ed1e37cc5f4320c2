"""Figures computed straight from generated ledger rows by the definitions of indicators.md
(an oracle independent of the database and of the indicator engine)."""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.demo.common import default_tm_expiry


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def figures(data: dict[str, list[dict]], year: int, region: str = P.CITY,
            end: dt.date | None = None) -> dict[str, float | int | None]:
    start, end = dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    inside = {region} if region != P.CITY else {P.CITY, *(c.code for c in P.COUNTIES)}

    def in_period(day):
        return day is not None and start <= day <= end

    entities = {row["统一社会信用代码"]: row for row in data["entities"]}

    def exists(row):
        est, dereg = _date(row["成立日期"]), _date(row["注销日期"])
        return (est is None or est <= end) and (dereg is None or dereg > end)

    ours = {u: row for u, row in entities.items() if row["区划代码"] in inside}
    existing = {u for u, row in ours.items() if exists(row)}
    enterprises = {u for u in existing if ours[u]["主体类型"] == "企业"}

    def tm_valid(row):
        reg = _date(row["注册日期"])
        if reg is None or reg > end:
            return False
        expires = _date(row["专用权期限至"]) or default_tm_expiry(reg)
        cancelled = _date(row["注销日期"])
        return expires >= end and (cancelled is None or cancelled > end)

    marks = [m for m in data["trademarks"] if m["注册人统一社会信用代码"] in ours]
    valid = [m for m in marks if tm_valid(m)]
    owners = {m["注册人统一社会信用代码"] for m in valid} & enterprises
    out: dict[str, float | int | None] = {
        "entity.count": len(existing),
        "entity.enterprises": len(enterprises),
        "entity.new": sum(1 for row in ours.values() if in_period(_date(row["成立日期"]))),
        "tm.valid": len(valid),
        "tm.applications": sum(1 for m in marks if in_period(_date(m["申请日期"]))),
        "tm.registrations": sum(1 for m in marks if in_period(_date(m["注册日期"]))),
        "tm.gi.new": sum(1 for m in marks if m["地理标志"] == "是" and in_period(_date(m["注册日期"]))),
        "tm.madrid.new": sum(1 for m in marks if in_period(_date(m["国际注册日期"]))),
    }
    out["tm.per100"] = out["tm.valid"] * 100 / out["entity.count"] if out["entity.count"] else None
    out["tm.owner_rate"] = len(owners) * 100 / len(enterprises) if enterprises else None
    programs = {row["项目名称"]: row for row in data["programs"]}
    for program in programs.values():
        code, validity = program["项目代码"], program["有效期(年)"]
        recs = [r for r in data["recognitions"] if programs[r["项目"]]["项目代码"] == code
                and r["统一社会信用代码"] in ours]
        new = sum(1 for r in recs if r["认定年度"] == year)
        valid_n = 0
        for r in recs:
            until = _date(r["有效期至"])
            if until is None and validity:
                until = dt.date(r["认定年度"] + validity - 1, 12, 31)
            if r["认定年度"] <= end.year and (until is None or until >= end):
                valid_n += 1
        out[f"rec.new.{code}"] = new
        out[f"rec.valid.{code}"] = valid_n
        total = next((v["数值"] for v in data["indicator_values"] if v["指标代码"] == f"prov.total.{code}"
                      and v["区划代码"] == region and v["年度"] == year), None)
        out[f"rec.share.{code}"] = valid_n * 100 / total if total else None
    batches = [i for i in data["inspections"] if i["被抽查单位统一社会信用代码"] in ours
               and in_period(_date(i["抽样日期"]))]
    passed = sum(1 for i in batches if i["结论"] == "合格")
    out["insp.batches"], out["insp.passed"] = len(batches), passed
    out["insp.pass_rate"] = passed * 100 / len(batches) if batches else None
    for row in data["indicator_values"]:
        if row["区划代码"] == region and row["年度"] == year and not row["指标代码"].startswith("prov."):
            out[row["指标代码"]] = row["数值"]
    return out
