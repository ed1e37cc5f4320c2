"""The credit file (信用档案, credit.md): every record of every ledger and workflow that names one
entity, as one timeline and grouped by kind, with the effect of each on the rating.

Each kind is a *section*: a function `fn(entity, user, as_of) -> iterable of Event` that reads its
records in one query (scoped through `for_user`, so a section never shows what the user may not
see). The registries and supervision are at or below credit and are read here; a higher app
(cultivation: applications and reward payments; later complaints and inspection follow-ups)
registers its own sections from its `AppConfig.ready()`:

    from qualitybrand.credit import file
    file.register_section("applications", "申报", applications_section, order=110)

Records dated after `as_of` are left out, so the file reads as it stood on that day.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from qualitybrand.core.roles import VIEW

log = logging.getLogger(__name__)


@dataclass
class Event:
    """One record of the file as the timeline shows it."""

    day: dt.date | None
    kind: str
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value), a few short ones
    url: str = ""
    record: str = ""        # "inspections:CJ0000012": matches `credit.rating.Reason.record`
    tone: str = ""          # a status tag colour: green | blue | orange | red | grey
    status: str = ""        # the tag's text (有效, 不合格, 在列 …)
    day_label: str = ""     # how the date reads when the record has only a year (“2013年度”)
    effect: int | None = None  # points this record moved the rating by on as_of (None: no points)
    effect_note: str = ""   # an effect without points (a listing makes the grade D)
    label: str = ""         # the kind's Chinese name (filled in by `build`)

    @property
    def when(self) -> str:
        if self.day_label:
            return self.day_label
        return self.day.isoformat() if self.day else "—"


@dataclass
class Section:
    kind: str
    label: str
    fn: Callable[..., Iterable[Event]]
    order: int = 100


@dataclass
class Group:
    kind: str
    label: str
    events: list[Event]

    @property
    def count(self) -> int:
        return len(self.events)


@dataclass
class CreditFile:
    entity: object
    as_of: dt.date
    events: list[Event]      # the timeline, newest first
    groups: list[Group]      # by kind, in section order (every section, also the empty ones)
    rating: object = None    # credit.rating.Rating on as_of

    @property
    def total(self) -> int:
        return len(self.events)

    def group(self, kind: str) -> Group | None:
        return next((g for g in self.groups if g.kind == kind), None)


SECTIONS: dict[str, Section] = {}


def register_section(kind: str, label: str, fn: Callable[..., Iterable[Event]], order: int = 100) -> None:
    """Add (or replace: `ready()` may run twice in tests) the section of one kind of record."""
    SECTIONS[kind] = Section(kind, label, fn, order)


def sections() -> list[Section]:
    return sorted(SECTIONS.values(), key=lambda s: (s.order, s.kind))


def build(entity, user, as_of: dt.date, *, rating=None) -> CreditFile:
    """The file of `entity` as `user` may see it on `as_of`: one query per section."""
    groups: list[Group] = []
    for section in sections():
        events = list(section.fn(entity, user, as_of))
        for event in events:
            event.label = section.label
        events.sort(key=_newest_first)
        groups.append(Group(section.kind, section.label, events))
    if rating is not None:
        points: dict[str, int] = {}
        graded: set[str] = set()
        for reason in rating.reasons:
            if reason.points is None:
                graded.add(reason.record)
            else:
                points[reason.record] = points.get(reason.record, 0) + reason.points
        for group in groups:
            for event in group.events:
                if not event.record:
                    continue
                event.effect = points.get(event.record)
                if event.record in graded:
                    event.effect_note = "信用等级评为 D"
    timeline = sorted((e for g in groups for e in g.events), key=_newest_first)
    return CreditFile(entity, as_of, timeline, groups, rating)


def _newest_first(event: Event):
    # undated records (none of the built-in kinds) go last; ties read in kind, then title order
    return (-(event.day.toordinal() if event.day else 0), event.kind, event.title)


def cn(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def _amount(value) -> str:
    return "—" if value is None else f"{value:,.2f} 万元"


# --- the built-in sections (registries and supervision) ----------------------------------------

def trademarks(entity, user, as_of):
    from qualitybrand.registry.models import Trademark

    qs = Trademark.objects.for_user(user, VIEW).filter(holder=entity, applied__lte=as_of).order_by("id")
    for t in qs:
        if t.cancelled and t.cancelled <= as_of:
            status, tone = "已注销", "grey"
        elif t.registered is None or t.registered > as_of:
            status, tone = "申请中", "blue"
        elif t.expires and t.expires < as_of:
            status, tone = "已过期", "grey"
        else:
            status, tone = "有效", "green"
        registered = t.registered if t.registered and t.registered <= as_of else None
        yield Event(registered or t.applied, "trademarks", f"商标“{t.name}”（{t.number}）"
                    + ("注册" if registered else "申请"),
                    [("国际分类", "、".join(str(c) for c in t.classes) or "—"),
                     ("专用权期限至", cn(t.expires))] + ([("地理标志", "是")] if t.is_gi else []),
                    t.get_absolute_url(), f"trademarks:{t.number}", tone, status)


def recognitions(entity, user, as_of):
    from qualitybrand.registry.models import Recognition

    # for a 商标 program the mark's holder is the entity (credit.md, rec.valid)
    qs = (Recognition.objects.for_user(user, VIEW)
          .filter(Q(entity=entity) | Q(trademark__holder=entity), year__lte=as_of.year)
          .select_related("program", "trademark", "entity").order_by("id"))
    for r in qs:
        valid = r.valid_until is None or r.valid_until >= as_of
        yield Event(dt.date(r.year, 1, 1), "recognitions", f"获认定：{r}",
                    [("项目", r.program.name), ("认定方式", r.method), ("有效期至", cn(r.valid_until))],
                    r.get_absolute_url(), f"recognitions:{r.program.code}|{_recognition_object(r)}|{r.year}",
                    "green" if valid else "grey", "有效" if valid else "已过期", day_label=f"{r.year}年度")


def _recognition_object(r) -> str:
    """The recognition's object as the rating's reasons name it (credit/reasons.py, warnings.md): the
    mark's number, USCC/产品名称, or the USCC."""
    if r.program.object_kind == "商标" and r.trademark_id:
        return r.trademark.number
    if r.program.object_kind == "产品":
        return f"{r.entity.uscc}/{r.product_name}"
    return r.entity.uscc


