"""Factories of the tracing tests: trace events written straight to the table (services have their own tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from qualitybrand.tracing.models import TraceEvent

_serial = itertools.count(1)


def event(kind: str, entity, code: str, *, counterparty=None, name: str = "", source: str = "",
          day: dt.date = dt.date(2014, 3, 1), quantity=None, product: str = "面粉", batch: str = "") -> TraceEvent:
    return TraceEvent.objects.create(
        number=f"SJ{next(_serial):06d}", kind=kind, entity=entity, region_id=entity.region_id, product=product,
        batch=batch or code, trace_code=code, counterparty=counterparty, counterparty_name=name,
        source_code=source, occurred=day, quantity=quantity, unit="袋" if quantity is not None else "")
