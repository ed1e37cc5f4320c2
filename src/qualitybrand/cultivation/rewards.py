"""Reward payments (奖励资金): due payments created from recognitions and trademark events under the
reward policies, then paid (应付 → 已拨付) with a budget year. All writes change-logged, in bulk.

A payment whose entity a joint-restriction rule of `reward.pay` applies to on the day it is paid
(credit.md: a listed entity) is held instead (暂缓, with the rule's reason); a held payment is paid
like a due one once the rule no longer applies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from qualitybrand.core import changelog, clock
from qualitybrand.core.roles import Role
from qualitybrand.credit import restrictions
from qualitybrand.registry.models import Program, Recognition, Trademark

from .models import RewardPayment, RewardPolicy

GI_EVENT = "新注册地理标志商标"
MADRID_EVENT = "马德里国际注册"


def _policies_by_program(year: int) -> dict[int, list[RewardPolicy]]:
    out: dict[int, list[RewardPolicy]] = {}
    for policy in RewardPolicy.objects.filter(program__isnull=False):
        if policy.applies_to(year):
            out.setdefault(policy.program_id, []).append(policy)
    return out


def _payments_for_recognitions(recs, year_policies, policies_only=False) -> list[RewardPayment]:
    out = []
    for rec in recs:
        policies = year_policies(rec.year).get(rec.program_id)
        if policies:
            amount, policy = policies[0].amount, policies[0]
        elif rec.program.reward and not policies_only:
            amount, policy = rec.program.reward, None
        else:
            continue
        out.append(RewardPayment(policy=policy, program_id=rec.program_id, event="", entity_id=rec.entity_id,
                                 recognition=rec, object_key=rec.object_key, year=rec.year, amount=amount,
                                 region_id=rec.region_id))
    return out


def _payments_for_trademarks(year: int) -> list[RewardPayment]:
    out = []
    for event, q in ((GI_EVENT, Q(is_gi=True, registered__year=year)), (MADRID_EVENT, Q(madrid_date__year=year))):
        policy = next((p for p in RewardPolicy.objects.filter(event=event) if p.applies_to(year)), None)
        if policy is None:
            continue
        for tm in Trademark.objects.filter(q).only("id", "number", "holder_id", "region_id"):
            out.append(RewardPayment(policy=policy, program=None, event=event, entity_id=tm.holder_id, trademark=tm,
                                     object_key=tm.number, year=year, amount=policy.amount, region_id=tm.region_id))
    return out


def _save_new(user, payments: list[RewardPayment], reason: str) -> list[RewardPayment]:
    if not payments:
        return []
    years = {p.year for p in payments}
    existing = set(RewardPayment.objects.filter(year__in=years).values_list("program_id", "event", "object_key",
                                                                             "year"))
    fresh, seen = [], set()
    for p in payments:
        key = (p.program_id, p.event, p.object_key, p.year)
        if key in existing or key in seen:
            continue
        seen.add(key)
        fresh.append(p)
    if not fresh:
        return []
    created = RewardPayment.objects.bulk_create(fresh)
    if any(p.pk is None for p in created):  # a backend without RETURNING: read the ids back
        keys = {(p.program_id, p.event, p.object_key, p.year) for p in fresh}
        created = [p for p in RewardPayment.objects.filter(year__in=years)
                   if (p.program_id, p.event, p.object_key, p.year) in keys]
    changelog.record_many([changelog.build_entry(user=user, action="create", obj=p, before=None,
                                                 after=changelog.snapshot(p), reason=reason) for p in created])
    return created


@transaction.atomic
def create_rewards_for_recognition(user, recognition: Recognition) -> list[RewardPayment]:
    """The payment due for a new recognition, under its program's policy (or Program.reward)."""
    cache: dict[int, dict] = {}

    def year_policies(year):
        if year not in cache:
            cache[year] = _policies_by_program(year)
        return cache[year]

    return _save_new(user, _payments_for_recognitions([recognition], year_policies),
                     f"认定 {recognition.program.name} 应付奖励")


