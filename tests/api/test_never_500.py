"""Hostile input never produces a 500: every resource answers 400/403/404 with Chinese text."""

from __future__ import annotations

import pytest

from tests.api.test_resources import RESOURCES

HOSTILE_VALUES = [None, "", "x" * 5000, -1, 10**30, 1.5, True, [], {}, ["a"], "２０１３-０１-０１", "9999-99-99",
                  "<script>", "0000-00-00", "1e400", "NaN"]


@pytest.mark.parametrize("prefix", sorted(RESOURCES) + ["programs"])
def test_hostile_payloads_and_params(prefix, users, client_for):
    client = client_for(users["city"])
    fields = client.options(f"/api/v1/{prefix}/").json().get("actions", {}).get("POST", {})
    names = [n for n, meta in fields.items() if not meta.get("read_only")] or ["name"]
    for value in HOSTILE_VALUES:
        response = client.post(f"/api/v1/{prefix}/", {n: value for n in names}, format="json")
        assert response.status_code == 400, (prefix, value, response.content[:300])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()))
    for params in ({"year": 10**30}, {"page": 10**30}, {"page_size": -5}, {"search": "%_\\'\""},
                   {"region": "x" * 3000}, {"valid_on": "2013-02-30"}, {"ordering": "password"},
                   {"exists_on": "0001-01-01"}, {"nice_class": "1e3"}):
        response = client.get(f"/api/v1/{prefix}/", params)
        assert response.status_code in {200, 400, 404}, (prefix, params, response.content[:300])
    for key in ("0", "-1", "9" * 40, "%E4%B8%AD", "a.b"):
        assert client.get(f"/api/v1/{prefix}/{key}/").status_code == 404