def patents(entity, user, as_of):
    from qualitybrand.registry.models import Patent

    qs = Patent.objects.for_user(user, VIEW).filter(applicant=entity, filed__lte=as_of).order_by("id")
    for p in qs:
        granted = p.granted if p.granted and p.granted <= as_of else None
        yield Event(p.filed, "patents", f"{p.patent_type}专利“{p.title}”（{p.number}）",
                    [("授权公告日", cn(granted)), ("法律状态", p.legal_status)],
                    p.get_absolute_url(), f"patents:{p.number}",
                    {"有效": "green", "审中": "blue"}.get(p.legal_status, "grey"), p.legal_status)


def certifications(entity, user, as_of):
    from qualitybrand.registry.models import Certification

    qs = Certification.objects.for_user(user, VIEW).filter(entity=entity, issued__lte=as_of).order_by("id")
    for c in qs:
        valid = c.expires >= as_of
        yield Event(c.issued, "certifications", f"{c.cert_type} 认证证书（{c.number}）",
                    [("有效期至", cn(c.expires))] + ([("认证范围", c.scope_text)] if c.scope_text else []),
                    c.get_absolute_url(), f"certifications:{c.number}",
                    "green" if valid else "grey", "有效" if valid else "已过期")


def standards(entity, user, as_of):
    from qualitybrand.registry.models import Standard

    qs = Standard.objects.for_user(user, VIEW).filter(entity=entity, published__lte=as_of).order_by("id")
    for s in qs:
        yield Event(s.published, "standards", f"主要起草{s.level}标准 {s.number}《{s.name}》",
                    [("工作类型", s.work_type)], s.get_absolute_url(), f"standards:{s.number}", "blue", s.level)


def inspections(entity, user, as_of):
    from qualitybrand.supervision.models import Inspection

    qs = Inspection.objects.for_user(user, VIEW).filter(entity=entity, sampled__lte=as_of).order_by("id")
    for i in qs:
        failed = i.conclusion == "不合格"
        facts = [("抽查级别", i.level), ("产品类别", i.product_category)]
        if failed and i.failed_items:
            facts.append(("不合格项目", i.failed_items))
        yield Event(i.sampled, "inspections", f"{i.level}级监督抽查 {i.number}：{i.product_category}",
                    facts, i.get_absolute_url(), f"inspections:{i.number}",
                    "red" if failed else "green", i.conclusion)


def cases(entity, user, as_of):
    from qualitybrand.supervision.models import Case

    qs = Case.objects.for_user(user, VIEW).filter(party=entity, opened__lte=as_of).order_by("id")
    for c in qs:
        closed = c.closed if c.closed and c.closed <= as_of else None
        facts = [("案件类型", c.case_type), ("结案日期", cn(closed)), ("罚没金额", _amount(c.fines))]
        if c.transferred:
            facts.append(("移送司法", "是"))
        yield Event(c.opened, "cases", f"立案查处 {c.number}（当事人）", facts, c.get_absolute_url(),
                    f"cases:{c.number}", "grey" if closed else "red", "已结案" if closed else "办理中")


def pledges(entity, user, as_of):
    from qualitybrand.registry.models import Pledge

    qs = (Pledge.objects.for_user(user, VIEW).filter(pledgor=entity, registered__lte=as_of)
          .prefetch_related("trademarks").order_by("id"))
    for p in qs:
        active = p.expires > as_of
        yield Event(p.registered, "pledges", f"商标专用权质押登记 {p.number}",
                    [("质权人", p.pledgee), ("质押金额", _amount(p.amount)), ("到期日期", cn(p.expires)),
                     ("商标", "、".join(t.name for t in p.trademarks.all()) or "—")],
                    p.get_absolute_url(), f"pledges:{p.number}",
                    "blue" if active else "grey", "在押" if active else "已到期")


