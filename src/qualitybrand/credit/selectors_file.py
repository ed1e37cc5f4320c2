"""Reads of the credit file's page and its .docx report (the sections themselves are credit/file.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from qualitybrand.core import changelog
from qualitybrand.core.roles import VIEW
from qualitybrand.credit import file as credit_file
from qualitybrand.credit import restrictions
from qualitybrand.credit.models import RestrictionRule
from qualitybrand.credit.rating import rating_for
from qualitybrand.registry.models import Entity


def entity_for(user, uscc: str):
    """The entity whose file the user may open, else 404 (the same answer whether it does not exist
    or lies outside the user's scope: a county never learns what another county holds)."""
    entity = (Entity.objects.for_user(user, VIEW).filter(uscc=uscc.strip().upper())
              .select_related("region").first())
    if entity is None:
        raise Http404("没有找到该市场主体，或您无权查看它的信用档案。")
    return entity


@dataclass
class RuleRow:
    rule: RestrictionRule
    applies: bool
    reason: str = ""  # why it applies, as the place that enforces it says it (credit.restrictions)


def restriction_rows(entity, as_of: dt.date) -> list[RuleRow]:
    """Every joint-restriction and incentive rule in force on as_of, marked whether it applies to the
    entity and why (`credit.restrictions.applicable`: the same decision every place enforces)."""
    applying = {r.rule_id: r.reason for r in restrictions.applicable(entity, as_of)}
    return [RuleRow(rule, rule.pk in applying, applying.get(rule.pk, "")) for rule in restrictions.rules_on(as_of)]


@dataclass
class FilePage:
    file: credit_file.CreditFile
    blacklist: list            # [(entry, status, tone)], newest first
    repairs: list              # [(application, status, tone)]
    restrictions: list[RuleRow]
    data_version: int
    reasons: list              # [(Reason, url of its record's page or "")]
    trustworthy: bool = False  # 守信 (red list) on as_of


def file_page(user, entity, as_of: dt.date) -> FilePage:
    rating = rating_for(entity, as_of)
    built = credit_file.build(entity, user, as_of, rating=rating)
    repairs = [(app, *credit_file.repair_status(app, as_of))
               for app in credit_file.repair_applications(entity, user, as_of)]
    urls = {e.record: e.url for e in built.events if e.record}
    return FilePage(built, credit_file.blacklist_history(entity, user, as_of), repairs,
                    restriction_rows(entity, as_of), changelog.data_version(),
                    [(r, urls.get(r.record, "")) for r in rating.reasons],
                    entity.pk in restrictions.redlist_ids(as_of, [entity.pk]))
