import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_includes_imports(city_user):
    client = APIClient()
    client.force_authenticate(city_user)
    r = client.get("/api/schema/")
    assert r.status_code == 200
    assert b"/api/v1/imports/" in r.content
