"""The staff API: happy paths and the error contract (400/403/404/409, never 500)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from inspections.choices import Outcome

from .conftest import START


@pytest.fixture
def api():
    return APIClient()


def test_campaign_create_and_errors(api, city_manager, inspector, district):
    api.force_authenticate(city_manager)
    body = {"name": "冬季", "starts_on": "2026-11-16", "ends_on": "2027-02-05", "districts": [district.pk]}
    r = api.post("/api/v1/campaigns/", body, format="json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert api.post("/api/v1/campaigns/", {**body, "ends_on": "2026-01-01"}, format="json").status_code == 400
    assert api.get(f"/api/v1/campaigns/{pk}/").status_code == 200
    assert api.get("/api/v1/campaigns/999999/").status_code == 404
    api.force_authenticate(inspector)
    assert api.post("/api/v1/campaigns/", body, format="json").status_code == 403
    assert api.get(f"/api/v1/campaigns/{pk}/").status_code == 200


def test_plan_visits_and_figures(
    api, campaign, team, employers, city_manager, other_inspector, django_capture_on_commit_callbacks
):
    api.force_authenticate(city_manager)
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(
            f"/api/v1/campaigns/{campaign.pk}/plan/", {"from_date": START.isoformat()}, format="json"
        )
    assert r.status_code == 202, r.content
    run = api.get(f"/api/v1/plan-runs/{r.json()['id']}/").json()
    assert run["status"] == "done" and run["visits"] > 0
    assert run["decision"] == "proposed" and run["changes"]["totals"]["added"] == run["visits"]
    # A proposal changes nothing until it is confirmed.
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/visits/").json()["count"] == 0
    confirmed = api.post(f"/api/v1/plan-runs/{run['id']}/confirm/", {"note": "ok"}, format="json")
    assert confirmed.status_code == 200 and confirmed.json()["decision"] == "confirmed"
    assert api.post(f"/api/v1/plan-runs/{run['id']}/confirm/", {}, format="json").status_code == 409
    versions = api.get(f"/api/v1/campaigns/{campaign.pk}/plan-versions/").json()
    assert [v["number"] for v in versions] == [1] and versions[0]["visit_count"] == run["visits"]
    visits = api.get(f"/api/v1/campaigns/{campaign.pk}/visits/").json()
    assert visits["count"] == run["visits"]
    vid = visits["results"][0]["id"]
    assert api.post(f"/api/v1/visits/{vid}/lock/").json()["locked"] is True
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/figures/").status_code == 200
    assert api.get(f"/api/v1/campaigns/{campaign.pk}/risk/").status_code == 200
    api.force_authenticate(other_inspector)
    assert api.get(f"/api/v1/visits/{vid}/").status_code == 403
    assert api.post(f"/api/v1/visits/{vid}/lock/").status_code == 403


def test_visit_complete_conflict_and_validation(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/complete/"
    checklist = {
        c: "ok"
        for c in [
            "wage_ledger",
            "contracts",
            "real_name",
            "wage_account",
            "wage_deposit",
            "holiday_overtime",
            "pay_on_time",
        ]
    }
    assert (
        api.post(
            url, {"version": 1, "checklist": {"nope": "ok"}, "outcome": "order"}, format="json"
        ).status_code
        == 400
    )
    assert (
        api.post(
            url, {"version": 7, "checklist": checklist, "outcome": Outcome.NO_VIOLATION}, format="json"
        ).status_code
        == 409
    )
    r = api.post(url, {"version": 1, "checklist": checklist, "outcome": Outcome.NO_VIOLATION}, format="json")
    assert r.status_code == 200, r.content
    assert (
        api.post(
            url, {"version": 2, "checklist": checklist, "outcome": Outcome.NO_VIOLATION}, format="json"
        ).status_code
        == 400
    )
    bad = api.post(
        f"/api/v1/visits/{planned_visit.pk}/photos/",
        {"photo": SimpleUploadedFile("x.png", b"GIF89a")},
        format="multipart",
    )
    assert bad.status_code == 400


def test_ledger_import_api_reports_the_job(
    api, manager, inspector, district, django_capture_on_commit_callbacks
):
    api.force_authenticate(manager)
    csv_body = f"credit_code,name,district_code\n91210211MA0000001X,甲,{district.code}\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        r = api.post(
            "/api/v1/ledger-imports/", {"file": SimpleUploadedFile("a.csv", csv_body)}, format="multipart"
        )
    assert r.status_code == 202, r.content
    job = api.get(f"/api/v1/ledger-imports/{r.json()['id']}/").json()
    assert job["status"] == "done" and job["total"] == 1 and job["job"]
    api.force_authenticate(inspector)
    assert api.get(f"/api/v1/ledger-imports/{r.json()['id']}/").status_code == 403


def test_the_schema_lists_the_campaign_endpoints(api, admin_user):
    api.force_authenticate(admin_user)
    r = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert r.status_code == 200
    paths = r.json()["paths"] if r.headers["Content-Type"].endswith("json") else r.content.decode()
    for p in (
        "/api/v1/campaigns/{id}/plan/",
        "/api/v1/visits/{id}/complete/",
        "/api/v1/ledger-imports/{id}/",
        "/api/v1/campaigns/{id}/figures/",
    ):
        assert p in paths
