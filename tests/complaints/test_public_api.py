# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The public API contract: every success and error path (400/404/409/413/422/429), never a 500."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from complaints.models import AuditEntry, Complaint, Evidence, Notice
from tests.factories import EmployerFactory

from .intake_fixtures import JPEG, PDF, VALID_ID_2, api_payload, file_complaint, jpeg, media, pdf  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def filed(file_complaint):
    return file_complaint(uploads=[jpeg()])


def test_file_json(api, district, media):
    r = api.post(URL, api_payload(district), format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    from complaints.serializers_public import ReceiptSerializer

    assert set(body) == set(ReceiptSerializer().fields)  # exactly what the schema documents
    assert body["status"] == "received"
    complaint = Complaint.objects.get()
    assert complaint.source == "api"
    assert body["acceptance_due"] == complaint.acceptance_due.isoformat()
    assert body["tracking_number"] == complaint.tracking_number and body["group_linked"] is False


def test_file_multipart_with_files_and_members(api, district, media):
    data = api_payload(district, members=json.dumps([{"name": "李四", "mobile": "13900139000"}]))
    data["evidence"] = [jpeg(), pdf()]
    r = api.post(URL, data, format="multipart")
    assert r.status_code == 201, r.content
    c = Complaint.objects.get()
    assert c.evidence.count() == 2 and c.members.count() == 1


def test_field_errors_are_400_in_chinese_per_field(api, district, media):
    r = api.post(
        URL,
        api_payload(district, id_number="110105194912310021", mobile="12345", employer_credit_code="abc"),
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert r.status_code == 400
    assert set(r.json()) >= {"id_number", "mobile", "employer_credit_code"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"district": "999999"}, "district"),
        ({"description": ""}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"amount_owed": "-1"}, "amount_owed"),
        ({"amount_owed": "100000000.01"}, "amount_owed"),
        ({"amount_owed": "1.234"}, "amount_owed"),
        ({"amount_owed": "NaN"}, "amount_owed"),
        ({"period_start": "2999-01-01"}, "period_start"),
        ({"period_start": "2026-05-01", "period_end": "2026-04-01"}, "period_end"),
        ({"period_start": "not a date"}, "period_start"),
        ({"kind": "other"}, "kind"),
        ({"category": "x"}, "category"),
        ({"name": ""}, "name"),
        ({"name": "名" * 65}, "name"),
        ({"workers_affected": 0}, "workers_affected"),
        ({"employer": 999999, "employer_name": ""}, "employer"),
        ({"employer_name": ""}, "employer_name"),
        ({"members": [{"name": ""}]}, "members"),
        ({"members": "not json"}, "members"),
        ({"members": [{"name": "李四", "id_number": "123"}]}, "members"),
    ],
)
def test_each_bad_field_is_a_400_naming_it(api, district, media, overrides, field):
    r = api.post(URL, api_payload(district, **overrides), format="json")
    assert r.status_code == 400, r.content
    assert field in r.json(), r.json()


def test_bad_file_type_is_400(api, district, media):
    data = api_payload(district)
    data["evidence"] = [SimpleUploadedFile("fake.jpg", b"<html>hi</html>", content_type="image/jpeg")]
    r = api.post(URL, data, format="multipart")
    assert r.status_code == 400 and "evidence" in r.json()


