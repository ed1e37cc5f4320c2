"""REST API contract (interfaces.md) over an imported random city: fields, natural-key detail URLs,
pagination, region filter, county scoping, tokens."""

from __future__ import annotations

import json

import pytest

from tests.contract.conftest import run

PASSWORD = "Qa-Passw0rd-2026!"


def token_for(name, role, region):
    code, out, err = run("create_user", name, "--role", role, "--region", region, "--password", PASSWORD)
    assert code == 0, err
    code, out, err = run("api_token", name)
    assert code == 0, err
    token = out.strip().split()[-1]
    again = run("api_token", name)[1].strip().split()[-1]
    assert again == token  # created once
    return token


@pytest.fixture
def api_city(city_factory, client):
    city, paths, results = city_factory(17)
    assert all(r[0] == 0 for r in results.values())
    city_token = token_for("qa_city", "city_admin", city.city)
    county_token = token_for("qa_county", "county", city.counties[0])

    def get(url, token=city_token, **params):
        return client.get(url, params, HTTP_AUTHORIZATION=f"Token {token}")

    return city, get, county_token


def below(city, region):
    out = {region}
    for code, parent in city.parent.items():
        if parent == region:
            out |= below(city, code)
    return out


def test_entities_and_trademarks_fields_and_regions(api_city):
    city, get, _ = api_city
    ent_region = {e["统一社会信用代码"]: e["_region"] for e in city.rows["entities"]}
    r = get("/api/v1/entities/", page_size=1000)
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"count", "next", "previous", "results"}
    assert body["count"] == len(city.rows["entities"]) == len(body["results"])
    for item in body["results"]:
        assert {"uscc", "name", "kind", "region"} <= set(item)
        assert item["region"] == ent_region[item["uscc"]]  # a former code resolves to the current region
    kinds = {e["统一社会信用代码"]: e["主体类型"] for e in city.rows["entities"]}
    assert all(item["kind"] == kinds[item["uscc"]] for item in body["results"])

    r = get("/api/v1/trademarks/", page_size=1000)
    body = r.json()
    assert body["count"] == len(city.rows["trademarks"])
    holders = {t["注册号"]: t["注册人统一社会信用代码"] for t in city.rows["trademarks"]}
    for item in body["results"]:
        assert {"number", "name", "holder", "region"} <= set(item)
        assert item["holder"] == holders[item["number"]]
        assert item["region"] == ent_region[item["holder"]]


def test_natural_key_detail_urls(api_city):
    city, get, _ = api_city
    e = city.rows["entities"][3]
    r = get(f"/api/v1/entities/{e['统一社会信用代码']}/")
    assert r.status_code == 200 and r.json()["uscc"] == e["统一社会信用代码"] and r.json()["name"] == e["名称"]
    t = city.rows["trademarks"][5]
    r = get(f"/api/v1/trademarks/{t['注册号']}/")
    assert r.status_code == 200 and r.json()["number"] == t["注册号"]
    p = city.programs[0]
    r = get(f"/api/v1/programs/{p['项目代码']}/")
    assert r.status_code == 200
    r = get(f"/api/v1/regions/{city.counties[1]}/")
    assert r.status_code == 200
    r = get("/api/v1/entities/91350100M000100Y43/")
    assert r.status_code == 404 and "detail" in r.json()


def test_pagination_shape_and_page_size(api_city):
    city, get, _ = api_city
    n = len(city.rows["trademarks"])
    first = get("/api/v1/trademarks/", page_size=7).json()
    assert first["count"] == n and len(first["results"]) == 7 and first["previous"] is None and first["next"]
    second = get("/api/v1/trademarks/", page_size=7, page=2).json()
    assert len(second["results"]) == 7 and second["previous"]
    assert not {i["number"] for i in first["results"]} & {i["number"] for i in second["results"]}
    everything = get("/api/v1/trademarks/", page_size=1000).json()
    assert len(everything["results"]) == n and everything["next"] is None
    big = get("/api/v1/trademarks/", page_size=5000)
    assert big.status_code in (200, 400)
    if big.status_code == 200:
        assert len(big.json()["results"]) == n
    assert get("/api/v1/trademarks/", page=999).status_code == 404


