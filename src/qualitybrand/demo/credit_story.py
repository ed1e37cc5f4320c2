"""The demo city's credit and early-warning story on 2014-07-10 (issue 13; profile.CREDIT_STORY).

Pure, like the rest of the generator: it edits the rows `_Gen.run` built, before the entities and
marks are written out, and draws nothing at random (so the main generator's random stream, and every
figure planned from it, stays as it was). It changes only what the 2013 figures leave free:
- which enterprise a few failed inspection batches and cases of the last year(s) name, within the
  same county (every county and city count stays the same): one enterprise with 3 failures and 2
  cases (rated D on its score alone), one with 2 failures (insp.repeat_failure);
- the registration date of one mark of the enterprise account's entity (星火机床), a mark valid from
  the end of 2010 to past 2013 either way: its term now ends within 90 days of the demo's today, so the
  enterprise user has an urgent renewal reminder (tm.renewal);
- the term of one pledge (pledge.maturity);
- two more blacklist entries: one whose three years end within 30 days (blacklist.due), one listed
  over a year ago that the loader gives a pending repair application.
Marks in the renewal window and the grace period, certifications and recognitions near their end
come from the history itself (marks registered from 2004, three-year certificates and recognitions).
"""

from __future__ import annotations

import datetime as dt

from qualitybrand.demo import profile as P
from qualitybrand.demo.common import BLACKLIST_REASONS, DAY, Ent, _d

# The penalties of credit.md look back three years; warnings.md's repeat failures 364 days.
CASE_WINDOW_START = dt.date(P.DEMO_TODAY.year - 3, P.DEMO_TODAY.month, P.DEMO_TODAY.day)
FAILURE_WINDOW_START = P.DEMO_TODAY - 364 * DAY


def _day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def tell_credit_story(gen, data: dict[str, list[dict]]) -> None:
    """Edit `data` (and `gen`'s marks, not yet written out) so that CREDIT_STORY holds."""
    used: set[str] = set()
    for county, failures, cases in P.CREDIT_STORY["repeat_failures"]:
        target = _clean_enterprise(gen, data, county, used)
        used.add(target.uscc)
        _reassign_failures(gen, data, county, failures, target)
        _reassign_cases(data, county, cases, target)
    _date_renewal_mark(gen)
    _set_pledge_term(data, P.CREDIT_STORY["pledge_matures"])
    for i, key in enumerate(("blacklist_expiring", "blacklist_repairable")):
        data["blacklist"].append(_blacklist_row(gen, data, P.CREDIT_STORY[key], used, BLACKLIST_REASONS[i]))
    data["blacklist"].append(_reward_holder_row(gen, data, P.CREDIT_STORY["blacklist_reward_held"], used))


def repairable_entry(data: dict[str, list[dict]]) -> dict | None:
    """The blacklist row (added by the story) whose repair application the loader adds; None when the
    rows loaded are not the whole demo (a slice, or data given to load_demo)."""
    listed = _d(P.CREDIT_STORY["blacklist_repairable"])
    return next((row for row in data.get("blacklist", []) if row["列入日期"] == listed and not row["移出日期"]),
                None)


def _clean_enterprise(gen, data: dict[str, list[dict]], county: str, used: set[str]) -> Ent:
    """The first enterprise of the county, open since before 2010 and still on the demo's today, that
    no record of the ledgers penalises or rewards (so its rating is the story's alone)."""
    named = {
        *(row["被抽查单位统一社会信用代码"] for row in data["inspections"] if row["结论"] == "不合格"),
        *(row["当事人统一社会信用代码"] for row in data["cases"]),
        *(row["统一社会信用代码"] for row in data["certifications"]),
        *(row["统一社会信用代码"] for row in data["recognitions"]),
        *(row["统一社会信用代码"] for row in data["blacklist"]),
        *(mark.holder.uscc for mark in gen.marks),
        *used,
    }
    for ent in gen.county_ents[county]:
        if (ent.kind == "企业" and not ent.key and ent.est and ent.est < dt.date(2010, 1, 1)
                and ent.dereg is None and ent.uscc not in named):
            return ent
    raise LookupError(f"演示数据：{county} 没有可用于信用示例的企业")


def _reassign_failures(gen, data: dict[str, list[dict]], county: str, n: int, target: Ent) -> None:
    """The county's n latest failed batches of the last 364 days now name `target`."""
    county_of = {ent.uscc: ent.county for ent in gen.entities}
    rows = [row for row in data["inspections"] if row["结论"] == "不合格"
            and county_of[row["被抽查单位统一社会信用代码"]] == county
            and FAILURE_WINDOW_START <= _day(row["抽样日期"]) <= P.DEMO_TODAY]
    rows.sort(key=lambda row: (row["抽样日期"], row["抽检编号"]), reverse=True)
    if len(rows) < n:
        raise LookupError(f"演示数据：{county} 近一年的不合格批次不足 {n} 个")
    for row in rows[:n]:
        row["被抽查单位统一社会信用代码"] = target.uscc


