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


# --- the 500s reported in issue 12 (schemathesis, city and county tokens), one test per class ---

def _chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


@pytest.mark.parametrize("prefix", ["cases", "services", "incidents", "inspections", "entities", "applications",
                                    "rewards", "indicator-values", "change-log", "regions"])
@pytest.mark.parametrize("who", ["city", "county"])
def test_region_that_is_no_code_is_refused_with_400(prefix, who, users, client_for):
    client = client_for(users[who])
    for value in ("%", "%25", "%(x)s", "62%", "x" * 300):
        response = client.get(f"/api/v1/{prefix}/", {"region": value})
        assert response.status_code == 400, (prefix, value, response.content[:200])
        body = response.json()
        assert isinstance(body["detail"], str) and _chinese(body["detail"])
        assert "不存在" in body["region"][0]
    assert client.get(f"/api/v1/{prefix}/", {"region": "620502"}).status_code == 200


def test_region_filter_takes_a_former_code_on_hand_written_filters(users, client_for, regions):
    from qualitybrand.core.models import RegionAlias

    RegionAlias.objects.create(code="620599", region=regions["620502"])
    response = client_for(users["city"]).get("/api/v1/regions/", {"region": "620599"})
    assert response.status_code == 200
    assert [r["code"] for r in response.json()["results"]] == ["620502"]


@pytest.mark.parametrize("method,path", [
    ("post", "/api/v1/applications/"), ("post", "/api/v1/applications/bulk/"), ("post", "/api/v1/rewards/generate/"),
    ("post", "/api/v1/rewards/pay/"), ("post", "/api/v1/notifications/read/"), ("post", "/api/v1/calls/"),
    ("post", "/api/v1/indicator-values/"), ("patch", "/api/v1/indicator-values/{iv}/"),
    ("put", "/api/v1/indicator-values/{iv}/"), ("post", "/api/v1/entities/"),
])
@pytest.mark.parametrize("body", ["[]", "[1, 2]", '"text"', "7", "null", "true"])
def test_body_that_is_no_json_object_is_refused_with_400(method, path, body, users, client_for, regions):
    from decimal import Decimal

    from qualitybrand.indicators.models import IndicatorValue

    iv = IndicatorValue.objects.create(code="env.air_good_days", region=regions["620502"], year=2013,
                                       value=Decimal(300))
    for who in ("city", "county"):
        response = getattr(client_for(users[who]), method)(path.format(iv=iv.pk), body,
                                                           content_type="application/json")
        assert response.status_code == 400, (who, path, body, response.content[:200])
        assert "JSON 对象" in response.json()["detail"]


def test_reward_year_out_of_range_is_refused(users, client_for):
    from qualitybrand.cultivation.models import RewardPolicy

    # a trademark-event policy for every year: year 0 reached `registered__year=0` (a date that cannot be)
    RewardPolicy.objects.create(name="地理标志商标奖励", event="新注册地理标志商标", amount=10)
    client = client_for(users["city"])
    for year in (0, -1, 1, 99999, 10**30, "二〇一三", "²"):
        response = client.post("/api/v1/rewards/generate/", {"year": year}, format="json")
        assert response.status_code == 400, (year, response.content[:200])
        assert _chinese(response.json()["detail"])
    assert client.post("/api/v1/rewards/generate/", {"year": 2013}, format="json").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/rounds/{key}/", "/api/v1/rounds/{key}/results/",
                                  "/api/v1/incidents/{key}/", "/api/v1/cases/{key}/", "/api/v1/services/{key}/",
                                  "/api/v1/applications/{key}/", "/api/v1/applications/{key}/timeline/",
                                  "/api/v1/indicator-values/{key}/", "/api/v1/rewards/{key}/",
                                  "/api/v1/calls/{key}/", "/api/v1/change-log/{key}/"])
