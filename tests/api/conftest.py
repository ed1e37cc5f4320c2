import itertools

import pytest
from rest_framework.test import APIClient

from qualitybrand.accounts.models import User
from tests.factories import EntityFactory

_n = itertools.count(1)


def make_user(role, region, **extra):
    """A user without a hashed password (API tests authenticate directly; hashing is slow)."""
    return User.objects.create(username=f"api{next(_n)}", role=role, region=region, **extra)


@pytest.fixture
def client_for():
    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client
    return make


@pytest.fixture
def users(regions):
    own = EntityFactory(region=regions["620502"], name="秦州企业甲有限公司")
    return {
        "city": make_user("city_admin", regions["620500"]),
        "county": make_user("county", regions["620502"]),
        "other_county": make_user("county", regions["620503"]),
        "leader": make_user("leader", regions["620500"]),
        "department": make_user("department", regions["620500"]),
        "expert": make_user("expert", regions["620500"]),
        "enterprise": make_user("enterprise", regions["620502"], entity=own),
        "own_entity": own,
    }
