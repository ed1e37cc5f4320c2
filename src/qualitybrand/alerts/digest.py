"""The daily digest (warnings.md): each user gets the warnings that are new or have risen since its last
digest, by e-mail when QB_SMTP_URL is set, and as the page /alerts/digest/.

One `DigestRecord` per user and day (idempotent: a second run the same day writes and sends nothing, it
only retries an e-mail that failed). A record keeps every warning the user had that day as
(rule, key, level) and the details of the new or risen ones (`change` set): the next day's digest is
compared with the last record that reached the user (delivered, or kept as a page only), so a failed
e-mail's warnings are carried into the next one rather than lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction

from qualitybrand.alerts.engine import LEVEL_RANK, Alert
from qualitybrand.core import changelog, clock

log = logging.getLogger(__name__)

NEW, RISEN = "新增", "升级"


def smtp_enabled() -> bool:
    return bool(getattr(settings, "QB_SMTP_URL", ""))


def changes_since(alerts: list[Alert], known: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """(rule, key) → 新增 / 升级 for the warnings not in `known` or at a higher level than known."""
    out = {}
    for a in alerts:
        before = known.get((a.rule, a.key))
        if before is None:
            out[(a.rule, a.key)] = NEW
        elif LEVEL_RANK.get(a.level, 0) > LEVEL_RANK.get(before, 0):
            out[(a.rule, a.key)] = RISEN
    return out


def items_of(alerts: list[Alert], changes: dict, names: dict[str, str]) -> list[dict]:
    items = []
    for a in alerts:
        item = {"rule": a.rule, "key": a.key, "level": a.level}
        change = changes.get((a.rule, a.key))
        if change:
            item.update(change=change, rule_name=names.get(a.rule, a.rule), due=a.due.isoformat(),
                        message=a.message, label=a.label, url=a.url, region=a.region_code)
        items.append(item)
    return items


def is_pending(record, user) -> bool:
    """An e-mail is owed for this record (it has news, the user has an address, SMTP is set) and was not sent."""
    return (not record.emailed and smtp_enabled() and bool(getattr(user, "email", ""))
            and any(i.get("change") for i in record.items or []))


def baseline(user, day: date) -> dict[tuple[str, str], str]:
    """What the user already heard of: the warnings of its last record before `day` that reached it."""
    from qualitybrand.alerts.models import DigestRecord

    for record in DigestRecord.objects.filter(user=user, day__lt=day).order_by("-day")[:30]:
        if not is_pending(record, user):
            return {(i["rule"], i["key"]): i["level"] for i in record.items or []}
    return {}


def news(record) -> list[dict]:
    return [i for i in (record.items or []) if i.get("change")]


@dataclass
class RunResult:
    day: date
    created: int = 0
    emailed: int = 0
    failed: list[str] = field(default_factory=list)
    skipped: int = 0


def recipients():
    """Users who may own warnings (alerts/owners.py: the offices, leaders and departments of a region, the
    holder's enterprise users)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(role__in=("city_admin", "county", "leader", "department"), region__isnull=False)
                    | Q(role="enterprise", entity__isnull=False) | Q(is_superuser=True))
            .select_related("region").order_by("pk"))


