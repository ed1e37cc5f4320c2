"""Builders for the portal's directory, 公示 and form tests (portalpublic)."""

from __future__ import annotations

import datetime as dt
import time

from qualitybrand.cultivation.models import Application, State
from qualitybrand.portal.forms import make_stamp
from qualitybrand.portal.models import Objection
from qualitybrand.registry.models import Recognition
from tests.cultivation.factories import make_call
from tests.factories import EntityFactory, ProgramFactory, TrademarkFactory

TODAY = dt.date(2014, 7, 10)


def recognition(region, name: str, *, level="省", program=None, holder=None, year=2013, valid_until=dt.date(2016, 12, 31),
                product="") -> Recognition:
    """A recognised trademark `name` (or product when `product`) held by an entity of `region`."""
    holder = holder or EntityFactory(region=region, name=f"{name}有限公司")
    program = program or ProgramFactory(level=level, object_kind="产品" if product else "商标")
    mark = None if product else TrademarkFactory(holder=holder, name=name)
    key = f"{holder.uscc}|{product}" if product else mark.number
    return Recognition.objects.create(program=program, entity=holder, trademark=mark, product_name=product,
                                      object_key=key, year=year, valid_until=valid_until, region=region)


def notice_application(region, *, start=dt.date(2014, 7, 5), end=dt.date(2014, 7, 12), name=None,
                       state=State.NOTICE) -> Application:
    """An application on 公示 from `start` to `end` (made directly: the workflow is cultivation's)."""
    program = ProgramFactory(level="市", object_kind="企业")
    entity = EntityFactory(region=region, **({"name": name} if name else {}))
    call = make_call(region, [program])
    return Application.objects.create(call=call, program=program, entity=entity, object_key=entity.uscc, year=2014,
                                      state=state, notice_start=start, notice_end=end, region=region)


def objection(region, *, name="异议人甲", contact="13911112222", text="该企业去年有质量问题。", app=None) -> Objection:
    app = app or notice_application(region)
    return Objection.objects.create(region=region, target_kind="application", target_id=app.pk,
                                    target_label=f"异议样例 {region.name}", name=name, contact=contact, text=text,
                                    receipt=f"YYT{app.pk:09d}")


def old_stamp(seconds: float = 10) -> str:
    return make_stamp(time.time() - seconds)