def test_odd_primary_keys_answer_404(path, users, client_for):
    client = client_for(users["city"])
    # “²” passes str.isdigit but not int(); other decimal digits (“٣”, “１”) are numbers to Django as to int()
    for key in ("x", "%C2%B2", "%E2%91%A0", "1.5", "-1", "1e3", "9" * 30):
        response = client.get(path.format(key=key))
        assert response.status_code == 404, (path, key, response.content[:200])
        assert _chinese(response.json()["detail"])


@pytest.mark.parametrize("params", [{"year": "²"}, {"year": "²²²²"}, {"call": "²"}, {"import_batch": "²"}])
def test_superscript_digits_in_number_parameters(params, users, client_for):
    client = client_for(users["city"])
    for prefix in ("applications", "calls", "rewards", "indicator-values", "change-log", "target-sets",
                   "rewards/totals", "indicators"):
        response = client.get(f"/api/v1/{prefix}/", params)
        assert response.status_code in {200, 400}, (prefix, params, response.content[:200])


@pytest.mark.parametrize("url,params", [
    ("/api/v1/entities/", {"search": "a\x00b"}), ("/api/v1/applications/", {"state": "\x00"}),
    ("/api/v1/change-log/", {"user": "\x00"}), ("/api/v1/rewards/totals/", {"status": "\x00"}),
    ("/api/v1/entities/%00/", {}), ("/api/v1/programs/%00/", {}), ("/api/v1/target-sets/x%00/progress/", {}),
    ("/api/v1/indicators/", {"code": "\x00"}), ("/api/v1/entities/", {"\x00": "1"}),
])
def test_nul_in_the_address_is_refused_with_400(url, params, users, client_for):
    # PostgreSQL refuses NUL in any statement: wherever it reached a query, it was a 500
    response = client_for(users["city"]).get(url, params)
    assert response.status_code == 400, (url, params, response.content[:200])
    assert "NUL" in response.json()["detail"]


def test_nul_in_a_page_address_is_refused_with_400(users, client):
    client.force_login(users["city"])
    response = client.get("/registry/entities/", {"q": "\x00"})
    assert response.status_code == 400 and "NUL" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/applications/", "/api/v1/calls/", "/api/v1/publicity/",
                                  "/api/v1/indicator-values/", "/api/v1/rewards/generate/"])
@pytest.mark.parametrize("text", ["\\u0000", "a\\u0000b", "\\ud800", "x\\udfffy"])
def test_unstorable_text_in_a_json_body_is_refused(path, text, users, client_for):
    body = f'{{"program": "{text}", "entity": "{text}", "name": "{text}", "title": "{text}", "year": 2013,' \
           f' "nested": {{"{text}": ["{text}"]}}}}'
    response = client_for(users["city"]).post(path, body, content_type="application/json")
    assert response.status_code == 400, (path, text, response.content[:200])
    assert "不允许的字符" in response.json()["detail"]


@pytest.mark.parametrize("fmt", ["multipart", None])
def test_nul_in_a_form_body_is_refused(fmt, users, client_for):
    client = client_for(users["city"])
    data = {"program": "a\x00", "entity": "x"}
    if fmt:
        response = client.post("/api/v1/applications/", data, format=fmt)
    else:
        from urllib.parse import urlencode

        response = client.post("/api/v1/applications/", urlencode(data),
                               content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "不允许的字符" in response.json()["detail"]


@pytest.mark.parametrize("params,everything", [({"since": "0001-01-01"}, True), ({"until": "9999-12-31"}, True),
                                               ({"since": "9999-12-31"}, False), ({"until": "0001-01-01"}, False)])
def test_change_log_dates_at_the_ends_of_the_calendar(params, everything, users, client_for, regions):
    from qualitybrand.core import changelog

    changelog.record(user=users["city"], action="update", obj=regions["620502"], before={"name": "旧"},
                     after={"name": "新"})
    client = client_for(users["city"])
    total = client.get("/api/v1/change-log/").json()["count"]
    response = client.get("/api/v1/change-log/", params)
    assert response.status_code == 200, (params, response.content[:200])
    assert response.json()["count"] == (total if everything else 0) and total > 0
