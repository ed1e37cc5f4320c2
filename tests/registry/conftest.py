import pytest

from tests.api.conftest import make_user
from tests.factories import EntityFactory


@pytest.fixture
def page_users(regions):
    own = EntityFactory(region=regions["620502"], name="秦州企业甲有限公司")
    return {
        "city": make_user("city_admin", regions["620500"]),
        "county": make_user("county", regions["620502"]),
        "other_county": make_user("county", regions["620503"]),
        "leader": make_user("leader", regions["620500"]),
        "enterprise": make_user("enterprise", regions["620502"], entity=own),
        "own_entity": own,
    }


@pytest.fixture
def login(client):
    def as_user(user):
        client.force_login(user)
        return client
    return as_user
