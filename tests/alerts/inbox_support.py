"""Helpers of the inbox, digest and reminder tests: people and marks on a fixed day."""

from __future__ import annotations

import datetime as dt

from tests.accounts.factories import make_user
from tests.factories import EntityFactory, TrademarkFactory

D = dt.date(2014, 7, 10)


def people(regions):
    firm = EntityFactory(region=regions["620502"], name="天水长城电工有限公司")
    other = EntityFactory(region=regions["620503"], name="麦积果业有限公司")
    return {
        "firm": firm, "other": other,
        "city": make_user(role="city_admin", region=regions["620500"], email="city@example.cn"),
        "county": make_user(role="county", region=regions["620502"], email="qz@example.cn"),
        "neighbour": make_user(role="county", region=regions["620503"], email="mj@example.cn"),
        "firm_user": make_user(role="enterprise", region=regions["620502"], entity=firm, email="firm@example.cn"),
    }


def mark(holder, number: str, expires: dt.date, name: str = "长城", classes=(9, 35)):
    return TrademarkFactory(holder=holder, number=number, name=name, classes=list(classes), expires=expires,
                            registered=dt.date(2004, 1, 1), applied=dt.date(2003, 1, 1))
