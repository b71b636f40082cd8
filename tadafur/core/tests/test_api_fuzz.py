"""Fuzzing every operation of the API from its OpenAPI document with schemathesis: no input, valid
or not, anonymous or signed in, makes `/api/v1/` answer with a server error
(docs/decisions/0811-api-fuzzing-with-schemathesis.md, superseding 0803).

Each operation (GET, POST, PUT, DELETE) is called in-process through Django's WSGI application
with paths, queries and JSON bodies that schemathesis draws from the schema, valid ("positive")
and invalid ("negative"). Public operations are called by an anonymous visitor and by Rachid
(Settat's staff agent); operations behind a login by Amina (a verified resident of Settat, mostly
refused) and Rachid, each with a real session cookie and CSRF token as a browser sends them. The
demo data is loaded once for the module, so a path id is by turns one that exists (a petition, a
body, a report in its various states: the request reaches the services instead of a 404), an edge
value or schemathesis' own.

Every answer must be below 500; a success (2xx/3xx) must be a status the operation documents, with
a body that matches the documented schema. `TADAFUR_FUZZ_EXAMPLES` (default 5) sets the examples
per operation and caller; `TADAFUR_FUZZ_REPORT=file.json` writes the statuses seen.
"""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from tadafur.api.api import api

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = sorted(
    (path, method) for path, ops in SCHEMA.raw_schema["paths"].items() for method in ops if method != "parameters"
)
EXAMPLES = int(os.environ.get("TADAFUR_FUZZ_EXAMPLES", "5"))
# Django's WSGI application, as config/wsgi.py serves it, without calling django.setup() again
# (that would reconfigure logging and drop the suite's personal-data log scan).
APPLICATION = WSGIHandler()

# Where a path parameter names an object, the model it names (the value may still be any id).
MODELS = {
    "association_id": "associations.Association",
    "body_id": "bodies.Body",
    "opinion_id": "bodies.Opinion",
    "programme_id": "programmes.Programme",
    "axis_id": "programmes.Axis",
    "project_id": "programmes.Project",
    "indicator_id": "programmes.Indicator",
    "cycle_id": "budgets.Cycle",
    "follow_id": "notifications.Follow",
    "comment_id": "comments.Comment",
    "session_id": "council.Session",
    "point_id": "council.Point",
    "request_id": "inforequests.InfoRequest",
    "report_id": "feedback.Report",
    "committee_id": "steering.Committee",
    "recommendation_id": "steering.Recommendation",
    "call_id": "cocreation.Call",
    "petition_id": "petitions.Petition",
    "referral_id": "bodies.Referral",  # in bodies, as the names below
    "parent": "comments.Comment",
}
# The same name for two kinds of object.
PATH_MODELS = {
    ("/api/v1/bodies/followups/{item_id}/progress", "item_id"): "bodies.FollowUp",
    ("/api/v1/news/{item_id}", "item_id"): "news.NewsItem",
    ("/api/v1/news/{item_id}/publish", "item_id"): "news.NewsItem",
    ("/api/v1/news/{item_id}/unpublish", "item_id"): "news.NewsItem",
}
# Settat commune, its province and region, Oulad Said, the kingdom (national figures).
TERRITORY_CODES = ("06.461.01.15", "06.461", "06", "06.461.15.19", "00")
# 0803's edge values: ids that do not exist, are negative or overflow a 64-bit column; a NUL,
# a path traversal, SQL, a lone "%", Arabic-Indic digits, a code with a trailing space.
EDGE_VALUES = (
    0,
    -1,
    2**31,
    2**63,
    10**30,
    "x",
    "../../etc/passwd",
    "'; DROP TABLE x; --",
    "%",
    "\x00",
    "٠١٢",
    "06.461 ",
)
COMMENT_TARGETS = ("petitions.petition", "budgets.proposal", "programmes.project")


