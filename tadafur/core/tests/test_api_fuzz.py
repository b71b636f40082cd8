"""Fuzzing the public API from its OpenAPI document: no input makes a GET endpoint fail with a
server error (docs/decisions/0803-api-fuzzing-with-hypothesis.md: hypothesis over the schema,
not schemathesis)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tadafur.api.api import api

pytestmark = pytest.mark.django_db

SCHEMA = api.get_openapi_schema()
GETS = sorted((path, op) for path, ops in SCHEMA["paths"].items() for method, op in ops.items() if method == "get")

# Edge values first: ids that exist, do not exist, are negative, or overflow a 64-bit column.
integers = st.one_of(st.sampled_from([0, 1, -1, 2**31, 2**63, 10**30]), st.integers(-(10**6), 10**6))
texts = st.one_of(
    st.sampled_from(["", "06.461", "06.461.01.15", "../../etc/passwd", "%", "'; DROP TABLE x; --", "\x00", "٠١٢"]),
    st.text(max_size=24),
)
booleans = st.sampled_from(["true", "false", "1", "0", "yes", "maybe"])
dates = st.one_of(st.dates().map(str), st.sampled_from(["2026-02-30", "not-a-date", "9999-12-31", "0001-01-01"]))


def _strategy(parameter: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = parameter.get("schema", {})
    kind = schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type")), "string")
    if schema.get("format") == "date" or any(s.get("format") == "date" for s in schema.get("anyOf", [])):
        return st.one_of(dates, texts)
    return {"integer": st.one_of(integers, texts), "boolean": st.one_of(booleans, texts)}.get(kind, texts)


# Found by this test, in files this issue does not own (reported for their owners to fix).
KNOWN: dict[str, str] = {}  # path -> reason, for a known server error not fixed yet (none today)


@pytest.mark.parametrize(
    ("path", "operation"),
    [pytest.param(p, op, marks=[pytest.mark.xfail(reason=KNOWN[p])] if p in KNOWN else []) for p, op in GETS],
    ids=[p for p, _ in GETS],
)
@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_input_makes_a_get_endpoint_fail_with_a_server_error(
    client: Client, path: str, operation: dict[str, Any], data: st.DataObject
) -> None:
    url, query = path, []
    for parameter in operation.get("parameters", []):
        value = data.draw(_strategy(parameter), label=parameter["name"])
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", quote(str(value), safe="") or "x")
        elif parameter["in"] == "query" and data.draw(st.booleans(), label=f"send {parameter['name']}"):
            query.append(f"{quote(parameter['name'])}={quote(str(value), safe='')}")
    response = client.get(url + ("?" + "&".join(query) if query else ""))
    assert response.status_code < 500, f"GET {url}?{'&'.join(query)} -> {response.status_code}"
