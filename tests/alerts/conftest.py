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
