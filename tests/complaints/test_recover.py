# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""Lost access code: a new one by SMS to the mobile on the case, the same answer whatever was found."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from complaints.models import AuditEntry
from notifications.models import OutboundMessage

from .intake_fixtures import file_complaint, media  # noqa: F401

pytestmark = pytest.mark.django_db


def _recover(api, number: str, mobile: str):
    return api.post(f"/api/v1/track/{number}/recover/", {"mobile": mobile}, format="json")


def _track(api, number: str, code: str) -> int:
    return api.get(f"/api/v1/track/{number}/", HTTP_X_ACCESS_CODE=code).status_code


def _new_code(sms_outbox) -> str:
    return re.search(r"\b([A-Z0-9]{12})\b", sms_outbox[-1].body).group(1)


def test_a_new_code_goes_by_sms_and_the_old_one_stops_working(
    file_complaint, sms_outbox, django_capture_on_commit_callbacks
):
    filed = file_complaint()
    number, old = filed.complaint.tracking_number, filed.access_code
    sms_outbox.clear()
    api = APIClient()
    with django_capture_on_commit_callbacks(execute=True):
        r = _recover(api, number, "+86 138-0013-8000")
    assert r.status_code == 202
    assert [m.to for m in sms_outbox] == ["13800138000"] and number in sms_outbox[0].body
    new = _new_code(sms_outbox)
    assert new != old
    assert _track(api, number, old) == 404
    assert _track(api, number, new) == 200
    entry = AuditEntry.objects.filter(complaint=filed.complaint, action="access_code_reissued").get()
    assert entry.public
    # The code is starred out of the stored message once sent.
    stored = OutboundMessage.objects.filter(to="13800138000").latest("id")
    assert new not in stored.redacted_body


def test_the_sms_is_never_sent_inside_the_request(file_complaint, sms_outbox):
    filed = file_complaint()
    sms_outbox.clear()
    r = _recover(APIClient(), filed.complaint.tracking_number, "13800138000")  # no commit in this test
    assert r.status_code == 202 and sms_outbox == []


@pytest.mark.parametrize(
    "number, mobile",
    [
        ("2102-2026-999999", "13800138000"),  # no such case
        (None, "13900139000"),  # the case exists, another mobile
        ("2102M-2026-999999", "13800138000"),  # no such mediation request
        ("garbage", "13800138000"),
    ],
)
def test_the_answer_is_the_same_whatever_was_found(
    number, mobile, file_complaint, sms_outbox, django_capture_on_commit_callbacks
):
    filed = file_complaint()
    api = APIClient()
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reference = _recover(api, filed.complaint.tracking_number, "13800138000")
        r = _recover(api, number or filed.complaint.tracking_number, mobile)
    assert r.status_code == reference.status_code == 202
    assert r.content == reference.content
    assert len(sms_outbox) == 1  # only the real one


def test_recovery_is_rate_limited_per_tracking_number(file_complaint):
    filed = file_complaint()
    number = filed.complaint.tracking_number
    codes = [
        _recover(APIClient(REMOTE_ADDR=f"10.5.0.{i}"), number, "13800138000").status_code for i in range(4)
    ]
    assert codes == [202, 202, 202, 429]


def test_a_bad_mobile_is_a_400(file_complaint):
    r = _recover(APIClient(), file_complaint().complaint.tracking_number, "12345")
    assert r.status_code == 400 and "mobile" in r.json()


def test_mediation_requests_recover_too(district, sms_outbox, django_capture_on_commit_callbacks):
    from tests.mediation.test_api import body

    api = APIClient()
    filed = api.post("/api/v1/mediations/", body(district), format="json").json()
    number, old = filed["tracking_number"], filed["access_code"]
    sms_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _recover(api, number, "13812345678").status_code == 202
    new = _new_code(sms_outbox)
    assert _track(api, number, old) == 404 and _track(api, number, new) == 200


def test_the_page_is_linked_from_tracking_and_answers_alike(client, file_complaint, sms_outbox):
    filed = file_complaint()
    assert "/track/recover/" in client.get("/track/").content.decode()
    assert client.get("/track/recover/").status_code == 200
    right = client.post(
        "/track/recover/", {"tracking_number": filed.complaint.tracking_number, "mobile": "13800138000"}
    )
    wrong = client.post("/track/recover/", {"tracking_number": "2102-2026-999999", "mobile": "13800138000"})
    assert right.status_code == wrong.status_code == 200
    from complaints.services.access_codes import recover_answer

    assert recover_answer() in right.content.decode() and recover_answer() in wrong.content.decode()
    assert client.post("/track/recover/", {"tracking_number": "x", "mobile": "1"}).status_code == 400


