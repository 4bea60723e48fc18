"""The API: public filing (throttled), staff list/detail, actions, slots; 400/403/404/409/429, never 500."""

from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from mediation.choices import MediationStatus as S
from mediation.models import MediationRequest

from .conftest import at
from .factories import MediationRequestFactory


@pytest.fixture
def api():
    return APIClient()


def body(district, **extra):
    return {
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "district": district.pk,
        "employer_name": "大连某某餐饮有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资两个月",
        "amount_claimed": "6000",
    } | extra


def test_public_filing(api, district):
    response = api.post("/api/v1/mediations/", body(district), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["tracking_number"].startswith("2102M-")
    assert len(data["access_code"]) == 12
    assert data["status"] == "requested"
    assert MediationRequest.objects.get().source == "api"


def test_public_filing_errors(api, district, settings):
    assert (
        api.post("/api/v1/mediations/", body(district, applicant_mobile="1"), format="json").status_code
        == 400
    )
    assert api.post("/api/v1/mediations/", body(district, matters=["nope"]), format="json").status_code == 400
    assert (
        api.post("/api/v1/mediations/", body(district) | {"district": 999999}, format="json").status_code
        == 400
    )
    assert api.post("/api/v1/mediations/", "garbage", content_type="application/json").status_code == 400


def _intake_rate(settings, rate: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": rate},
    }


def test_public_filing_is_throttled(api, district, settings):
    _intake_rate(settings, "2/hour")
    codes = [api.post("/api/v1/mediations/", body(district), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]


def test_public_filing_throttle_can_be_switched_off(api, district, settings):
    _intake_rate(settings, "off")
    codes = [api.post("/api/v1/mediations/", body(district), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 201]


def test_staff_list_is_scoped(api, district, other_district, mediator, inspector):
    mine = MediationRequestFactory(district=district)
    MediationRequestFactory(district=other_district)
    assert api.get("/api/v1/mediations/").status_code == 403
    api.force_authenticate(inspector)
    assert api.get("/api/v1/mediations/").status_code == 403
    api.force_authenticate(mediator)
    data = api.get("/api/v1/mediations/?status=open").json()
    assert [r["id"] for r in data["results"]] == [mine.pk]
    row = data["results"][0]
    assert "*" in row["applicant"] and "****" in row["applicant_mobile"]
    assert sorted(row["available_actions"]) == ["accept", "decline"]


def test_actions_and_error_contract(api, district, other_district, mediator, other_mediator, room):
    request = MediationRequestFactory(district=district)
    api.force_authenticate(mediator)
    url = f"/api/v1/mediations/{request.pk}"
    assert api.post(f"{url}/accept/").status_code == 200
    assert api.post(f"{url}/accept/").status_code == 409  # not allowed any more
    assert api.post(f"{url}/fly/").status_code == 404
    assert api.post("/api/v1/mediations/999999/accept/").status_code == 404
    assert api.post(f"{url}/fail/", {"reason": ""}, format="json").status_code == 400
    api.force_authenticate(other_mediator)
    assert api.post(f"{url}/fail/", {"reason": "x"}, format="json").status_code == 403
    api.force_authenticate(mediator)
    day = request.deadline - datetime.timedelta(days=1)
    from .conftest import next_working_day

    day = next_working_day()
    book = {
        "mediator": mediator.pk,
        "room": room.pk,
        "start_at": at(day, 9).isoformat(),
        "end_at": at(day, 10).isoformat(),
    }
    response = api.post(f"{url}/schedule/", book, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "scheduled"
    other = MediationRequestFactory(district=district, status=S.ACCEPTED)
    clash = api.post(f"/api/v1/mediations/{other.pk}/schedule/", book, format="json")
    assert clash.status_code == 409
    assert "detail" in clash.json()
    session = response.json()["sessions"][0]["id"]
    moved = api.post(
        f"{url}/reschedule/",
        book
        | {
            "session": session,
            "start_at": at(day, 14).isoformat(),
            "end_at": at(day, 15).isoformat(),
            "reason": "改期",
        },
        format="json",
    )
    assert moved.status_code == 200, moved.content
    assert api.post(f"{url}/start_session/").status_code == 200
    terms = [
        {
            "description": "支付工资",
            "amount": "6000",
            "due_date": (day + datetime.timedelta(days=7)).isoformat(),
        }
    ]
    done = api.post(f"{url}/reach_agreement/", {"terms": terms}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "agreement_reached"
    term = done.json()["terms"][0]["id"]
    assert api.post(f"{url}/term_performed/", {"term": term}, format="json").json()["status"] == "performed"


def test_slots_api(api, district, mediator, room):
    request = MediationRequestFactory(district=district, status=S.ACCEPTED, mediator=mediator)
    assert api.get(f"/api/v1/mediations/slots/?request={request.pk}").status_code == 403
    api.force_authenticate(mediator)
    response = api.get(f"/api/v1/mediations/slots/?request={request.pk}&duration=90&limit=3")
    assert response.status_code == 200
    slots = response.json()
    assert len(slots) == 3
    assert all(s["room_id"] == room.pk and s["mediator_id"] == mediator.pk for s in slots)
    assert api.get("/api/v1/mediations/slots/?request=abc").status_code == 400
    assert api.get("/api/v1/mediations/slots/?request=999999").status_code == 404


def test_schema_lists_the_endpoints(api, admin_user):
    api.force_authenticate(admin_user)
    schema = api.get("/api/schema/?format=json").json()
    for path in (
        "/api/v1/mediations/",
        "/api/v1/mediations/{id}/",
        "/api/v1/mediations/{id}/{action}/",
        "/api/v1/mediations/slots/",
    ):
        assert path in schema["paths"], path


@pytest.mark.parametrize("status", ["requested", "scheduled", "agreement_reached", "lapsed"])
def test_no_action_answers_500(api, district, mediator, status):
    from mediation.actions import ACTIONS

    request = MediationRequestFactory(district=district, status=status, mediator=mediator)
    api.force_authenticate(mediator)
    bodies = [{}, {"reason": "x", "session": 999, "term": 999, "room": 999, "mediator": 999}, {"terms": [{}]}]
    for action in ACTIONS:
        for body in bodies:
            response = api.post(f"/api/v1/mediations/{request.pk}/{action}/", body, format="json")
            assert response.status_code in {200, 400, 403, 404, 409}, (action, body, response.content)


def test_an_action_reads_its_own_form(api, district, mediator, room):
    from .conftest import next_working_day

    request = MediationRequestFactory(district=district, status=S.ACCEPTED, mediator=mediator)
    api.force_authenticate(mediator)
    url = f"/api/v1/mediations/{request.pk}/schedule/"
    day = next_working_day()
    missing = api.post(url, {"room": room.pk}, format="json")
    assert missing.status_code == 400 and {"start_at", "end_at"} <= set(missing.json())
    bad = api.post(url, {"start_at": "soon", "end_at": at(day, 10).isoformat()}, format="json")
    assert bad.status_code == 400 and "start_at" in bad.json()
    # Without a mediator named, the request's mediator holds the session.
    body = {"room": room.pk, "start_at": at(day, 9).isoformat(), "end_at": at(day, 10).isoformat()}
    booked = api.post(url, body, format="json")
    assert booked.status_code == 200, booked.content
    assert booked.json()["sessions"][0]["mediator_id"] == mediator.pk


def test_the_schema_documents_each_action_body(api, admin_user):
    api.force_authenticate(admin_user)
    schema = api.get("/api/schema/?format=json").json()
    body = schema["paths"]["/api/v1/mediations/{id}/{action}/"]["post"]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    one_of = {r["$ref"].rsplit("/", 1)[-1] for r in schema["components"]["schemas"][ref]["oneOf"]}
    assert {"MediationBookRequest", "MediationAgreementRequest", "MediationReasonRequest"} <= one_of
    book = schema["components"]["schemas"]["MediationBookRequest"]
    assert set(book["required"]) == {"start_at", "end_at"}