def owned_by_each(users, day: date) -> dict[int, list[Alert]]:
    """What `engine.for_user` gives each of `users` on `day`, from one computation of every warning rather
    than one per user (a city has thousands of enterprise accounts): offices, leaders and superusers get
    the warnings of the regions in their scope, an enterprise those of its entity under the entity rules
    (`owners.entity_rule_codes`); a department (few, and the target.lag owner test lives in owners) is asked
    directly. tests/alerts/test_digest.py checks the result equals for_user for every role."""
    from qualitybrand.alerts import owners
    from qualitybrand.alerts.engine import compute, for_user
    from qualitybrand.core.models import Region
    from qualitybrand.core.roles import Role
    from qualitybrand.core.scoping import has_scoped_role, region_in_scope

    users = list(users)
    if not users:
        return {}
    everything = compute(day)
    by_code: dict[str, list[Alert]] = {}
    for alert in everything:
        by_code.setdefault(alert.region_code, []).append(alert)
    regions = list(Region.objects.filter(code__in=by_code))
    entity_rules = set(owners.entity_rule_codes())
    by_entity: dict[int, list[Alert]] = {}
    for alert in everything:
        if alert.entity_id is not None and alert.rule in entity_rules:
            by_entity.setdefault(alert.entity_id, []).append(alert)
    out: dict[int, list[Alert]] = {}
    for user in users:
        if user.is_superuser:
            out[user.pk] = everything
        elif user.role == Role.ENTERPRISE:
            out[user.pk] = by_entity.get(user.entity_id, []) if user.entity_id else []
        elif has_scoped_role(user, owners.OFFICE_ROLES):
            codes = {r.code for r in regions if region_in_scope(user, r)}
            out[user.pk] = [a for a in everything if a.region_code in codes]
        else:
            out[user.pk] = for_user(user, day)
    return out


def run(as_of: date | None = None) -> RunResult:
    """The digest of `as_of` (today by default) for every user; safe to run any number of times a day."""
    from qualitybrand.alerts.inbox import rule_names
    from qualitybrand.alerts.models import DigestRecord

    day = as_of or clock.today()
    result = RunResult(day)
    names = rule_names()
    done = {r.user_id: r for r in DigestRecord.objects.filter(day=day)}
    users = list(recipients().select_related("entity", "department"))
    owned = owned_by_each([u for u in users if u.pk not in done], day)
    for user in users:
        record = done.get(user.pk)
        if record is None:
            alerts = owned[user.pk]
            known = baseline(user, day)
            if not alerts and not known:
                result.skipped += 1  # a user with nothing gets nothing (not even a record)
                continue
            record = _save(user, day, items_of(alerts, changes_since(alerts, known), names))
            if record is None:
                continue  # a concurrent run made it
            result.created += 1
        if is_pending(record, user):
            if send(user, record):
                result.emailed += 1
            else:
                result.failed.append(user.username)
    return result


def _save(user, day: date, items: list[dict]):
    from qualitybrand.alerts.models import DigestRecord

    record = DigestRecord(user=user, day=day, items=items, emailed=False, created=clock.now())
    try:
        with transaction.atomic():
            record.save()
            changelog.record(user=None, action="create", obj=record,
                             after={"user": user.pk, "day": day.isoformat(), "items": len(items),
                                    "news": len(news(record))}, reason="预警摘要")
    except IntegrityError:
        return None
    return record


def render_text(user, record) -> tuple[str, str]:
    """(subject, body) of the e-mail."""
    items = news(record)
    urgent = sum(1 for i in items if i["level"] == "紧急")
    subject = f"【质量强市与品牌战略平台】{record.day:%Y-%m-%d} 预警摘要：新增或升级 {len(items)} 条" + (
        f"，其中紧急 {urgent} 条" if urgent else "")
    lines = [f"{user.display_name or user.username}，您好：", "",
             f"截至 {record.day:%Y年%m月%d日}，以下预警为自上次摘要以来新增或级别升高的："]
    for n, i in enumerate(items, 1):
        lines.append(f"{n}. 【{i['level']}】{i['rule_name']}（{i['change']}）：{i['message']}；"
                     f"到期日 {i['due']}。")
    lines += ["", "请登录平台“预警”页面查看详情并办理；已处理的预警可标记为已处理并填写说明。",
              "（本邮件由系统自动发送，请勿直接回复。）"]
    return subject, "\n".join(lines)


def send(user, record) -> bool:
    """E-mail the record's news; a failure is logged and retried by the next run, never raised."""
    from django.core.mail import EmailMessage

    subject, body = render_text(user, record)
    try:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()
    except Exception:  # any transport error: the next run tries again
        log.exception("预警摘要邮件发送失败：用户 %s（%s）", user.username, record.day)
        return False
    type(record).objects.filter(pk=record.pk).update(emailed=True)
    record.emailed = True
    changelog.record(user=None, action="update", obj=record, before={"emailed": False}, after={"emailed": True},
                     reason="预警摘要邮件已发送")
    return True
