"""Reads of the credit file's page and its .docx report (the sections themselves are credit/file.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.http import Http404

from qualitybrand.core import changelog
from qualitybrand.core.roles import VIEW
from qualitybrand.credit import file as credit_file
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


def restriction_rows(rating, as_of: dt.date) -> list[RuleRow]:
    """The joint-restriction and incentive rules in force on as_of, each marked whether it applies to
    the rated entity. Read from the rules table (credit/models.py): until the restrictions helper's
    `credit.restrictions.check` is merged this is the page's own reading of the table, by trigger
    (listed / grade) only.  TODO(credit-file): switch to `restrictions.check` when it lands."""
    rules = (RestrictionRule.objects.filter(active=True, since__lte=as_of)
             .exclude(until__lte=as_of).order_by("place", "id"))
    rows = []
    for rule in rules:
        if rule.trigger == "listed":
            applies = bool(rating and rating.listed)
        else:
            grades = {g.strip().upper() for g in rule.grades.replace("，", ",").split(",") if g.strip()}
            applies = bool(rating and rating.grade in grades)
        rows.append(RuleRow(rule, applies))
    return rows


@dataclass
class FilePage:
    file: credit_file.CreditFile
    blacklist: list            # [(entry, status, tone)], newest first
    repairs: list              # [(application, status, tone)]
    restrictions: list[RuleRow]
    data_version: int
    reasons: list              # [(Reason, url of its record's page or "")]


def file_page(user, entity, as_of: dt.date) -> FilePage:
    rating = rating_for(entity, as_of)
    built = credit_file.build(entity, user, as_of, rating=rating)
    repairs = [(app, *credit_file.repair_status(app, as_of))
               for app in credit_file.repair_applications(entity, user, as_of)]
    urls = {e.record: e.url for e in built.events if e.record}
    return FilePage(built, credit_file.blacklist_history(entity, user, as_of), repairs,
                    restriction_rows(rating, as_of), changelog.data_version(),
                    [(r, urls.get(r.record, "")) for r in rating.reasons])