def services(entity, user, as_of):
    from qualitybrand.registry.models import Service

    qs = Service.objects.for_user(user, VIEW).filter(entity=entity, date__lte=as_of).order_by("id")
    for s in qs:
        yield Event(s.date, "services", f"企业服务：{s.service_type}（{s.number}）",
                    [("服务人次", str(s.person_times)), ("解决问题数", str(s.problems))],
                    s.get_absolute_url(), f"services:{s.number}")


def publicity(entity, user, as_of):
    """Reports that name the entity in their title: the ledger has no entity column (ledgers.md), so
    the entity's full name in the title of a report of its region or above is the link."""
    from qualitybrand.registry.models import Publicity

    ancestors = [c for c in entity.region.path.strip("/").split("/") if c]
    qs = (Publicity.objects.for_user(user, VIEW)
          .filter(title__contains=entity.name, date__lte=as_of, region__code__in=ancestors).order_by("id"))
    for p in qs:
        yield Event(p.date, "publicity", f"宣传报道：{p.title}", [("媒体", p.media)],
                    p.get_absolute_url(), f"publicity:{p.number}")


def blacklist(entity, user, as_of):
    """Each listing, and its removal as a second event once it happened on or before as_of."""
    for entry, status, tone in blacklist_history(entity, user, as_of):
        key = f"blacklist:{entity.uscc}|{entry.listed.isoformat()}"
        facts = [("列入事由", entry.reason), ("决定机关", entry.authority)]
        yield Event(entry.listed, "blacklist", "列入严重违法失信名单", facts, entry.get_absolute_url(), key,
                    tone, status)
        if entry.removed and entry.removed <= as_of:
            yield Event(entry.removed, "blacklist", f"移出严重违法失信名单（{entry.removal_method or '移出'}）",
                        [("列入日期", cn(entry.listed))], entry.get_absolute_url(), "", "grey",
                        entry.removal_method or "已移出")


def blacklist_history(entity, user, as_of) -> list[tuple[object, str, str]]:
    """The entity's blacklist entries listed on or before as_of, newest first, each with its status on
    that day as the blacklist words it (`supervision.selectors.entry_status`: 公示中 / 修复申请中 /
    期满待移出 / 已移出（信用修复）…) and the tag colour. Two queries: the entries and the repairs."""
    from qualitybrand.supervision.models import BlacklistEntry
    from qualitybrand.supervision.selectors import entry_status

    entries = list(BlacklistEntry.objects.for_user(user, VIEW).filter(entity=entity, listed__lte=as_of)
                   .order_by("-listed", "-id"))
    pending = {app.entry_id for app in repair_applications(entity, user, as_of)
               if repair_status(app, as_of)[0] == "待审核"}
    rows = []
    for entry in entries:
        entry.pending_repair = entry.pk in pending  # pending on as_of, not today
        rows.append((entry, *entry_status(entry, as_of)))
    return rows


def repair_applications(entity, user, as_of) -> list:
    """The entity's credit repair applications submitted on or before as_of, newest first (the decision
    counts only once it was taken on or before as_of)."""
    from qualitybrand.supervision.selectors import repairs_for

    return list(repairs_for(user).filter(entity=entity, submitted__lte=as_of).order_by("-submitted", "-id"))


def repair_status(app, as_of) -> tuple[str, str]:
    if app.decided and app.decided <= as_of and app.state != "待审核":
        return app.state, "green" if app.state == "已修复" else "red"
    return "待审核", "orange"


def repairs(entity, user, as_of):
    for app in repair_applications(entity, user, as_of):
        url = _url(app)
        yield Event(app.submitted, "repairs", f"申请信用修复（列入日期 {cn(app.entry.listed)} 的名单记录）",
                    [("申请人", app.applicant_name or "—"), ("办理期限", cn(app.due))], url,
                    f"repairs:{app.pk}", "orange", "待审核" if not app.decided or app.decided > as_of else "已申请")
        status, tone = repair_status(app, as_of)
        if status != "待审核":
            facts = [("理由", app.reasons)] if app.reasons else []
            yield Event(app.decided, "repairs", f"信用修复决定：{app.decision or status}", facts, url,
                        f"repairs:{app.pk}", tone, status)


def _url(obj) -> str:
    """The record's page, or "" while the app that shows it has no page for it yet."""
    from django.urls import NoReverseMatch

    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


for _order, (_kind, _label, _fn) in enumerate([
    ("blacklist", "失信名单", blacklist), ("repairs", "信用修复", repairs), ("cases", "执法案件", cases),
    ("inspections", "监督抽查", inspections),
    ("recognitions", "荣誉认定", recognitions), ("certifications", "认证证书", certifications),
    ("trademarks", "商标", trademarks), ("patents", "专利", patents), ("standards", "标准", standards),
    ("pledges", "商标质押", pledges), ("services", "企业服务", services), ("publicity", "宣传报道", publicity),
], start=1):
    register_section(_kind, _label, _fn, order=_order * 10)
