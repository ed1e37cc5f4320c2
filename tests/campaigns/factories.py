"""Campaigns, inspections and cases for the campaign tests."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from qualitybrand.campaigns import services
from qualitybrand.campaigns.models import Campaign, CampaignTask
from qualitybrand.core.models import Region
from qualitybrand.supervision.models import Case, Inspection
from tests.factories import EntityFactory, next_uscc

_serial = itertools.count(1)
START, END = dt.date(2014, 3, 1), dt.date(2014, 6, 30)


def campaign(counties=("620502", "620503"), *, owner="620500", categories="", status="实施中",
             start=START, end=END, title=None) -> Campaign:
    n = next(_serial)
    data = {"title": title or f"电线电缆专项整治{n}", "kind": "专项整治", "lead_department": "market",
            "departments": ["industry", "commerce"], "counties": list(counties), "start": start.isoformat(),
            "end": end.isoformat(), "categories": categories, "goals": "全面排查电线电缆生产经营单位。"}
    c = services.create_campaign(None, data, owner=Region.objects.get(code=owner))
    if status != c.status:
        Campaign.objects.filter(pk=c.pk).update(status=status)
        c.refresh_from_db()
    return c


def task(c: Campaign, county="620502", due=dt.date(2014, 5, 31), content="排查辖区电线电缆经营户") -> CampaignTask:
    return services.add_task(None, c, {"county": county, "due": due.isoformat(), "content": content})


def inspection(region, *, sampled=dt.date(2014, 4, 1), conclusion="合格", category="电线电缆", entity=None):
    entity = entity or EntityFactory(region=region, uscc=next_uscc(region.code[:6]))  # a township's code is 9 digits
    return Inspection.objects.create(number=f"CJ-T{next(_serial):05d}", level="市", product_category=category,
                                     entity=entity, region=entity.region, sampled=sampled, conclusion=conclusion)


def case(region, *, opened=dt.date(2014, 4, 10), closed=None, goods="1.50", fines=None, transferred=False,
         party=None):
    party = party or EntityFactory(region=region, uscc=next_uscc(region.code[:6]))
    return Case.objects.create(number=f"AJ-T{next(_serial):05d}", case_type="假冒伪劣", party=party,
                               region=party.region, opened=opened, closed=closed,
                               goods_value=Decimal(goods) if goods else None,
                               fines=Decimal(fines) if fines else None, transferred=transferred)
