"""A demo-like entity with a record of every kind the credit file shows (tests/credit/test_file*.py).

Dates around 2014-07-10 (the demo's today): the three-year window of the rating is
(2011-07-10, 2014-07-10]."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from qualitybrand.cultivation.models import Application, RewardPayment, State
from qualitybrand.registry.models import (
    Certification,
    Patent,
    Pledge,
    Publicity,
    Recognition,
    Service,
    Standard,
)
from qualitybrand.supervision.models import BlacklistEntry, Case, Inspection, RepairApplication
from tests.cultivation.factories import make_application, make_call
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory

AS_OF = dt.date(2014, 7, 10)


@dataclass
class FileData:
    entity: object
    mark: object
    failed: object      # 省级 不合格 inspection 2013-05-20: −10
    passed: object      # 市级 合格 inspection 2014-03-02
    case: object        # opened 2012-11-05, not transferred: −15
    old_case: object    # opened 2010-01-15: outside the window
    entry: object       # blacklist entry 2012-12-01, removed by 信用修复 2014-02-20
    repair: object
    application: object
    reward: object


def build_file(region, name="天水秦州酱醋有限公司") -> FileData:
    entity = EntityFactory(region=region, name=name, established=dt.date(2003, 4, 1))
    mark = TrademarkFactory(holder=entity, name="秦州老醋", number="8801234", classes=[30],
                            applied=dt.date(2008, 3, 1), registered=dt.date(2009, 6, 14), expires=dt.date(2019, 6, 13))
    program = ProgramFactory(code="famous_mark", name="甘肃省著名商标", object_kind="商标", level="省")
    Recognition.objects.create(program=program, entity=entity, trademark=mark, object_key=mark.number, year=2013,
                               valid_until=dt.date(2016, 12, 31), region=region)
    Patent.objects.create(number="CN201320012345.6", title="一种食醋发酵罐", patent_type="实用新型", applicant=entity,
                          filed=dt.date(2013, 1, 8), granted=dt.date(2013, 8, 21), legal_status="有效", region=region)
    Certification.objects.create(number="00113Q21234R0M", cert_type="ISO9001", entity=entity,
                                 issued=dt.date(2013, 9, 1), expires=dt.date(2016, 8, 31), region=region)
    Standard.objects.create(number="Q/QZJC 001-2012", name="秦州老陈醋", level="企业", work_type="制定",
                            entity=entity, published=dt.date(2012, 5, 4), region=region)
    failed = Inspection.objects.create(number="CJ2013-0520", level="省", product_category="食醋", entity=entity,
                                       sampled=dt.date(2013, 5, 20), conclusion="不合格", failed_items="总酸",
                                       region=region)
    passed = Inspection.objects.create(number="CJ2014-0302", level="市", product_category="食醋", entity=entity,
                                       sampled=dt.date(2014, 3, 2), conclusion="合格", region=region)
    case = Case.objects.create(number="天市监罚〔2012〕45号", case_type="质量违法", party=entity,
                               opened=dt.date(2012, 11, 5), closed=dt.date(2013, 2, 1), fines=Decimal("3.50"),
                               region=region)
    old_case = Case.objects.create(number="天市监罚〔2010〕3号", case_type="其他", party=entity,
                                   opened=dt.date(2010, 1, 15), closed=dt.date(2010, 3, 1), region=region)
    pledge = Pledge.objects.create(number="ZY2013-007", pledgor=entity, pledgee="天水农村商业银行",
                                   amount=Decimal("200.00"), registered=dt.date(2013, 10, 9),
                                   expires=dt.date(2015, 10, 8), region=region)
    pledge.trademarks.add(mark)
    Service.objects.create(number="FW2014-011", date=dt.date(2014, 4, 16), entity=entity, service_type="标准化",
                           person_times=6, problems=2, region=region)
    Publicity.objects.create(number="XC2014-03", date=dt.date(2014, 6, 1), title=f"{name}获评省著名商标",
                             media="天水日报", region=region)
    entry = BlacklistEntry.objects.create(entity=entity, listed=dt.date(2012, 12, 1), reason="拒不履行行政处罚决定",
                                          authority="天水市市场监督管理局", removed=dt.date(2014, 2, 20),
                                          removal_method="信用修复", region=region)
    repair = RepairApplication.objects.create(
        entry=entry, entity=entity, applicant_name="张经理", statement="已完成整改并缴清罚款",
        state="已修复", submitted=dt.date(2014, 1, 6), submitted_at=timezone.now(), due=dt.date(2014, 1, 27),
        decided=dt.date(2014, 1, 20), decision="同意", reasons="材料齐全，整改到位", region=region)
    call = make_call(region, [program])
    application = make_application(call, program, entity, trademark=mark, state=State.RECOGNISED)
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.make_aware(dt.datetime(2014, 6, 20, 10, 0)))
    application.refresh_from_db()
    reward = RewardPayment.objects.create(program=program, entity=entity, trademark=mark, object_key=mark.number,
                                          year=2014, amount=Decimal("10.00"), status="已拨付",
                                          paid_on=dt.date(2014, 7, 1), region=region)
    return FileData(entity, mark, failed, passed, case, old_case, entry, repair, application, reward)
