"""The enterprise user's reminders (warnings.md “Who hears about it”): for each of its marks in the renewal
window (tm.renewal) or the grace period (tm.grace), the mark, its classes, the window, the deadline and what
to do, in plain Chinese; and a line for each recognition due for re-evaluation (rec.expiry, 复评) and each
certificate about to lapse (cert.expiry). Shown on 本企业 (`core.landing`) and beside the warning in the
enterprise's inbox.

The window follows 商标法第四十条: renewal may be filed in the 12 months before 专用权期限至; within the
6 months after it (the grace period) with the 宽展费; a mark not renewed by then is cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qualitybrand.alerts.engine import Alert
from qualitybrand.alerts.rules import add_months  # same day of month, else the month's last day
from qualitybrand.core import clock

RULES = ("tm.renewal", "tm.grace", "rec.expiry", "cert.expiry")
TM_MATERIALS = ("商标续展注册申请书；申请人主体资格证明文件（营业执照）复印件；"
                "委托商标代理机构办理的，另附商标代理委托书")
TM_WHERE = ("通过国家知识产权局商标局“商标网上服务系统”在线提交，或到商标注册大厅、"
            "所在地市场监管部门的商标受理窗口办理")


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def classes_text(classes) -> str:
    nums = sorted({int(c) for c in (classes or []) if str(c).isdecimal()})
    return "、".join(f"第 {n} 类" for n in nums) or "—"


@dataclass
class Reminder:
    alert: Alert
    subject: str          # 商标续展 / 宽展期续展 / 复评 / 认证到期
    name: str             # the object as the holder knows it
    number: str           # 注册号 / 证书编号 / 对象
    classes: str          # a mark's classes (“第 25 类、第 35 类”), else “—”
    window: str           # 可续展期间 / 宽展期
    deadline: date
    todo: str             # what to do, where, with which materials
    url: str = ""

    @property
    def days_left(self) -> int:
        return (self.deadline - clock.today()).days


def _marks(user, numbers: set[str]) -> dict[str, object]:
    from qualitybrand.registry.models import Trademark

    if not numbers:
        return {}
    return {t.number: t for t in Trademark.objects.for_user(user).filter(number__in=numbers)}


def for_alerts(user, alerts: list[Alert]) -> list[Reminder]:
    """Reminders for these warnings (those of the four rules), in the order given: one query for the marks."""
    mine = [a for a in alerts if a.rule in RULES]
    marks = _marks(user, {a.key for a in mine if a.rule.startswith("tm.")})
    found = []
    for alert in mine:
        if alert.rule.startswith("tm."):
            mark = marks.get(alert.key)
            if mark is None or mark.expires is None:
                continue
            found.append(_mark_reminder(alert, mark))
        elif alert.rule == "rec.expiry":
            found.append(Reminder(
                # the key (项目代码|对象|认定年度) is the contract's, not a page's: show the year it was granted
                alert, "复评", alert.label or alert.key, f"{alert.key.rsplit('|', 1)[-1]} 年度认定", "—",
                f"{cn_date(add_months(alert.due, -6))} 至 {cn_date(alert.due)}", alert.due,
                f"该认定的有效期至 {cn_date(alert.due)}。请在期满前按认定项目的复评通知准备复评材料（复评申请表、"
                "近三年经营与质量情况、原认定证书复印件），向所在县区市场监管局提交复评申请；逾期未复评的，"
                "认定到期失效。", alert.url))
        else:
            found.append(Reminder(
                alert, "认证到期", alert.label or alert.key, alert.key, "—",
                f"{cn_date(add_months(alert.due, -3))} 至 {cn_date(alert.due)}", alert.due,
                f"认证证书有效期至 {cn_date(alert.due)}。请在期满前联系发证的认证机构申请再认证（换证审核），"
                "取得新证书后将证书信息报送所在县区市场监管局更新台账。", alert.url))
    return found


def _mark_reminder(alert: Alert, mark) -> Reminder:
    expires = mark.expires
    if alert.rule == "tm.grace":
        grace_end = add_months(expires, 6)
        return Reminder(
            alert, "宽展期续展", mark.name, mark.number, classes_text(mark.classes),
            f"宽展期 {cn_date(expires)} 至 {cn_date(grace_end)}", grace_end,
            f"专用权已于 {cn_date(expires)} 期满，现处于 6 个月宽展期。请最迟于 {cn_date(grace_end)} 前"
            f"提交商标续展申请，并另缴宽展费；宽展期满仍未续展的，该商标将被注销。所需材料：{TM_MATERIALS}。"
            f"办理地点：{TM_WHERE}。", alert.url)
    start = add_months(expires, -12)
    return Reminder(
        alert, "商标续展", mark.name, mark.number, classes_text(mark.classes),
        f"可续展期间 {cn_date(start)} 至 {cn_date(expires)}", expires,
        f"请于 {cn_date(expires)} 前提交商标续展申请（期满后 6 个月内仍可在宽展期续展，但须另缴宽展费）。"
        f"所需材料：{TM_MATERIALS}。办理地点：{TM_WHERE}。每次续展注册的有效期为十年。", alert.url)


def reminders_for(user, as_of: date | None = None) -> list[Reminder]:
    """The enterprise user's reminders on `as_of` (its marks, recognitions and certificates), by deadline.
    Marked 已处理 or not: a reminder stays until the mark is renewed."""
    from qualitybrand.alerts.inbox import user_alerts

    if getattr(user, "role", "") != "enterprise" or not getattr(user, "entity_id", None):
        return []
    own = [a for a in user_alerts(user, as_of) if a.entity_id == user.entity_id]  # its own records only
    found = for_alerts(user, own)
    return sorted(found, key=lambda r: (r.deadline, r.alert.rule, r.alert.key))


def company_section(user):
    """本企业's section (core.landing): one row per reminder."""
    from qualitybrand.core.landing import Cell, Section

    if getattr(user, "role", "") != "enterprise" or not getattr(user, "entity_id", None):
        return None
    today = clock.today()
    rows = []
    for r in reminders_for(user, today):
        days = (r.deadline - today).days
        tone = "red" if r.alert.level == "紧急" else ("orange" if r.alert.level == "预警" else "blue")
        rows.append([Cell(r.subject, tone=tone), Cell(r.name, r.url), Cell(r.number), Cell(r.classes),
                     Cell(r.window), Cell(f"{cn_date(r.deadline)}（剩余 {days} 天）" if days >= 0
                                          else f"{cn_date(r.deadline)}（已过 {-days} 天）"),
                     Cell(r.todo)])
    return Section("续展与复评提醒", ["事项", "对象", "注册号/编号", "类别", "办理期间", "截止日期", "怎么办"], rows,
                   order=5, more_url="/alerts/" if rows else "", more_label="到预警列表办理",
                   empty="暂无需要办理的续展或复评。注册商标专用权期满前 12 个月内、认定有效期届满前 180 天内、"
                         "认证证书到期前 90 天内，会在这里提醒您。",
                   note="注册商标有效期满前 12 个月内可办理续展，期满后有 6 个月宽展期（须缴宽展费）；"
                        "逾期未续展的商标将被注销。" if rows else "")
