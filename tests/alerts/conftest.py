import pytest

from tests.factories import EntityFactory


@pytest.fixture
def holder(regions):
    """An entity of 秦州区 (620502)."""
    return EntityFactory(region=regions["620502"], name="天水长城电工有限公司")


@pytest.fixture
def other_holder(regions):
    """An entity of 麦积区 (620503)."""
    return EntityFactory(region=regions["620503"], name="麦积果业有限公司")


@pytest.fixture
def marks(holder, other_holder):
    """Three marks in the renewal window on 2014-07-10: two of 秦州区, one of 麦积区."""
    import datetime as dt

    from tests.factories import TrademarkFactory

    return [TrademarkFactory(holder=holder, number="10000101", name="长城", classes=[9],
                             expires=dt.date(2014, 9, 30)),
            TrademarkFactory(holder=holder, number="10000102", name="长城电工", classes=[7, 9],
                             expires=dt.date(2015, 3, 1)),
            TrademarkFactory(holder=other_holder, number="10000103", name="花牛", classes=[31],
                             expires=dt.date(2014, 8, 1))]
