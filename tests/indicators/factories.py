"""Small record builders for hand-computed indicator tests (records carry their entity's region)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from qualitybrand.indicators.models import IndicatorValue
from qualitybrand.registry.models import (
    Certification,
    Entity,
    Patent,
    Pledge,
    Program,
    Publicity,
    Recognition,
    Service,
    Standard,
    Trademark,
)
from qualitybrand.supervision.models import Case, Incident, Inspection
from tests.factories import next_uscc

_n = itertools.count(1)
D = dt.date


def entity(region, kind="企业", established=D(2005, 1, 1), deregistered=None, name=None):
    n = next(_n)
    return Entity.objects.create(uscc=next_uscc(region.code[:6]), name=name or f"主体{n}", kind=kind, region=region,
                                 established=established, deregistered=deregistered)


def trademark(holder, registered=D(2011, 3, 1), applied=D(2010, 3, 1), expires=D(2021, 2, 28), cancelled=None,
              is_gi=False, madrid_number="", madrid_date=None):
    n = next(_n)
    return Trademark.objects.create(number=str(9000000 + n), name=f"商标{n}", classes=[7], holder=holder,
                                    region=holder.region, applied=applied, registered=registered, expires=expires,
                                    cancelled=cancelled, is_gi=is_gi, madrid_number=madrid_number,
                                    madrid_date=madrid_date)


def program(code="prov_famous_tm", name="省著名商标", object_kind="商标", level="省"):
    return Program.objects.get_or_create(code=code, defaults={"name": name, "object_kind": object_kind,
                                                              "level": level, "validity_years": 3})[0]


def recognition(prog, ent, year, valid_until=None):
    n = next(_n)
    return Recognition.objects.create(program=prog, entity=ent, region=ent.region, object_key=f"k{n}", year=year,
                                      valid_until=valid_until, product_name=f"产品{n}")


def patent(ent, filed, patent_type="发明", granted=None, legal_status="审中", is_service=True):
    n = next(_n)
    return Patent.objects.create(number=f"ZL{n:010d}", title=f"专利{n}", patent_type=patent_type, applicant=ent,
                                 region=ent.region, filed=filed, granted=granted, legal_status=legal_status,
                                 is_service=is_service)


def cert(ent, issued, expires, cert_type="ISO9001"):
    n = next(_n)
    return Certification.objects.create(number=f"C{n}", cert_type=cert_type, entity=ent, region=ent.region,
                                        issued=issued, expires=expires)


def standard(ent, published, level="国家", work_type="制定"):
    n = next(_n)
    return Standard.objects.create(number=f"GB {n}", name=f"标准{n}", level=level, work_type=work_type, entity=ent,
                                   region=ent.region, published=published)


def inspection(ent, sampled, conclusion="合格", level="省"):
    n = next(_n)
    return Inspection.objects.create(number=f"I{n}", level=level, product_category="食品", entity=ent,
                                     region=ent.region, sampled=sampled, conclusion=conclusion)


def incident(region, occurred, grade="一般"):
    n = next(_n)
    return Incident.objects.create(number=f"A{n}", occurred=occurred, domain="食品", grade=grade, region=region)


def case(region, opened, closed=None, goods_value=None, fines=None, transferred=False, case_type="其他"):
    n = next(_n)
    return Case.objects.create(number=f"K{n}", case_type=case_type, region=region, opened=opened, closed=closed,
                               goods_value=goods_value, fines=fines, transferred=transferred)


def pledge(ent, registered, expires, amount):
    n = next(_n)
    return Pledge.objects.create(number=f"P{n}", pledgor=ent, pledgee="银行", amount=Decimal(amount),
                                 registered=registered, expires=expires, region=ent.region)


def service(ent, date, person_times=1, problems=0):
    n = next(_n)
    return Service.objects.create(number=f"S{n}", date=date, entity=ent, region=ent.region, service_type="其他",
                                  person_times=person_times, problems=problems)


def publicity(region, date):
    n = next(_n)
    return Publicity.objects.create(number=f"X{n}", date=date, title=f"稿件{n}", media="日报", region=region)


def value(code, region, year, amount, status="审核通过"):
    return IndicatorValue.objects.create(code=code, region=region, year=year, value=Decimal(str(amount)),
                                         status=status)
