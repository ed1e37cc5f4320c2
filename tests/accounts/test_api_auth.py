import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIRequestFactory

from qualitybrand.accounts.authentication import QBTokenAuthentication
from qualitybrand.accounts.models import User


@pytest.mark.django_db
def test_token_auth_refuses_locked_and_inactive(county_user):
    from rest_framework import exceptions

    token = Token.objects.create(user=county_user)
    auth = QBTokenAuthentication()
    request = APIRequestFactory().get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert auth.authenticate(request)[0] == county_user
    User.objects.filter(pk=county_user.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=5))
    with pytest.raises(exceptions.PermissionDenied) as info:
        auth.authenticate(request)
    assert "账号已锁定" in str(info.value.detail)
    User.objects.filter(pk=county_user.pk).update(locked_until=None, is_active=False)
    with pytest.raises(exceptions.AuthenticationFailed):
        auth.authenticate(request)


@pytest.mark.django_db
def test_anonymous_api_refused_and_token_answers(client, county_user):
    response = client.get("/api/v1/regions/")
    assert response.status_code in (401, 403) and "detail" in response.json()
    token = Token.objects.create(user=county_user)
    response = client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert {r["code"] for r in response.json()["results"]} == {"620502"}
