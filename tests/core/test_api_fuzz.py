"""Fuzz every operation of the OpenAPI schema in process: no input, anonymous or staff, is a 500.

Schemathesis generates requests from /api/schema/ (valid and invalid bodies, parameters and headers)
and sends them to the Django app on the test database, as an anonymous worker and with the sessions
of a manager and an inspector. Deterministic (Hypothesis derandomized) and bounded in examples, so
that it runs in CI in a few minutes on two cores.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 8
ROLES = ("anonymous", "manager", "inspector")


@pytest.fixture
def django_wsgi(world, settings, role_headers):
    """The project's WSGI app on the test database: requests must not close the test's connection.

    After role_headers: Django's test client connects close_old_connections again after each request.
    """
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {scope: "off" for scope in rates},
    }
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(django_wsgi):
    return schemathesis.openapi.from_wsgi("/api/schema/", django_wsgi)


@pytest.fixture
def role_headers(world) -> dict[str, dict[str, str]]:
    """Request headers per role: a staff member's session cookie and CSRF token, or nothing."""
    out: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(world[role])
        client.get("/staff/")  # sets the CSRF cookie
        cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
        out[role] = {"Cookie": cookies, "X-CSRFToken": client.cookies["csrftoken"].value}
    return out


def _point_at_world(case, world) -> None:
    """Aim id path parameters at existing objects, so that bodies reach forms and services."""
    params = case.path_parameters or {}
    path = case.operation.path
    if "pk" in params:
        if path.startswith("/api/v1/cases/"):
            params["pk"] = world["case"].pk
        elif path.startswith("/api/v1/mediations/"):
            params["pk"] = world["mediation"].pk
    if "complaint_pk" in params:
        params["complaint_pk"] = world["case"].pk


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    derandomize=True,
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_is_a_server_error(case, world, role_headers):
    _point_at_world(case, world)
    for role in ROLES:
        headers = dict(role_headers[role])
        if world["access_code"] and "X-Access-Code" not in (case.headers or {}):
            headers["X-Access-Code"] = world["access_code"]
        response = case.call(headers=headers)
        assert response.status_code < 500, (role, case.method, case.formatted_path, response.text[:500])