@dataclass
class World:
    values: dict[str, list[Any]]
    sessions: dict[str, tuple[dict[str, str], dict[str, str]]]  # persona -> (cookies, headers)
    statuses: Counter[tuple[str, str, int]] = field(default_factory=Counter)

    def existing(self, path: str, name: str) -> list[Any]:
        label = PATH_MODELS.get((path, name)) or MODELS.get(name)
        if label:
            return self.values.setdefault(label, _pks(label))
        return self.values.get(name, [])


def _pks(label: str) -> list[Any]:
    return list(apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True)[:40])


def _session(username: str) -> tuple[dict[str, str], dict[str, str]]:
    """The cookies and header a browser sends once signed in: session id and CSRF token."""
    from django.contrib.auth import get_user_model
    from django.middleware.csrf import get_token

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    request = RequestFactory().get("/")
    token = get_token(request)
    cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": request.META["CSRF_COOKIE"]}
    return cookies, {"X-CSRFToken": token, "Referer": "http://localhost/"}


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """The demo data, loaded once in a transaction rolled back when the module ends; each test
    runs in a savepoint inside it (pytest-django), so the fuzz's writes vanish after each test."""
    from django.contrib.auth import get_user_model

    from tadafur.core.demo import demo_load
    from tadafur.opendata import registry
    from tadafur.reach.models import ShortCode
    from tadafur.territories.models import Territory

    quiet = override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SMS_BACKEND="tadafur.accounts.sms.LocmemSmsBackend",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    # As Django's test client does: a request must not close the test's connection (Django drops
    # a connection left inside a transaction when a request ends; PostgreSQL would lose the data).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), quiet, translation.override("en"), transaction.atomic():
            demo_load(log=lambda line: None)
            codes = list(Territory.objects.filter(code__in=TERRITORY_CODES).values_list("code", flat=True))
            values: dict[str, list[Any]] = {
                "code": codes,
                "territory_code": codes,
                "collectivity_code": codes,
                "key": [d.key for d in registry.datasets()],
                "short_code": list(ShortCode.objects.values_list("code", flat=True)[:20]),
                "collectivity": codes,
                "commune": codes,
            }
            sessions = {name: _session(f"demo-{name}") for name in ("amina", "rachid")}
            values["agent_id"] = [get_user_model().objects.get(username="demo-rachid").pk]
            sessions["anonymous"] = ({}, {})
            world = World(values=values, sessions=sessions)
            yield world
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    if os.environ.get("TADAFUR_FUZZ_REPORT"):  # the answers seen, for docs/decisions/0811
        rows = [{"method": m, "path": p, "status": s, "count": n} for (m, p, s), n in sorted(world.statuses.items())]
        Path(os.environ["TADAFUR_FUZZ_REPORT"]).write_text(json.dumps(rows, indent=1))


@functools.cache
def _strategy(path: str, method: str, mode: GenerationMode) -> st.SearchStrategy[Any]:
    return SCHEMA[path][method].as_strategy(generation_mode=mode)


def _steer(case: Any, world: World, data: st.DataObject) -> None:
    """Each path parameter is, by turns, schemathesis' own draw, the id of an object that exists
    (so the request reaches the service) or an edge value (EDGE_VALUES); so are a JSON body's
    known ids and codes (without the edge values: the body's schema types them); a query
    parameter is an edge value one time in four."""
    params = case.path_parameters or {}
    if "label" in params and "pk" in params and data.draw(st.booleans(), label="existing target"):
        label = data.draw(st.sampled_from(COMMENT_TARGETS), label="label")
        pks = world.values.setdefault(label, _pks(label))
        params["label"] = label
        if pks:
            params["pk"] = data.draw(st.sampled_from(pks), label="pk")
        return
    for name in list(params):
        if name == "code" and "/s/" in case.path:
            choices = world.values["short_code"]
        else:
            choices = world.existing(case.path, name)
        how = data.draw(st.sampled_from(["schema", "existing", "edge"] if choices else ["schema", "edge"]), label=name)
        if how == "existing":
            params[name] = data.draw(st.sampled_from(choices), label=f"existing {name}")
        elif how == "edge":
            params[name] = data.draw(st.sampled_from(EDGE_VALUES), label=f"edge {name}")
    if isinstance(case.body, dict):  # a JSON body's ids and codes, by turns ones that exist
        for name in list(case.body):
            choices = world.existing("", name)
            if choices and data.draw(st.booleans(), label=f"existing {name} in the body"):
                case.body[name] = data.draw(st.sampled_from(choices), label=f"existing {name}")
    for name in list(case.query or {}):
        if data.draw(st.integers(0, 3), label=f"edge {name}?") == 0:
            case.query[name] = data.draw(st.sampled_from(EDGE_VALUES), label=f"edge {name}")