def test_region_filter_is_region_and_below(api_city):
    city, get, _ = api_city
    ent_region = {e["统一社会信用代码"]: e["_region"] for e in city.rows["entities"]}
    for region in (city.city, city.counties[0], city.zone):
        scope = below(city, region)
        want = {u for u, r in ent_region.items() if r in scope}
        got = {i["uscc"] for i in get("/api/v1/entities/", region=region, page_size=1000).json()["results"]}
        assert got == want, region
        want_tm = {t["注册号"] for t in city.rows["trademarks"] if ent_region[t["注册人统一社会信用代码"]] in scope}
        got_tm = {i["number"] for i in get("/api/v1/trademarks/", region=region, page_size=1000).json()["results"]}
        assert got_tm == want_tm, region
    # cases carry their own region; a former code resolves to the current county
    alias = {city.former[0]: city.former[1]}
    want_cases = {c["案件编号"] for c in city.rows["cases"]
                  if alias.get(c["区划代码"], c["区划代码"]) == city.counties[0]}
    got = {i["number"] for i in get("/api/v1/cases/", region=city.counties[0], page_size=1000).json()["results"]}
    assert got == want_cases


def test_county_token_sees_only_its_county(api_city):
    city, get, county_token = api_city
    county = city.counties[0]
    ent_region = {e["统一社会信用代码"]: e["_region"] for e in city.rows["entities"]}
    body = get("/api/v1/entities/", token=county_token, page_size=1000).json()
    assert {i["uscc"] for i in body["results"]} == {u for u, r in ent_region.items() if r == county}
    assert body["count"] == len(body["results"])
    outside = next(u for u, r in ent_region.items() if r != county)
    assert get(f"/api/v1/entities/{outside}/", token=county_token).status_code == 404
    # asking for the city's region does not widen the scope
    body = get("/api/v1/entities/", token=county_token, region=city.city, page_size=1000).json()
    assert all(i["region"] == county for i in body["results"])
    tms = get("/api/v1/trademarks/", token=county_token, page_size=1000).json()["results"]
    assert all(i["region"] == county for i in tms)


def test_county_token_indicators_only_its_scope(api_city):
    city, get, county_token = api_city
    r = get("/api/v1/indicators/", token=county_token, year=2013, code="tm.valid")
    assert r.status_code in (200, 403)
    if r.status_code == 200:
        assert {v["region"] for v in r.json()["values"]} <= below(city, city.counties[0])


def test_anonymous_refused_and_bad_token(client, api_city):
    for url in ("/api/v1/entities/", "/api/v1/trademarks/", "/api/v1/indicators/?year=2013"):
        assert client.get(url).status_code in (401, 403)
        assert client.get(url, HTTP_AUTHORIZATION="Token nonsense").status_code in (401, 403)


def test_bad_query_is_json_not_500(api_city):
    city, get, _ = api_city
    for params in ({"year": "abc"}, {"year": "2013", "as_of": "2014-01-01"}, {"year": "2013", "region": "000000"},
                   {"year": "2013", "code": "no.such"}):
        r = get("/api/v1/indicators/", **params)
        assert r.status_code == 400, (params, r.status_code)
        assert "detail" in r.json()
    r = get("/api/v1/entities/", page_size="lots")
    assert r.status_code < 500


def test_year_filter_counts_agree_with_the_indicators(api_city):
    import datetime as dt

    from tests.contract.oracle import Oracle

    city, get, _ = api_city
    values = Oracle(city).compute(dt.date(2013, 1, 1), dt.date(2013, 12, 31))
    for region in (city.city, city.counties[0]):
        body = get("/api/v1/trademarks/", year=2013, region=region, page_size=1).json()
        assert body["count"] == values[("tm.applications", region)]
        body = get("/api/v1/entities/", year=2013, region=region, page_size=1).json()
        assert body["count"] == values[("entity.new", region)]


def test_imports_endpoint_answers_like_the_command(api_city, tmp_path, client):
    city, get, county_token = api_city
    other = next(c for c in city.counties if c != city.counties[0])
    e = next(x for x in city.rows["entities"] if x["_region"] == other)
    csv = ("统一社会信用代码,名称,主体类型,区划代码\n"
           f"{e['统一社会信用代码']},改名,{e['主体类型']},{other}\n").encode("gbk")
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin_token = run("api_token", "qa_city")[1].strip().split()[-1]
    r = client.post("/api/v1/imports/", {"ledger": "entities", "mode": "atomic",
                                          "file": SimpleUploadedFile("e.csv", csv, "text/csv")},
                    HTTP_AUTHORIZATION=f"Token {county_token}")
    assert r.status_code in (200, 201, 400, 403), r.status_code
    from qualitybrand.registry.models import Entity

    assert Entity.objects.get(uscc=e["统一社会信用代码"]).name == e["名称"]  # a county cannot write outside
    r = client.post("/api/v1/imports/", {"ledger": "entities", "mode": "atomic",
                                          "file": SimpleUploadedFile("e.csv", csv, "text/csv")},
                    HTTP_AUTHORIZATION=f"Token {admin_token}")
    assert r.status_code in (200, 201), r.content[:300]
    body = r.json()
    assert body["ledger"] == "entities" and body["rows"] == 1 and body["updated"] == 1 and body["errors"] == []
    assert Entity.objects.get(uscc=e["统一社会信用代码"]).name == "改名"
    r = client.post("/api/v1/imports/", {"ledger": "nonsense", "mode": "atomic",
                                          "file": SimpleUploadedFile("e.csv", csv, "text/csv")},
                    HTTP_AUTHORIZATION=f"Token {admin_token}")
    assert r.status_code == 400 and "detail" in r.json() or r.json()


