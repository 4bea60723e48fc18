"""The tablet's offline queue on the server: idempotent changes, 409 with the visit as it now is,
on-site check-in, the day kept on the tablet, and the installable app (manifest, service worker)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from inspections.choices import CheckItem, Outcome, VisitStatus
from inspections.models import CorrectionOrder, OfflineSubmission, Visit, VisitAudit, VisitPhoto
from inspections.services.checkin import distance_m, visit_check_in
from inspections.services.offline import offline_submissions_prune

from .test_visits import PNG

ALL_OK = {c.value: "ok" for c in CheckItem}


@pytest.fixture
def api():
    return APIClient()


def _order_body(version: int = 1) -> dict:
    checklist = dict(ALL_OK, wage_ledger="fail")
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    return {
        "version": version,
        "checklist": checklist,
        "findings": "台账缺失",
        "outcome": Outcome.ORDER,
        "order_due": due,
    }


def test_a_retried_result_makes_one_visit_order_and_follow_up(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/complete/"
    key = str(uuid.uuid4())
    first = api.post(url, _order_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    again = api.post(url, _order_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 200, first.content
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert "Idempotent-Replayed" not in first
    assert CorrectionOrder.objects.filter(visit=planned_visit).count() == 1
    assert Visit.objects.filter(follow_up_of=planned_visit).count() == 1
    assert VisitAudit.objects.filter(visit_id=planned_visit.pk, action="completed").count() == 1
    assert OfflineSubmission.objects.get(key=key).status_code == 200


def test_a_retried_photo_is_stored_once(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/photos/"
    key = str(uuid.uuid4())
    for _ in range(2):
        r = api.post(
            url, {"photo": SimpleUploadedFile("a.png", PNG)}, format="multipart", HTTP_IDEMPOTENCY_KEY=key
        )
        assert r.status_code == 201, r.content
    assert VisitPhoto.objects.filter(visit=planned_visit).count() == 1
    assert r.json()["url"].endswith(f"/photos/{VisitPhoto.objects.get().pk}/")
    # Without a key, each upload is a photo of its own.
    api.post(url, {"photo": SimpleUploadedFile("b.png", PNG)}, format="multipart")
    assert VisitPhoto.objects.filter(visit=planned_visit).count() == 2


def test_a_stale_result_is_409_with_the_visit_as_it_now_is_and_leaves_the_key_free(
    api, planned_visit, inspector
):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/complete/"
    Visit.objects.filter(pk=planned_visit.pk).update(
        version=2, date=planned_visit.date + datetime.timedelta(1)
    )
    key = str(uuid.uuid4())
    stale = api.post(url, _order_body(version=1), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert stale.status_code == 409
    current = stale.json()["current"]
    assert current["version"] == 2 and current["status"] == VisitStatus.PLANNED
    assert current["date"] == (planned_visit.date + datetime.timedelta(1)).isoformat()
    assert stale.json()["detail"]
    assert not OfflineSubmission.objects.filter(key=key).exists()
    # The inspector chose to record theirs on the visit as it now is.
    mine = api.post(url, _order_body(version=2), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert mine.status_code == 200, mine.content
    planned_visit.refresh_from_db()
    assert planned_visit.status == VisitStatus.COMPLETED and planned_visit.version == 3


def test_a_refused_result_does_not_keep_the_key(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/complete/"
    key = str(uuid.uuid4())
    bad = api.post(url, {"version": 1, "outcome": "order"}, format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert bad.status_code == 400
    assert not OfflineSubmission.objects.filter(key=key).exists()


def test_a_key_is_one_change_only(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    key = str(uuid.uuid4())
    r = api.post(
        f"/api/v1/visits/{planned_visit.pk}/checkin/",
        {"status": "refused"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert r.status_code == 200, r.content
    other = api.post(
        f"/api/v1/visits/{planned_visit.pk}/complete/", _order_body(), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert other.status_code == 400 and "idempotency_key" in other.json()
    assert (
        api.post(
            f"/api/v1/visits/{planned_visit.pk}/checkin/",
            {"status": "refused"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="not-a-uuid",
        ).status_code
        == 400
    )


def test_another_user_cannot_replay_a_key(api, planned_visit, inspector, inspector2):
    key = str(uuid.uuid4())
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/checkin/"
    assert api.post(url, {"status": "refused"}, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 200
    api.force_authenticate(inspector2)
    assert api.post(url, {"status": "refused"}, format="json", HTTP_IDEMPOTENCY_KEY=key).status_code == 400


def test_old_keys_are_pruned(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    key = str(uuid.uuid4())
    api.post(
        f"/api/v1/visits/{planned_visit.pk}/checkin/",
        {"status": "refused"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert offline_submissions_prune(now=timezone.now() + datetime.timedelta(days=29)) == 0
    assert offline_submissions_prune(now=timezone.now() + datetime.timedelta(days=31)) == 1


# --- check-in ----------------------------------------------------------------------------------


def test_distance_is_the_great_circle_distance():
    assert distance_m(38.0, 121.0, 38.0, 121.0) == 0
    assert abs(distance_m(38.0, 121.0, 39.0, 121.0) - 111_195) <= 1  # one degree of latitude


def test_check_in_records_position_accuracy_and_distance(api, planned_visit, inspector, client):
    employer = planned_visit.employer
    employer.latitude, employer.longitude = Decimal("38.914000"), Decimal("121.614000")
    employer.save()
    api.force_authenticate(inspector)
    r = api.post(
        f"/api/v1/visits/{planned_visit.pk}/checkin/",
        {"status": "recorded", "latitude": 38.915123456, "longitude": 121.614, "accuracy_m": 12},
        format="json",
    )
    assert r.status_code == 200, r.content
    planned_visit.refresh_from_db()
    assert planned_visit.checkin_status == "recorded" and planned_visit.checkin_accuracy_m == 12
    assert planned_visit.checkin_latitude == Decimal("38.915123") and planned_visit.checkin_at is not None
    assert planned_visit.version == 1  # a check-in is not part of the result the version guards
    audit = VisitAudit.objects.get(visit_id=planned_visit.pk, action="checked_in")
    assert audit.changes["distance_m"] == distance_m(38.915123, 121.614, 38.914, 121.614) == 125
    client.force_login(inspector)
    page = client.get(f"/staff/visits/{planned_visit.pk}/").content.decode()
    assert "± 12 m" in page and "125 m" in page


def test_a_refused_location_is_recorded_and_does_not_block(api, planned_visit, inspector):
    api.force_authenticate(inspector)
    r = api.post(f"/api/v1/visits/{planned_visit.pk}/checkin/", {"status": "refused"}, format="json")
    assert r.status_code == 200
    planned_visit.refresh_from_db()
    assert planned_visit.checkin_status == "refused" and planned_visit.checkin_latitude is None
    done = api.post(
        f"/api/v1/visits/{planned_visit.pk}/complete/",
        {"version": 1, "checklist": ALL_OK, "outcome": Outcome.NO_VIOLATION},
        format="json",
    )
    assert done.status_code == 200, done.content
    # A later position replaces "refused"; once recorded, the first position stands.
    again = api.post(f"/api/v1/visits/{planned_visit.pk}/checkin/", {"status": "refused"}, format="json")
    assert again.status_code == 400  # the visit is completed


def test_the_first_recorded_position_stands(planned_visit, inspector):
    visit_check_in(visit=planned_visit, checked_in_by=inspector, status="unavailable")
    visit_check_in(
        visit=planned_visit,
        checked_in_by=inspector,
        status="recorded",
        latitude=Decimal("38.9"),
        longitude=Decimal("121.6"),
        accuracy_m=30,
    )
    visit_check_in(
        visit=planned_visit,
        checked_in_by=inspector,
        status="recorded",
        latitude=Decimal("10"),
        longitude=Decimal("10"),
        accuracy_m=5,
    )
    planned_visit.refresh_from_db()
    assert planned_visit.checkin_latitude == Decimal("38.9") and planned_visit.checkin_accuracy_m == 30
    assert VisitAudit.objects.filter(visit_id=planned_visit.pk, action="checked_in").count() == 2


def test_check_in_input_errors(api, planned_visit, inspector, other_inspector):
    api.force_authenticate(inspector)
    url = f"/api/v1/visits/{planned_visit.pk}/checkin/"
    assert api.post(url, {"status": "recorded", "latitude": 38.9}, format="json").status_code == 400
    assert api.post(url, {"status": "somewhere"}, format="json").status_code == 400
    assert (
        api.post(
            url, {"status": "recorded", "latitude": 91, "longitude": 1, "accuracy_m": 1}, format="json"
        ).status_code
        == 400
    )
    api.force_authenticate(other_inspector)
    assert api.post(url, {"status": "refused"}, format="json").status_code == 403


def test_the_manager_sees_check_ins_on_the_campaign_page(client, planned_visit, inspector, city_manager):
    visit_check_in(
        visit=planned_visit,
        checked_in_by=inspector,
        status="recorded",
        latitude=Decimal("38.9"),
        longitude=Decimal("121.6"),
        accuracy_m=30,
    )
    client.force_login(city_manager)
    page = client.get(f"/staff/campaigns/{planned_visit.campaign_id}/").content.decode()
    assert "data-checkins" in page and planned_visit.employer.name in page and "± 30 m" in page
    client.force_login(inspector)
    assert (
        "data-checkins" not in client.get(f"/staff/campaigns/{planned_visit.campaign_id}/").content.decode()
    )


# --- the day kept on the tablet ----------------------------------------------------------------


def test_the_day_api_gives_visits_checklists_cases_and_a_token(
    api, planned_visit, inspector, other_inspector, mediator
):
    earlier = Visit.objects.create(
        campaign=planned_visit.campaign,
        employer=planned_visit.employer,
        district=planned_visit.district,
        team=planned_visit.team,
        date=planned_visit.date - datetime.timedelta(days=20),
    )
    Visit.objects.filter(pk=earlier.pk).update(
        status=VisitStatus.COMPLETED, outcome="order", findings="无台账"
    )
    api.force_authenticate(inspector)
    r = api.get("/api/v1/tablet/day/", {"date": planned_visit.date.isoformat(), "days": 1})
    assert r.status_code == 200, r.content
    data = r.json()
    assert [v["id"] for v in data["visits"]] == [planned_visit.pk]
    visit = data["visits"][0]
    assert visit["employer"]["name"] == planned_visit.employer.name
    assert visit["url"] == f"/staff/visits/{planned_visit.pk}/" and visit["version"] == 1
    assert visit["last_findings"]["findings"] == "无台账"
    assert {i["value"] for i in data["checklist_items"]} == set(CheckItem.values)
    assert data["csrf_token"] and "cases" in data
    assert r["Cache-Control"] == "private, no-store"
    api.force_authenticate(other_inspector)
    assert api.get("/api/v1/tablet/day/", {"date": planned_visit.date.isoformat()}).json()["visits"] == []
    api.force_authenticate(mediator)
    assert api.get("/api/v1/tablet/day/").status_code == 403
    api.force_authenticate(inspector)
    assert api.get("/api/v1/tablet/day/", {"date": "nonsense", "days": "x"}).status_code == 200


# --- the installable app -----------------------------------------------------------------------


def test_the_service_worker_and_the_manifest(client):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    assert sw["Service-Worker-Allowed"] == "/" and sw["Cache-Control"] == "no-cache"
    body = sw.content.decode()
    assert "/static/js/offline.js" in body and "/static/vendor/workbox/workbox-core.prod.js" in body
    assert "{%" not in body and "https://" not in body  # nothing from another site
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/staff/visits/today/" and manifest["display"] == "standalone"
    assert {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}


def test_staff_pages_link_the_manifest_and_the_queue(client, inspector):
    client.force_login(inspector)
    page = client.get("/staff/visits/today/").content.decode()
    assert 'rel="manifest"' in page and "js/offline.js" in page and "data-sync-bar" in page
    client.logout()
    assert "js/offline.js" not in client.get("/accounts/login/").content.decode()
