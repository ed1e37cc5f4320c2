"""The OpenAPI schema says what the API really answers: each custom action's own request and
response, nullable fields, and the standard error answers `{"detail": …}` on every operation."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _ok(schema, path, method):
    operation = schema["paths"][path][method]
    answer = operation["responses"].get("200") or operation["responses"]["201"]
    return answer["content"]["application/json"]["schema"]


def _request(schema, path, method):
    return schema["paths"][path][method]["requestBody"]["content"]


@pytest.mark.parametrize("path,method,expected", [
    ("/api/v1/applications/{id}/timeline/", "get", {"type": "array", "items": {"$ref": "#/components/schemas/TimelineEntry"}}),
    ("/api/v1/applications/{id}/scores/", "post", {"$ref": "#/components/schemas/ScoresResult"}),
    ("/api/v1/applications/bulk/", "post", {"$ref": "#/components/schemas/BulkResult"}),
    ("/api/v1/rewards/totals/", "get", {"type": "array", "items": {"$ref": "#/components/schemas/RewardTotal"}}),
    ("/api/v1/rewards/generate/", "post", {"$ref": "#/components/schemas/GenerateResult"}),
    ("/api/v1/rewards/pay/", "post", {"$ref": "#/components/schemas/PayResult"}),
    ("/api/v1/notifications/read/", "post", {"$ref": "#/components/schemas/ReadResult"}),
    ("/api/v1/rounds/{id}/results/", "get", {"$ref": "#/components/schemas/RoundResults"}),
    ("/api/v1/schemes/{code}/assess/", "get", {"$ref": "#/components/schemas/Assessment"}),
    ("/api/v1/target-sets/{code}/progress/", "get", {"$ref": "#/components/schemas/Progress"}),
    ("/api/v1/imports/", "post", {"$ref": "#/components/schemas/ImportBatchState"}),
    ("/api/v1/imports/{id}/undo/", "post", {"$ref": "#/components/schemas/UndoResult"}),
])
def test_custom_actions_describe_their_own_answer(schema, path, method, expected):
    assert _ok(schema, path, method) == expected


@pytest.mark.parametrize("path,method,component", [
    ("/api/v1/applications/", "post", "ApplicationCreateRequest"),
    ("/api/v1/applications/{id}/transition/", "post", "TransitionRequest"),
    ("/api/v1/applications/bulk/", "post", "BulkTransitionRequest"),
    ("/api/v1/applications/{id}/scores/", "post", "ScoresRequest"),
    ("/api/v1/calls/", "post", "CallCreateRequest"),
    ("/api/v1/rewards/generate/", "post", "GenerateRequest"),
    ("/api/v1/rewards/pay/", "post", "PayRequest"),
    ("/api/v1/notifications/read/", "post", "ReadRequest"),
    ("/api/v1/indicator-values/{id}/approve/", "post", "ReviewRequest"),
])
def test_custom_actions_describe_what_they_take(schema, path, method, component):
    content = _request(schema, path, method)
    assert content["application/json"]["schema"] == {"$ref": f"#/components/schemas/{component}"}


def test_generate_documents_the_year_range(schema):
    year = schema["components"]["schemas"]["GenerateRequest"]["properties"]["year"]
    assert (year["minimum"], year["maximum"]) == (1980, 2100)


@pytest.mark.parametrize("component,field", [
    ("Case", "party_name"), ("Case", "party"), ("Case", "closed"), ("Region", "parent"),
    ("RoundResults", "frozen_at"), ("ScoresResult", "total"), ("Application", "trademark"),
])
def test_nullable_fields_say_so(schema, component, field):
    assert schema["components"]["schemas"][component]["properties"][field].get("nullable") is True


def test_every_operation_documents_its_refusals(schema):
    error = {"$ref": "#/components/schemas/Error"}
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]
    seen = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            expected = {"401", "403", "404"}
            if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
                expected.add("400")
            if method == "delete":
                expected.add("409")
            assert expected <= set(responses), (method, path, sorted(responses))
            for code in expected:
                assert responses[code]["content"]["application/json"]["schema"] == error, (method, path, code)
            seen += 1
    assert seen > 100


def test_hand_filtered_lists_document_their_parameters(schema):
    def names(path):
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert {"state", "program", "call", "year", "region", "entity", "q"} <= names("/api/v1/applications/")
    assert {"year", "status", "region"} <= names("/api/v1/rewards/totals/")
    assert {"since", "until", "region", "import_batch"} <= names("/api/v1/change-log/")
    assert {"region", "year", "code", "status"} <= names("/api/v1/indicator-values/")
    assert "as_of" in names("/api/v1/schemes/{code}/assess/")


def test_undo_documents_its_conflict(schema):
    responses = schema["paths"]["/api/v1/imports/{id}/undo/"]["post"]["responses"]
    assert responses["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_schema_is_valid_openapi_without_warnings(tmp_path):
    # a view whose answer drf-spectacular has to guess warns; --fail-on-warn turns that into an error
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text(encoding="utf-8").startswith("openapi: 3.")
