"""A small, pure-Python reference of credit.md's built-in rating scheme and of the warnings.md rules
the demo must show, computed straight from the generated ledger rows. It deliberately imports
nothing of the application (no `credit.rating`, no `alerts.engine`, not even the demo's own date
helpers), so the demo's story is checked independently of the code that will display it."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict

DAY = dt.timedelta(days=1)


def date_of(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def years_later(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (Feb 29 → Feb 28)."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` later (the month's last day when that day does not exist)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tm_expiry(row: dict) -> dt.date | None:
    """专用权期限至 as ledgers.md defaults it: the day before the tenth anniversary of registration."""
    given, registered = date_of(row["专用权期限至"]), date_of(row["注册日期"])
    if given or registered is None:
        return given
    try:
        anniversary = registered.replace(year=registered.year + 10)
    except ValueError:  # registered on 29 February
        anniversary = dt.date(registered.year + 10, 3, 1)
    return anniversary - DAY


def exists(entity: dict, on: dt.date) -> bool:
    est, dereg = date_of(entity["成立日期"]), date_of(entity["注销日期"])
    return (est is None or est <= on) and (dereg is None or dereg > on)


def listed(entry: dict, on: dt.date) -> bool:
    removed = date_of(entry["移出日期"])
    return date_of(entry["列入日期"]) <= on and (removed is None or removed > on)


def recognition_until(row: dict, validity: dict[str, int | None]) -> dt.date | None:
    given = date_of(row["有效期至"])
    years = validity[row["项目"]]
    if given is None and years:
        return dt.date(int(row["认定年度"]) + years - 1, 12, 31)
    return given


def program_validity(data: dict) -> dict[str, int | None]:
    return {p["项目名称"]: (int(p["有效期(年)"]) if p["有效期(年)"] else None) for p in data["programs"]}


def recognition_valid(row: dict, on: dt.date, validity: dict[str, int | None]) -> bool:
    until = recognition_until(row, validity)
    return int(row["认定年度"]) <= on.year and (until is None or until >= on)


# --- rating -----------------------------------------------------------------------------------

def grade_of(score: int, blacklisted: bool) -> str:
    if blacklisted:
        return "D"
    return "A" if score >= 95 else "B" if score >= 80 else "C" if score >= 60 else "D"


def ratings(data: dict, on: dt.date) -> dict[str, tuple[int, str]]:
    """{USCC: (score, grade)} for every entity existing on `on`, by the built-in scheme."""
    start = years_later(on, -3)  # the window is (start, on]
    existing = {e["统一社会信用代码"] for e in data["entities"] if exists(e, on)}
    score: dict[str, int] = dict.fromkeys(existing, 100)
    for row in data["inspections"]:
        uscc, sampled = row["被抽查单位统一社会信用代码"], date_of(row["抽样日期"])
        if uscc in score and row["结论"] == "不合格" and start < sampled <= on:
            score[uscc] -= 10 if row["抽查级别"] in ("国家", "省") else 5
    for row in data["cases"]:
        uscc, opened = row["当事人统一社会信用代码"], date_of(row["立案日期"])
        if uscc in score and start < opened <= on:
            score[uscc] -= 30 if row["移送司法"] == "是" else 15
    validity = program_validity(data)
    holder = {m["注册号"]: m["注册人统一社会信用代码"] for m in data["trademarks"]}
    recognised: Counter = Counter()
    for row in data["recognitions"]:
        uscc = holder.get(row["商标注册号"], row["统一社会信用代码"]) if row["商标注册号"] else row["统一社会信用代码"]
        if recognition_valid(row, on, validity):
            recognised[uscc] += 1
    certified: Counter = Counter(row["统一社会信用代码"] for row in data["certifications"]
                                 if date_of(row["发证日期"]) <= on <= date_of(row["有效期至"]))
    for uscc in score:
        score[uscc] += min(15, 5 * recognised[uscc]) + min(6, 2 * certified[uscc])
    on_list = {b["统一社会信用代码"] for b in data["blacklist"] if listed(b, on)}
    return {uscc: (s, grade_of(s, uscc in on_list)) for uscc, s in score.items()}


def grade_counts(data: dict, on: dt.date) -> dict[str, int]:
    counts = Counter(grade for _score, grade in ratings(data, on).values())
    return {grade: counts[grade] for grade in "ABCD"}


# --- the situations warnings.md reports -----------------------------------------------------------

def renewal_marks(data: dict, on: dt.date) -> list[tuple[dict, dt.date]]:
    """tm.renewal: registered, not cancelled, on ≤ 专用权期限至 ≤ on + 365 days."""
    out = []
    for m in data["trademarks"]:
        registered, cancelled, expiry = date_of(m["注册日期"]), date_of(m["注销日期"]), tm_expiry(m)
        if registered and registered <= on and (cancelled is None or cancelled > on) \
                and on <= expiry <= on + 365 * DAY:
            out.append((m, expiry))
    return out


def grace_marks(data: dict, on: dt.date) -> list[tuple[dict, dt.date]]:
    """tm.grace: registered, not cancelled, 专用权期限至 < on ≤ 专用权期限至 + 6 months."""
    out = []
    for m in data["trademarks"]:
        registered, cancelled, expiry = date_of(m["注册日期"]), date_of(m["注销日期"]), tm_expiry(m)
        if registered and registered <= on and (cancelled is None or cancelled > on) \
                and expiry < on <= months_later(expiry, 6):
            out.append((m, expiry))
    return out


def maturing_pledges(data: dict, on: dt.date) -> list[dict]:
    return [p for p in data["pledges"]
            if date_of(p["登记日期"]) <= on <= date_of(p["到期日期"]) <= on + 30 * DAY]


def expiring_certifications(data: dict, on: dt.date) -> list[dict]:
    return [c for c in data["certifications"]
            if date_of(c["发证日期"]) <= on <= date_of(c["有效期至"]) <= on + 90 * DAY]


def expiring_recognitions(data: dict, on: dt.date) -> list[dict]:
    validity = program_validity(data)
    out = []
    for row in data["recognitions"]:
        until = recognition_until(row, validity)
        if until is not None and recognition_valid(row, on, validity) and until <= on + 180 * DAY:
            out.append(row)
    return out


def repeated_failures(data: dict, on: dt.date) -> dict[str, int]:
    """insp.repeat_failure: {USCC: failed batches with 抽样日期 in [on − 364 days, on]} where ≥ 2."""
    failed: Counter = Counter()
    for row in data["inspections"]:
        if row["结论"] == "不合格" and on - 364 * DAY <= date_of(row["抽样日期"]) <= on:
            failed[row["被抽查单位统一社会信用代码"]] += 1
    return {uscc: n for uscc, n in failed.items() if n >= 2}


def blacklist_due(data: dict, on: dt.date) -> list[dict]:
    """blacklist.due: listed on `on` and 列入日期 + 3 years ≤ on + 30 days."""
    return [b for b in data["blacklist"]
            if listed(b, on) and years_later(date_of(b["列入日期"]), 3) <= on + 30 * DAY]


def repairable(data: dict, on: dt.date) -> list[dict]:
    """Listed on `on` for at least a year (credit.md: repair after at least 1 year on the list)."""
    return [b for b in data["blacklist"] if listed(b, on) and years_later(date_of(b["列入日期"]), 1) <= on]


def by_holder(pairs: list[tuple[dict, dt.date]]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for mark, _expiry in pairs:
        out[mark["注册人统一社会信用代码"]].append(mark)
    return out
