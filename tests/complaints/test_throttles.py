# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Rate limits: every scope can be switched off, a shared hotspot files freely, a script is slowed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from complaints import throttles
from tests.mediation.test_api import body as mediation_body

from .intake_fixtures import VALID_ID, api_payload, file_complaint, media  # noqa: F401

pytestmark = pytest.mark.django_db


def _rates(settings, **rates) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
    }


def _id_number(i: int) -> str:
    """A valid resident ID number (GB 11643 check digit) for worker ``i``."""
    base = f"11010519800101{i:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11]
    return base + check


# What one request of each scope looks like (a callable of the client, the district and a filed case).
def _calculator(api, district, filed):
    return api.post("/api/v1/calculator/", {"monthly_wage": "5000"}, format="json")


def _file_mediation(api, district, filed):
    return api.post("/api/v1/mediations/", mediation_body(district), format="json")


def _track(api, district, filed):
    number = filed.complaint.tracking_number
    return api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE=filed.access_code)


def _wrong_code(api, district, filed):
    number = filed.complaint.tracking_number
    return api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE="WRONGCODE1")


def _agreement_wrong_code(api, district, filed):
    return api.get(
        "/api/v1/mediations/track/2102M-2026-000001/agreement.pdf", HTTP_X_ACCESS_CODE="WRONGCODE1"
    )


SCOPE_REQUESTS = {
    "address": [_calculator, _track],
    "intake": [_file_mediation],
    "track": [_track, _agreement_wrong_code],
    "track_failure": [_wrong_code, _agreement_wrong_code],
    "public": [_calculator],
}


def test_every_configured_scope_is_exercised_here(settings):
    assert set(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == set(throttles.SCOPES)
    assert set(SCOPE_REQUESTS) | {"recover", "recover_address"} == set(throttles.SCOPES)


@pytest.mark.parametrize("value", ["off", "OFF", " off ", ""])
@pytest.mark.parametrize("scope", sorted(SCOPE_REQUESTS))
def test_off_switches_a_scope_off(scope, value, settings, file_complaint):
    filed = file_complaint()
    _rates(settings, **({s: "10000/hour" for s in throttles.SCOPES} | {scope: value}))
    assert throttles.rate_for(scope) is None
    for request in SCOPE_REQUESTS[scope]:
        api = APIClient(REMOTE_ADDR="10.9.0.1")
        codes = {request(api, filed.complaint.district, filed).status_code for _ in range(3)}
        assert codes <= {200, 201, 404}, (scope, request.__name__, codes)


@pytest.mark.parametrize("scope", sorted(SCOPE_REQUESTS))
def test_a_rate_of_one_refuses_the_second_request_with_retry_after(scope, settings, file_complaint):
    filed = file_complaint()
    _rates(settings, **({s: "10000/hour" for s in throttles.SCOPES} | {scope: "1/hour"}))
    for request in SCOPE_REQUESTS[scope]:
        api = APIClient(REMOTE_ADDR=f"10.9.1.{len(request.__name__)}")
        throttles.cache.clear()
        from complaints.code_attempts import CodeAttempt

        CodeAttempt.objects.all().delete()
        request(api, filed.complaint.district, filed)
        r = request(api, filed.complaint.district, filed)
        assert r.status_code == 429, (scope, request.__name__)
        assert 0 < int(r["Retry-After"]) <= 3600
        assert "minute" in r.json()["detail"]


@pytest.mark.parametrize("value", ["ten/hour", "10/fortnight", "10", "0/hour", "-1/hour"])
def test_a_bad_rate_is_reported_by_the_system_check(value, settings):
    with pytest.raises(ImproperlyConfigured):
        throttles.parse_rate(value)
    _rates(settings, track=value)
    assert [e.id for e in throttles.check_rates()] == ["complaints.E001"]


def test_the_html_page_says_how_long_to_wait(client, settings, district):
    _rates(settings, public="1/hour")
    client.post("/calculator/", {"monthly_wage": "5000"})
    r = client.post("/calculator/", {"monthly_wage": "5000"})
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "Please wait about 60 minutes" in r.content.decode()


def test_sixty_workers_on_one_hotspot_all_file_and_a_script_is_slowed(district, media):
    api = APIClient(REMOTE_ADDR="10.20.30.40")
    for i in range(60):
        r = api.post("/api/v1/complaints/", api_payload(district, id_number=_id_number(i)), format="json")
        assert r.status_code == 201, (i, r.content)
    statuses = [
        api.post("/api/v1/complaints/", api_payload(district, id_number=_id_number(60 + i)), format="json")
        for i in range(80)
    ]
    refused = [r for r in statuses if r.status_code == 429]
    assert refused and all(int(r["Retry-After"]) > 0 for r in refused)
    assert {r.status_code for r in statuses} == {201, 429}