def test_values_reported_by_a_county_count_only_once_approved(api_city, client, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    city, get, county_token = api_city
    county = city.counties[0]
    csv = f"指标代码,区划代码,年度,数值\nenv.water_source_rate,{county},2013,97.5\n".encode()
    r = client.post("/api/v1/imports/", {"ledger": "indicator_values", "mode": "atomic",
                                          "file": SimpleUploadedFile("v.csv", csv, "text/csv")},
                    HTTP_AUTHORIZATION=f"Token {county_token}")
    assert r.status_code in (200, 201), r.content[:300]
    assert r.json()["created"] == 1
    code, out, err = run("indicators", "--year", "2013", "--region", county, "--codes", "env.water_source_rate",
                         "--json")
    assert json.loads(out)["values"][0]["value"] is None  # 填报, not yet 审核通过
    # imported from the command line: approved on import
    path = tmp_path / "values.csv"
    path.write_text(f"指标代码,区划代码,年度,数值\nenv.water_source_rate,{city.counties[1]},2013,88\n",
                    encoding="utf-8")
    assert run("import_ledger", "indicator_values", str(path), "--json")[0] == 0
    code, out, err = run("indicators", "--year", "2013", "--region", city.counties[1], "--codes",
                         "env.water_source_rate", "--json")
    assert json.loads(out)["values"][0]["value"] == 88


RESOURCES = {"regions": "regions", "programs": "programs", "entities": "entities", "trademarks": "trademarks",
             "recognitions": "recognitions", "patents": "patents", "certifications": "certifications",
             "standards": "standards", "inspections": "inspections", "incidents": "incidents", "cases": "cases",
             "pledges": "pledges", "services": "services", "publicity": "publicity",
             "indicator-values": "indicator_values"}


def test_every_resource_lists_every_record_with_its_region(api_city):
    city, get, _ = api_city
    problems = []
    for resource, ledger in RESOURCES.items():
        r = get(f"/api/v1/{resource}/", page_size=1000)
        if r.status_code != 200:
            problems.append((resource, r.status_code))
            continue
        body = r.json()
        if body.get("count") != len(city.rows[ledger]):
            problems.append((resource, "count", body.get("count"), len(city.rows[ledger])))
        if resource not in ("programs", "regions") and any("region" not in item for item in body["results"]):
            problems.append((resource, "no region field"))
    assert get("/api/v1/change-log/").status_code == 200
    assert not problems, problems


def test_api_writes_bad_input_and_scope(api_city, client):
    city, get, county_token = api_city
    admin = run("api_token", "qa_city")[1].strip().split()[-1]

    def send(method, url, body, token):
        return getattr(client, method)(url, json.dumps(body), content_type="application/json",
                                       HTTP_AUTHORIZATION=f"Token {token}")

    r = send("post", "/api/v1/entities/", {"uscc": "123", "name": "x", "kind": "企业",
                                           "region": city.counties[0]}, admin)
    assert r.status_code == 400 and r.json()["detail"] and r.json()["uscc"]
    r = send("post", "/api/v1/entities/", ["not", "an", "object"], admin)
    assert r.status_code == 400 and r.json()["detail"]
    tm = city.rows["trademarks"][0]["注册号"]
    r = send("patch", f"/api/v1/trademarks/{tm}/", {"classes": [99]}, admin)
    assert r.status_code == 400 and "classes" in r.json()
    other = next(x for x in city.rows["entities"] if x["_region"] != city.counties[0])
    r = send("patch", f"/api/v1/entities/{other['统一社会信用代码']}/", {"name": "改"}, county_token)
    assert r.status_code in (403, 404)
    r = send("post", "/api/v1/cases/", {"number": "Z1", "case_type": "其他", "region": city.counties[1],
                                        "opened": "2013-01-01"}, county_token)
    assert r.status_code in (403, 404)
    for params in ({"region": "zzz"}, {"year": "abc"}, {"ordering": "nonsense"}):
        r = get("/api/v1/entities/", **params)
        assert r.status_code == 400 and r.json()["detail"], params
