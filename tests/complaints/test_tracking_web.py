# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The HTML tracking pages: code check, rate limits, timeline, files, evidence, withdraw, staff access."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from complaints import tracking_registry as trackables
from complaints.models import AuditEntry, Evidence, Notice
from tests.browser.conftest import login  # noqa: F401  (keeps the helpers importable)

from .intake_fixtures import JPEG, PDF, file_complaint, jpeg, media, pdf  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(file_complaint):
    return file_complaint(uploads=[jpeg()])


def open_case(client, filed):
    return client.post(
        "/track/", {"tracking_number": filed.complaint.tracking_number, "access_code": filed.access_code}
    )


def test_track_then_case_page(client, filed):
    r = open_case(client, filed)
    number = filed.complaint.tracking_number
    assert r.status_code == 302 and r["Location"] == f"/track/{number}/"
    page = client.get(r["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and number in html and 'data-testid="case-status"' in html
    assert filed.complaint.acceptance_due.isoformat() in html
    assert filed.access_code not in html and "11010519491231002X" not in html
    assert page["Cache-Control"] == "no-store"


def test_wrong_code_and_unknown_number_look_the_same(client, filed):
    a = client.post(
        "/track/", {"tracking_number": filed.complaint.tracking_number, "access_code": "AAAAAAAAAAAA"}
    )
    b = Client().post("/track/", {"tracking_number": "2102-2026-999999", "access_code": filed.access_code})
    assert a.status_code == b.status_code == 404
    assert a.context["form"].non_field_errors() == b.context["form"].non_field_errors()


def test_failed_lookups_are_rate_limited(client, filed):
    for _ in range(10):
        client.post("/track/", {"tracking_number": filed.complaint.tracking_number, "access_code": "WRONG"})
    r = open_case(client, filed)
    assert r.status_code == 429 and int(r["Retry-After"]) > 0


def test_case_page_needs_proof_of_the_code(client, filed):
    r = client.get(f"/track/{filed.complaint.tracking_number}/")
    assert r.status_code == 302 and r["Location"] == "/track/"
    assert client.get(f"/track/{filed.complaint.tracking_number}/withdraw/").status_code == 404


def test_timeline_decisions_and_notices(client, filed):
    c = filed.complaint
    AuditEntry.objects.create(
        complaint=c,
        action="decline",
        from_status="received",
        to_status="not_accepted",
        reason="超过时效",
        public=True,
    )
    AuditEntry.objects.create(complaint=c, action="note", reason="内部意见", public=False)
    notice = Notice.objects.create(complaint=c, kind="not_accepted", file=SimpleUploadedFile("n.pdf", PDF))
    open_case(client, filed)
    html = client.get(f"/track/{c.tracking_number}/").content.decode()
    assert "超过时效" in html and "内部意见" not in html
    url = f"/track/{c.tracking_number}/files/notices/{notice.pk}/"
    assert url in html
    r = client.get(url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF
    assert r["Content-Security-Policy"].startswith("sandbox")


def test_own_evidence_download_only(client, filed, file_complaint):
    open_case(client, filed)
    ev = Evidence.objects.get(complaint=filed.complaint)
    r = client.get(f"/track/{filed.complaint.tracking_number}/files/evidence/{ev.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == JPEG
    other = file_complaint(uploads=[pdf()], id_number="110105194912310038", employer_name="另一家")
    other_ev = other.complaint.evidence.get()
    assert (
        client.get(f"/track/{filed.complaint.tracking_number}/files/evidence/{other_ev.pk}/").status_code
        == 404
    )
    assert (
        client.get(f"/track/{other.complaint.tracking_number}/files/evidence/{other_ev.pk}/").status_code
        == 404
    )


def test_add_evidence_from_the_page(client, filed):
    open_case(client, filed)
    number = filed.complaint.tracking_number
    r = client.post(f"/track/{number}/evidence/", {"files": [pdf()]})
    assert r.status_code == 302
    assert filed.complaint.evidence.count() == 2
    r = client.post(
        f"/track/{number}/evidence/", {"files": [SimpleUploadedFile("x.jpg", b"nope")]}, follow=True
    )
    assert filed.complaint.evidence.count() == 2 and "msg-error" in r.content.decode()


def test_withdraw_from_the_page(client, filed):
    open_case(client, filed)
    number = filed.complaint.tracking_number
    assert client.get(f"/track/{number}/withdraw/").status_code == 200
    r = client.post(f"/track/{number}/withdraw/", {"reason": "已结清"}, follow=True)
    filed.complaint.refresh_from_db()
    assert filed.complaint.status == "withdrawn"
    html = r.content.decode()
    assert f"/track/{number}/withdraw/" not in html  # no longer offered
    r = client.post(f"/track/{number}/withdraw/", {}, follow=True)
    assert "msg-error" in r.content.decode()


def test_forget_this_device(client, filed):
    open_case(client, filed)
    client.post("/track/forget/")
    assert client.get(f"/track/{filed.complaint.tracking_number}/").status_code == 302


def test_staff_evidence_access(client, filed, inspector, other_inspector):
    ev = Evidence.objects.get()
    url = f"/evidence/{ev.pk}/"
    assert client.get(url).status_code == 403
    client.force_login(other_inspector)
    assert client.get(url).status_code == 403
    client.force_login(inspector)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert client.get("/evidence/999999/").status_code == 404


def test_other_trackables_render_through_the_registry(client, db):
    trackables.register(
        "7777X-",
        lambda n, c: {"number": n} if c == "GOODCODE" else None,
        name="test-mediation",
        fetch=lambda n: {"number": n},
        template="complaints/public/withdraw.html",
        context=lambda obj, request: {
            "complaint": type("X", (), {"tracking_number": obj["number"]})(),
            "form": None,
        },
    )
    try:
        r = client.post("/track/", {"tracking_number": "7777X-2026-000001", "access_code": "GOODCODE"})
        assert r.status_code == 302
        assert client.get(r["Location"]).status_code == 200
        # Complaint-only actions refuse other kinds.
        assert client.get("/track/7777X-2026-000001/withdraw/").status_code == 404
    finally:
        trackables.unregister("test-mediation")


def test_mediation_requests_are_found_on_the_shared_tracking_page_and_api(client, district):
    from tests.mediation.factories import ACCESS_CODE, MediationRequestFactory

    mreq = MediationRequestFactory(district=district)
    r = client.post("/track/", {"tracking_number": mreq.tracking_number, "access_code": ACCESS_CODE})
    assert r.status_code == 302
    page = client.get(r["Location"])
    assert page.status_code == 200 and mreq.tracking_number in page.content.decode()
    assert "13900000002" not in page.content.decode() and "11010519491231002X" not in page.content.decode()
    api = client.get(f"/api/v1/track/{mreq.tracking_number}/", HTTP_X_ACCESS_CODE=ACCESS_CODE)
    assert api.status_code == 200 and api.json()["tracking_number"] == mreq.tracking_number
    assert api.json()["status"] == mreq.status
    wrong = client.get(f"/api/v1/track/{mreq.tracking_number}/", HTTP_X_ACCESS_CODE="WRONGWRONGWR")
    assert wrong.status_code == 404
    # Complaint-only actions refuse other kinds.
    assert (
        client.post(
            f"/api/v1/track/{mreq.tracking_number}/withdraw/", HTTP_X_ACCESS_CODE=ACCESS_CODE
        ).status_code
        == 404
    )
