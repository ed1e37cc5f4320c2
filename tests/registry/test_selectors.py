import datetime as dt

from qualitybrand.registry.selectors import credit_file, entity_for
from qualitybrand.supervision.selectors import blacklisted_on
from tests.api import factories as af
from tests.factories import EntityFactory, TrademarkFactory


def test_credit_file_and_blacklist_are_scoped(page_users, regions):
    e = EntityFactory(region=regions["620502"])
    TrademarkFactory(holder=e)
    af.BlacklistFactory(entity=e, listed=dt.date(2013, 1, 1), removed=dt.date(2014, 1, 1), removal_method="信用修复")
    county, other = page_users["county"], page_users["other_county"]
    assert entity_for(county, e.uscc.lower()) == e and entity_for(other, e.uscc) is None
    assert credit_file(county, e)["trademarks"].count() == 1
    assert credit_file(other, e)["trademarks"].count() == 0
    assert blacklisted_on(county, dt.date(2013, 6, 1)).count() == 1
    assert blacklisted_on(county, dt.date(2014, 1, 1)).count() == 0
    assert blacklisted_on(other, dt.date(2013, 6, 1)).count() == 0