@transaction.atomic
def generate_rewards(user, year: int, *, policies_only: bool = False) -> list[RewardPayment]:
    """Every payment due for a year's recognitions and trademark events (GI, Madrid) not yet created.
    A program's policy comes first, its `reward` amount otherwise (not with `policies_only`)."""
    if user is not None and getattr(user, "role", "") != Role.CITY_ADMIN and not user.is_superuser:
        raise PermissionDenied("只有市级管理员可以生成奖励资金。")
    if not 1980 <= int(year) <= 2100:  # year 0 reached `registered__year` and a date that cannot exist
        raise ValidationError(f"年度 {year} 无效：应为 1980–2100 之间的四位年份。")
    policies = _policies_by_program(year)
    program_ids = set(policies)
    if not policies_only:
        program_ids |= set(Program.objects.filter(reward__gt=0).values_list("id", flat=True))
    recs = Recognition.objects.filter(year=year, program_id__in=program_ids).select_related("program")
    payments = _payments_for_recognitions(recs, lambda _y: policies, policies_only) + _payments_for_trademarks(year)
    return _save_new(user, payments, f"生成 {year} 年度奖励资金")


@dataclass
class PayOutcome:
    paid: int = 0
    held: list[tuple[RewardPayment, str]] = field(default_factory=list)  # (payment, reason)


def pay(user, payment_ids: list[int], *, budget_year: int, paid_on: dt.date) -> int:
    """应付 → 已拨付 for the selected payments within the user's scope; the number paid (see `pay_or_hold`)."""
    return pay_or_hold(user, payment_ids, budget_year=budget_year, paid_on=paid_on).paid


@transaction.atomic
def pay_or_hold(user, payment_ids: list[int], *, budget_year: int, paid_on: dt.date) -> PayOutcome:
    """应付/暂缓 → 已拨付 for the selected payments within the user's scope; a payment a `reward.pay` rule
    applies to today is held (暂缓) with the rule's reason instead, never silently."""
    if user is not None and getattr(user, "role", "") != Role.CITY_ADMIN and not user.is_superuser:
        raise PermissionDenied("只有市级管理员可以登记拨付。")
    if not 1980 <= int(budget_year) <= 2100:
        raise ValidationError(f"预算年度 {budget_year} 无效：应为四位年份。")
    qs = RewardPayment.objects.for_user(user, "change") if user is not None else RewardPayment.objects.all()
    rows = list(qs.filter(pk__in=payment_ids))
    if len(rows) != len(set(payment_ids)):
        raise ValidationError("所选奖励中有不存在或不在您管辖范围内的记录。")
    already = [p.pk for p in rows if p.status == RewardPayment.Status.PAID]
    if already:
        raise ValidationError(f"奖励 {', '.join(map(str, already))} 已拨付，不能重复拨付。")
    held_by = {entity_id: [r for r in found if r.effect == restrictions.HOLD or r.effect == restrictions.REFUSE]
               for entity_id, found in restrictions.restricted("reward.pay", clock.today(),
                                                               {p.entity_id for p in rows}).items()}
    outcome = PayOutcome()
    entries, paid, held = [], [], []
    for p in rows:
        before = changelog.snapshot(p)
        reasons = held_by.get(p.entity_id)
        if reasons:
            p.status, p.held_reason = RewardPayment.Status.HELD, "；".join(r.reason for r in reasons)[:500]
            held.append(p)
            outcome.held.append((p, p.held_reason))
            reason = f"暂缓拨付：{p.held_reason}"
        else:
            p.status, p.budget_year, p.paid_on, p.held_reason = (RewardPayment.Status.PAID, int(budget_year),
                                                                 paid_on, "")
            paid.append(p)
            reason = "登记拨付"
        entries.append(changelog.build_entry(user=user, action="update", obj=p, before=before,
                                             after=changelog.snapshot(p), reason=reason[:500]))
    RewardPayment.objects.bulk_update(paid, ["status", "budget_year", "paid_on", "held_reason"])
    RewardPayment.objects.bulk_update(held, ["status", "held_reason"])
    changelog.record_many(entries)
    outcome.paid = len(paid)
    return outcome