def _reassign_cases(data: dict[str, list[dict]], county: str, n: int, target: Ent) -> None:
    """The county's n latest cases of the last three years that name a party now name `target`."""
    rows = [row for row in data["cases"] if row["区划代码"] == county and row["当事人统一社会信用代码"]
            and CASE_WINDOW_START < _day(row["立案日期"]) <= P.DEMO_TODAY]
    rows.sort(key=lambda row: (row["立案日期"], row["案件编号"]), reverse=True)
    for row in rows[:n]:
        row["当事人统一社会信用代码"] = target.uscc


def _date_renewal_mark(gen) -> None:
    """One mark of the enterprise account's entity, valid on every year end 2010–2013 either way, is
    registered on CREDIT_STORY's day instead (its term then ends in 2014). None when it holds none
    (another seed): the story's other parts do not depend on it."""
    holder = gen.by_key[P.DEMO_ENTERPRISE_KEY]
    registered = P.CREDIT_STORY["renewal_registered"]
    marks = [m for m in gen.marks if m.holder is holder and not m.key and m.registered is not None
             and m.cancelled is None and m.registered <= dt.date(2010, 12, 31) and m.valid_on(P.D2013)]
    if not marks:
        return
    mark = min(marks, key=lambda m: (m.registered, m.number))
    mark.registered, mark.expires = registered, None
    mark.applied = min(mark.applied, registered - 300 * DAY)


def _set_pledge_term(data: dict[str, list[dict]], matures: dt.date) -> None:
    """The pledge registered closest to a year before `matures` (and at least half a year before)
    now matures on that day."""
    rows = [row for row in data["pledges"] if _day(row["登记日期"]) <= matures - 180 * DAY]
    row = min(rows, key=lambda row: (abs((_day(row["登记日期"]) - (matures - 365 * DAY)).days),
                                     row["登记编号"]))
    row["到期日期"] = _d(matures)


def _reward_holder_row(gen, data: dict[str, list[dict]], listed: dt.date, used: set[str]) -> dict:
    """A blacklist entry listed on `listed` for the holder of a 2013 市知名商标: that reward stays 应付 in the
    demo (cultivation pays the others from the 2014 budget), so paying it is held (暂缓) with the reason."""
    by_uscc = {ent.uscc: ent for ent in gen.entities}
    taken = {row["统一社会信用代码"] for row in data["blacklist"]} | used
    holders = sorted({row["统一社会信用代码"] for row in data["recognitions"]
                      if row["项目"] == "市知名商标" and row["认定年度"] == 2013})
    for uscc in holders:
        ent = by_uscc.get(uscc)
        if ent and not ent.key and ent.exists(listed) and ent.dereg is None and uscc not in taken:
            used.add(uscc)
            return {"统一社会信用代码": uscc, "列入日期": _d(listed), "列入事由": BLACKLIST_REASONS[3],
                    "决定机关": "天水市工商行政管理局", "移出日期": "", "移出方式": ""}
    raise LookupError(f"演示数据：没有可在 {listed} 列入失信名单的 2013 年市知名商标持有人")


def _blacklist_row(gen, data: dict[str, list[dict]], listed: dt.date, used: set[str], reason: str) -> dict:
    """A blacklist entry listed on `listed`, still listed: the enterprise of the latest failed batch
    before that day that exists throughout and is on the list neither before nor otherwise."""
    by_uscc = {ent.uscc: ent for ent in gen.entities}
    taken = {row["统一社会信用代码"] for row in data["blacklist"]} | used
    failed = sorted((row for row in data["inspections"] if row["结论"] == "不合格"
                     and _day(row["抽样日期"]) < listed), key=lambda row: (row["抽样日期"], row["抽检编号"]),
                    reverse=True)
    for row in failed:
        ent = by_uscc[row["被抽查单位统一社会信用代码"]]
        if not ent.key and ent.exists(listed) and ent.dereg is None and ent.uscc not in taken:
            used.add(ent.uscc)
            county = P.COUNTY_BY_CODE[ent.county]
            return {"统一社会信用代码": ent.uscc, "列入日期": _d(listed), "列入事由": reason,
                    "决定机关": f"{county.name}工商行政管理局", "移出日期": "", "移出方式": ""}
    raise LookupError(f"演示数据：没有可在 {listed} 列入失信名单的主体")
