"""Schemathesis over the whole REST API, in process (WSGI), as the city administrator and as a county.

Every operation of `/api/schema/` gets a bounded number of generated requests:
- `positive` — valid by the schema, with the path naming a record that exists (the first row of the
  collection as that user sees it) and, for a few, with any path value: the answer must be
  documented — status, content type and body;
- `negative` — invalid by the schema (wrong types, missing fields), for operations with a body or
  query parameters to spoil: the answer must still be no server error and a documented status.
Derandomized, so a run is the same run every time; hypothesis keeps no example database, and no
shrinking (a failure is reported as generated). Each request runs in a savepoint that is rolled
back, so every request sees the seeded city as it was built and a failed write cannot poison the
test's transaction on PostgreSQL.

All failures are collected and reported together, one per operation and mode, with the request
that showed it (as a curl command).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.seed import seed_api_city

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# (mode, path values from the seeded city?) -> examples per operation
PASSES = {(POSITIVE, True): 4, (POSITIVE, False): 2, (NEGATIVE, True): 3}
CHECKS = {
    POSITIVE: [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    NEGATIVE: [not_a_server_error, status_code_conformance, content_type_conformance],
}


class _Rollback(Exception):
    pass


@pytest.fixture
def api(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.QB_TODAY = dt.date(2014, 7, 10)
    tokens = seed_api_city(regions)
    with _connection_kept():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    return schema, tokens


@contextlib.contextmanager
def _connection_kept():
    """The WSGI handler closes the database connection when a request ends, as a server should;
    here the test's transaction lives on it. Django's own test client does the same around each
    request (and connects the handlers again after, so this is done per request too)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _existing_keys(schema, token: str) -> dict[str, dict[str, str]]:
    """For each collection, the path values of its first record as this user sees it."""
    from rest_framework.test import APIClient

    client = APIClient(HTTP_AUTHORIZATION=f"Token {token}")
    keys: dict[str, dict[str, str]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        names = re.findall(r"{(\w+)}", operation.path)
        collection = operation.path.split("{")[0]
        if len(names) != 1 or collection in keys:
            continue
        body = client.get(collection).json()
        rows = body.get("results", []) if isinstance(body, dict) else []
        keys[collection] = {names[0]: str(rows[0][names[0]])} if rows and names[0] in rows[0] else {}
    return keys


def _spoilable(operation) -> bool:
    return bool(list(operation.query)) or bool(list(operation.body))


def _run(operation, mode, path_values, token: str, failures: dict[str, str], examples: int) -> int:
    calls = 0

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_values or None))
    def check(case):
        nonlocal calls
        calls += 1
        try:
            with transaction.atomic(), _connection_kept():
                response = case.call(headers={"Authorization": f"Token {token}"})
                raise _Rollback
        except _Rollback:
            pass
        try:
            case.validate_response(response, checks=CHECKS[mode])
        except (FailureGroup, Failure) as exc:
            text = str(exc).strip()
            failures.setdefault(f"{operation.label} [{mode.value}]", text[:1500])

    try:
        check()
    except Unsatisfiable:  # nothing in this operation can be made invalid
        pass
    return calls


@pytest.mark.parametrize("who", ["city", "county"])
def test_whole_api_conforms_and_never_fails(api, who):
    schema, tokens = api
    keys = _existing_keys(schema, tokens[who])
    failures: dict[str, str] = {}
    calls = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        own = keys.get(operation.path.split("{")[0], {})
        for (mode, existing), examples in PASSES.items():
            if "{" in operation.path and existing and not own:
                continue  # this user sees no record of the collection
            if not existing and "{" not in operation.path:
                continue  # no path to vary
            if mode is NEGATIVE and not _spoilable(operation):
                continue
            calls += _run(operation, mode, own if existing else {}, tokens[who], failures, examples)
    assert calls > 300
    assert not failures, f"{len(failures)} 处不符合：\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