def test_too_large_file_is_413(api, district, media, settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_FILE_BYTES": 100}
    data = api_payload(district)
    data["evidence"] = [jpeg()]
    r = api.post(URL, data, format="multipart")
    assert r.status_code == 413
    assert Complaint.objects.count() == 0


def test_duplicate_is_409_with_earlier_number_then_confirm(api, district, media):
    first = api.post(URL, api_payload(district), format="json").json()
    r = api.post(URL, api_payload(district, amount_owed="5"), format="json")
    assert r.status_code == 409 and r.json()["duplicate_of"] == first["tracking_number"]
    r = api.post(URL, api_payload(district, amount_owed="5", confirm_different_matter=True), format="json")
    assert r.status_code == 201


def test_idempotency_key_replays(api, district, media):
    key = str(uuid.uuid4())
    a = api.post(URL, api_payload(district), format="json", HTTP_IDEMPOTENCY_KEY=key)
    b = api.post(URL, api_payload(district), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert a.status_code == b.status_code == 201
    assert a.json() == b.json() and b["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 1
    c = api.post(URL, api_payload(district, amount_owed="1"), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert c.status_code == 422


def test_bad_idempotency_key_is_400(api, district, media):
    r = api.post(URL, api_payload(district), format="json", HTTP_IDEMPOTENCY_KEY="short")
    assert r.status_code == 400 and "Idempotency-Key" in r.json()


def test_malformed_json_is_400(api, district):
    r = api.post(URL, "{not json", content_type="application/json")
    assert r.status_code == 400


def test_intake_is_rate_limited_with_retry_after(api, district, media, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": "2/hour"},
    }
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    try:
        codes = [
            api.post(
                URL, api_payload(district, kind="clue", name="", id_number="", mobile=""), format="json"
            ).status_code
            for _ in range(3)
        ]
        assert codes[:2] == [201, 201] and codes[2] == 429
        r = api.post(URL, api_payload(district), format="json")
        assert r.status_code == 429 and int(r["Retry-After"]) > 0
    finally:
        from rest_framework.settings import api_settings

        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES


# --- tracking ---------------------------------------------------------------------------------------


def track(api, number, code, suffix=""):
    return api.get(f"/api/v1/track/{number}/{suffix}", HTTP_X_ACCESS_CODE=code)


def test_track_with_code(api, filed):
    r = track(api, filed.complaint.tracking_number, filed.access_code)
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "received" and body["type"] == "complaint"
    assert body["timeline"][0]["text"]
    assert body["next_deadline"]["date"] == filed.complaint.acceptance_due.isoformat()
    assert len(body["evidence"]) == 1 and body["can_withdraw"] and body["can_add_evidence"]
    assert "id_number" not in json.dumps(body) and "11010519491231002X" not in json.dumps(body)


def test_code_is_forgiving_about_case_spaces_and_dashes(api, filed):
    code = filed.access_code
    loose = f" {code[:4].lower()}-{code[4:8]} {code[8:]} "
    assert track(api, filed.complaint.tracking_number, loose).status_code == 200


def test_wrong_code_and_unknown_number_answer_alike(api, filed):
    wrong = track(api, filed.complaint.tracking_number, "AAAAAAAAAAAA")
    unknown = track(api, "2102-2026-999999", filed.access_code)
    missing = api.get(f"/api/v1/track/{filed.complaint.tracking_number}/")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.content == unknown.content == missing.content


def test_wrong_codes_are_limited_per_tracking_number_and_address(api, filed):
    number = filed.complaint.tracking_number
    for _ in range(10):
        assert track(api, number, "WRONGCODE1").status_code == 404
    r = track(api, number, filed.access_code)  # refused before the code is even checked
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert "minute" in r.json()["detail"]
    # Another address (a co-worker on mobile data) still reaches the case with the right code.
    assert track(APIClient(REMOTE_ADDR="10.0.1.1"), number, filed.access_code).status_code == 200


def test_one_workers_typos_do_not_lock_out_a_coworker_on_the_same_hotspot(api, filed):
    for i in range(30):  # many mistyped numbers and codes from the shared address
        assert track(api, f"2102-2026-{i:06d}", "WRONGCODE1").status_code == 404
    assert track(api, filed.complaint.tracking_number, filed.access_code).status_code == 200


def test_add_evidence_by_api(api, filed):
    number, code = filed.complaint.tracking_number, filed.access_code
    r = api.post(
        f"/api/v1/track/{number}/evidence/", {"files": [pdf()]}, format="multipart", HTTP_X_ACCESS_CODE=code
    )
    assert r.status_code == 201 and len(r.json()["evidence"]) == 2


def test_add_evidence_errors(api, filed, settings):
    number, code = filed.complaint.tracking_number, filed.access_code
    url = f"/api/v1/track/{number}/evidence/"
    assert api.post(url, {"files": [pdf()]}, format="multipart", HTTP_X_ACCESS_CODE="BAD").status_code == 404
    assert api.post(url, {}, format="multipart", HTTP_X_ACCESS_CODE=code).status_code == 400
    bad = SimpleUploadedFile("a.pdf", b"GIF89a....", content_type="application/pdf")
    assert api.post(url, {"files": [bad]}, format="multipart", HTTP_X_ACCESS_CODE=code).status_code == 400
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_FILE_BYTES": 10}
    assert api.post(url, {"files": [pdf()]}, format="multipart", HTTP_X_ACCESS_CODE=code).status_code == 413


def test_withdraw_by_api_then_again_is_409(api, filed):
    number, code = filed.complaint.tracking_number, filed.access_code
    url = f"/api/v1/track/{number}/withdraw/"
    assert api.post(url, {"reason": "x"}, format="json", HTTP_X_ACCESS_CODE="BAD").status_code == 404
    r = api.post(url, {"reason": "已解决"}, format="json", HTTP_X_ACCESS_CODE=code)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn" and not r.json()["can_withdraw"]
    assert api.post(url, {}, format="json", HTTP_X_ACCESS_CODE=code).status_code == 409
    assert api.post(url, {"reason": "x" * 501}, format="json", HTTP_X_ACCESS_CODE=code).status_code == 400


def test_download_own_evidence_and_notice(api, filed, media):
    number, code = filed.complaint.tracking_number, filed.access_code
    ev = Evidence.objects.get()
    r = track(api, number, code, f"evidence/{ev.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == JPEG
    assert r["Content-Disposition"].startswith("attachment")
    assert track(api, number, "BAD", f"evidence/{ev.pk}/").status_code == 404
    notice = Notice.objects.create(
        complaint=filed.complaint, kind="accepted", file=SimpleUploadedFile("n.pdf", PDF)
    )
    body = track(api, number, code).json()
    assert body["notices"][0]["url"].endswith(f"/notices/{notice.pk}/")
    r = track(api, number, code, f"notices/{notice.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"


def test_cannot_download_someone_elses_evidence(api, filed, file_complaint):
    other = file_complaint(uploads=[pdf()], id_number=VALID_ID_2, employer_name="另一家公司")
    ev = other.complaint.evidence.get()
    assert (
        track(api, filed.complaint.tracking_number, filed.access_code, f"evidence/{ev.pk}/").status_code
        == 404
    )


def test_decisions_with_reasons_are_shown(api, filed):
    AuditEntry.objects.create(
        complaint=filed.complaint,
        action="decline",
        from_status="received",
        to_status="not_accepted",
        reason="超过两年投诉时效。",
        public=True,
    )
    AuditEntry.objects.create(complaint=filed.complaint, action="note", reason="内部备注", public=False)
    body = track(api, filed.complaint.tracking_number, filed.access_code).json()
    assert [d["reason"] for d in body["decisions"]] == ["超过两年投诉时效。"]
    assert "内部备注" not in json.dumps(body, ensure_ascii=False)


# --- calculator and schema --------------------------------------------------------------------------


def test_calculator_api(api):
    r = api.post("/api/v1/calculator/", {"monthly_wage": "4350", "overtime_hours": "10"}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["daily_wage"] == "200.00" and body["hourly_wage"] == "25.00"
    assert body["lines"][0]["amount"] == "375.00" and body["total"] == "375.00"
    assert "第四十四条" in body["lines"][0]["article"] or "44" in body["lines"][0]["article"]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"monthly_wage": "-1"},
        {"monthly_wage": "abc"},
        {"monthly_wage": "0"},
        {"monthly_wage": "5000", "rest_days": "99999"},
    ],
)
def test_calculator_api_errors(api, data):
    assert api.post("/api/v1/calculator/", data, format="json").status_code == 400


def test_schema_documents_the_public_api(api):
    r = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    text = r.content.decode()
    for path in ("/api/v1/complaints/", "/api/v1/track/{tracking_number}/", "/api/v1/calculator/"):
        assert path in text
    assert "Idempotency-Key" in text and "X-Access-Code" in text


def test_employer_picked_by_id(api, district, media):
    employer = EmployerFactory(district=district)
    r = api.post(URL, api_payload(district, employer=employer.pk, employer_name=""), format="json")
    assert r.status_code == 201
    assert Complaint.objects.get().employer == employer


def test_receipt_flags_a_provisional_deadline(api, district, media):
    from core import workdays
    from core.models import CalendarYear

    CalendarYear.objects.all().delete()
    workdays.invalidate()
    try:
        body = api.post(URL, api_payload(district), format="json").json()
        assert body["acceptance_due_provisional"] is True
    finally:
        workdays.invalidate()


def test_oversized_body_is_refused_before_parsing(api, district, settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_TOTAL_BYTES": 10}
    big = "x" * (1024 * 1024 + 100)
    r = api.post(URL, {**api_payload(district), "description": big}, format="json")
    assert r.status_code == 413


def test_serializers_share_no_state_between_requests(district):
    from complaints.serializers_public import ComplaintCreateSerializer

    bad = ComplaintCreateSerializer(
        data={"district": district.code, "description": "", "members": [{"name": ""}]}
    )
    good = ComplaintCreateSerializer(
        data={"district": district.code, "description": "工资", "members": [{"name": "李四"}]}
    )
    assert not bad.is_valid()
    assert good.is_valid(), good.errors
    assert set(bad.errors) >= {"description", "members"} and "members" not in good.errors
    assert good.validated_data["members"] == [
        {"name": "李四", "id_number": "", "mobile": "", "amount_owed": None}
    ]
    # each serializer binds fields of its own, down to the nested member serializer
    assert good.fields["members"].child is not bad.fields["members"].child
    assert good.fields["members"].child.parent is good.fields["members"]