def _can_be_negated(path: str, method: str) -> bool:
    """Schemathesis cannot make a request invalid when all it has is a free-text path segment."""
    raw = SCHEMA.raw_schema["paths"][path][method]
    parameters = raw.get("parameters", [])
    return "requestBody" in raw or any(
        p["in"] != "path" or p.get("schema", {}).get("type") != "string" for p in parameters
    )


def _cases() -> list[Any]:
    """Each operation with two callers: a signed-in one that may act (Rachid, staff) and one
    that mostly may not (Amina, a resident) for the operations behind a login; an anonymous
    visitor and Rachid for the public ones (staff see unpublished objects)."""
    cases = []
    for path, method in OPERATIONS:
        secured = bool(SCHEMA.raw_schema["paths"][path][method].get("security"))
        for persona in ("amina", "rachid") if secured else ("anonymous", "rachid"):
            cases.append(pytest.param(path, method, persona, id=f"{method.upper()} {path} as {persona}"))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "method", "persona"), _cases())
@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_input_makes_an_api_operation_fail_with_a_server_error(
    world: World, path: str, method: str, persona: str, data: st.DataObject
) -> None:
    operation = SCHEMA[path][method]
    modes = (
        [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
        if _can_be_negated(path, method)
        else [GenerationMode.POSITIVE]
    )
    mode = data.draw(st.sampled_from(modes), label="mode")
    case = data.draw(_strategy(path, method, mode), label="case")
    _steer(case, world, data)
    cookies, headers = world.sessions[persona]
    # Uncompressed answers: the WSGI transport does not undo GZipMiddleware.
    headers = {**headers, "Accept-Encoding": "identity"}
    response = case.call(app=APPLICATION, cookies=dict(cookies), headers=headers)
    world.statuses[(method, path, response.status_code)] += 1
    where = f"{method.upper()} {case.formatted_path} as {persona} ({mode.value}): {response.status_code}"
    assert response.status_code < 500, f"{where}\n{case.as_curl_command()}"
    documented = set(operation.definition.raw.get("responses", {}))
    if response.status_code < 400:
        assert str(response.status_code) in documented, f"{where} is not among the documented {sorted(documented)}"
        case.validate_response(response, checks=[response_schema_conformance])


def test_no_two_api_schemas_share_a_name() -> None:
    """django-ninja names each schema of the OpenAPI document after its class and keeps the last
    one of a name: two modules' `MemberOut` made the document describe one operation's answer (or
    body) with another's fields. The fuzz found ten such pairs (decision 0811)."""
    from collections import defaultdict

    from ninja import Schema

    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    shapes: dict[str, set[str]] = defaultdict(set)
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in subclasses(Schema):
        if cls.__module__.startswith("tadafur."):
            shapes[cls.__name__].add(json.dumps(cls.model_json_schema(), sort_keys=True))
            modules[cls.__name__].add(cls.__module__)
    assert {name: sorted(modules[name]) for name, found in shapes.items() if len(found) > 1} == {}