def test_the_schema_documents_recovery(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/track/{tracking_number}/recover/" in schema and "track_recover" in schema


# --- a browser that opened the case with the replaced code loses it ---------------------------------


def _open(client, number: str, code: str):
    return client.post("/track/", {"tracking_number": number, "access_code": code})


def _reissue(number: str, mobile: str, sms_outbox, capture) -> str:
    sms_outbox.clear()
    with capture(execute=True):
        assert _recover(APIClient(), number, mobile).status_code == 202
    return _new_code(sms_outbox)


REPLACED = "此案件的查询码已更换"


def test_a_browser_that_opened_a_complaint_with_the_old_code_is_sent_back(
    client, file_complaint, sms_outbox, django_capture_on_commit_callbacks
):
    filed = file_complaint()
    number, old = filed.complaint.tracking_number, filed.access_code
    page = f"/track/{number}/"
    assert _open(client, number, old).status_code == 302
    assert client.get(page).status_code == 200
    new = _reissue(number, "13800138000", sms_outbox, django_capture_on_commit_callbacks)
    refused = client.get(page, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.redirect_chain == [("/track/", 302)]
    assert REPLACED in refused.content.decode()
    assert number not in client.session.get("tracked_cases", {})  # forgotten, not just refused once
    assert client.get(page).status_code == 302
    assert client.post(f"/track/{number}/withdraw/", {"reason": "x"}).status_code == 404
    assert client.get(page).status_code == 302
    assert _open(client, number, old).status_code == 404
    assert _open(client, number, new).status_code == 302
    assert client.get(page).status_code == 200


def test_a_receipt_opened_at_filing_is_locked_too(
    client, file_complaint, sms_outbox, django_capture_on_commit_callbacks
):
    from complaints import tracking_session

    filed = file_complaint()
    number = filed.complaint.tracking_number
    session = client.session
    tracking_session.authorise(session, number, "complaint", filed.complaint)
    session.save()
    assert client.get(f"/complaints/receipt/{number}/").status_code == 200
    _reissue(number, "13800138000", sms_outbox, django_capture_on_commit_callbacks)
    assert client.get(f"/complaints/receipt/{number}/")["Location"] == "/track/"


def test_the_session_keeps_a_fingerprint_never_the_code(client, file_complaint):
    filed = file_complaint()
    number = filed.complaint.tracking_number
    _open(client, number, filed.access_code)
    held = client.session["tracked_cases"][number]
    assert filed.access_code not in held and filed.complaint.access_code_hash not in held
    assert len(held.rsplit("|", 1)[1]) == 16


def test_a_browser_that_opened_a_mediation_request_with_the_old_code_is_sent_back(
    client, district, sms_outbox, django_capture_on_commit_callbacks
):
    from tests.mediation.test_api import body

    filed = APIClient().post("/api/v1/mediations/", body(district), format="json").json()
    number, old = filed["tracking_number"], filed["access_code"]
    page = f"/track/{number}/"
    assert _open(client, number, old).status_code == 302
    assert client.get(page).status_code == 200
    new = _reissue(number, "13812345678", sms_outbox, django_capture_on_commit_callbacks)
    refused = client.get(page, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.redirect_chain == [("/track/", 302)] and REPLACED in refused.content.decode()
    assert client.get(page).status_code == 302
    assert _open(client, number, old).status_code == 404
    assert _open(client, number, new).status_code == 302
    assert client.get(page).status_code == 200


def test_a_mediation_download_with_the_old_code_is_refused(
    client, district, sms_outbox, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.mediation.test_api import body

    filed = APIClient().post("/api/v1/mediations/", body(district), format="json").json()
    number = filed["tracking_number"]
    _open(client, number, filed["access_code"])
    url = reverse("mediation:track-agreement", args=[number])
    assert client.get(url).status_code == 404  # proved, but no agreement yet
    _reissue(number, "13812345678", sms_outbox, django_capture_on_commit_callbacks)
    assert client.get(url)["Location"] == "/track/"
