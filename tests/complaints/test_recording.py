"""Complaints staff record on a worker's behalf: the worker's intake, the receipt day, the channel, the API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from complaints.choices import CaseStatus, Source
from complaints.models import AuditEntry
from complaints.services.intake import DuplicateComplaint, intake_clean
from complaints.services.staff_filing import complaint_record
from complaints.tracking_codes import access_code_matches
from core.workdays import add_working_days
from notifications.models import Event

from .intake_fixtures import VALID_ID, raw_complaint

pytestmark = pytest.mark.django_db


def _record(by, district, *, source=Source.COUNTER, received_on=None, receipt="print", **raw):
    return complaint_record(
        by=by,
        data=intake_clean(raw_complaint(district, **raw)),
        source=source,
        received_on=received_on or timezone.localdate(),
        receipt=receipt,
        external_ref=raw.pop("external_ref", "") if "external_ref" in raw else "",
    )


def test_a_counter_complaint_goes_through_intake_and_names_the_staff_member(
    inspector, district, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _record(inspector, district)
    case = result.complaint
    assert case.source == Source.COUNTER and case.status == CaseStatus.RECEIVED
    assert access_code_matches(result.access_code, case.access_code_hash)
    assert case.acceptance_due == add_working_days(timezone.localdate(), 5).date
    entry = AuditEntry.objects.get(complaint=case)
    assert entry.action == "recorded" and entry.actor == inspector and entry.public
    assert entry.changes["source"] == "counter" and entry.changes["receipt"] == "print"
    assert Event.objects.filter(kind="case.created", payload__case_id=case.pk).exists()
    assert sms_outbox == []  # printed at the counter: no SMS


def test_the_receipt_goes_by_sms_when_staff_choose_it(
    inspector, district, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _record(inspector, district, source=Source.HOTLINE, receipt="sms")
    assert [m.to for m in sms_outbox] == ["13800138000"]
    assert result.access_code in sms_outbox[0].body


def test_sms_without_a_mobile_is_refused(inspector, district):
    with pytest.raises(ValidationError) as caught:
        _record(inspector, district, kind="clue", name="", id_number="", mobile="", receipt="sms")
    assert "receipt" in caught.value.message_dict


def test_a_letter_counts_its_deadline_from_the_day_it_arrived(inspector, district):
    arrived = timezone.localdate() - datetime.timedelta(days=6)
    case = _record(inspector, district, source=Source.LETTER, received_on=arrived).complaint
    assert case.acceptance_due == add_working_days(arrived, 5).date
    assert case.next_deadline == case.acceptance_due
    assert timezone.localdate(case.received_at) == arrived
    assert AuditEntry.objects.get(complaint=case).changes["received_on"] == arrived.isoformat()


@pytest.mark.parametrize(
    "received_on",
    [timezone.localdate() + datetime.timedelta(days=1), timezone.localdate() - datetime.timedelta(days=400)],
)
def test_a_receipt_day_in_the_future_or_long_ago_is_refused(inspector, district, received_on):
    with pytest.raises(ValidationError) as caught:
        _record(inspector, district, source=Source.LETTER, received_on=received_on)
    assert "received_on" in caught.value.message_dict


def test_the_limitation_counts_to_the_day_of_receipt(inspector, district):
    """劳动保障监察条例 第二十条: a letter that arrived inside two years is inside, even if recorded later."""
    today = timezone.localdate()
    arrived = today - datetime.timedelta(days=20)
    end = arrived - datetime.timedelta(days=365 * 2 - 5)
    case = _record(
        inspector,
        district,
        source=Source.LETTER,
        received_on=arrived,
        period_start=end - datetime.timedelta(days=30),
        period_end=end,
    ).complaint
    assert case.outside_limitation is False


def test_the_same_checks_as_the_worker(inspector, district):
    with pytest.raises(ValidationError) as caught:
        intake_clean(raw_complaint(district, id_number="110105194912310021"))
    assert "id_number" in caught.value.message_dict
    _record(inspector, district)
    with pytest.raises(DuplicateComplaint):
        _record(inspector, district, source=Source.HOTLINE)


def test_only_district_staff_record(mediator, other_inspector, admin_user, city_manager, manager, district):
    for user in (mediator, other_inspector, admin_user):
        with pytest.raises(PermissionDenied):
            _record(user, district)
    assert _record(city_manager, district).complaint.source == Source.COUNTER
    assert _record(manager, district, id_number="110105194912310038").complaint.district == district


def test_a_channel_workers_use_themselves_is_refused(inspector, district):
    with pytest.raises(ValidationError) as caught:
        _record(inspector, district, source=Source.ONLINE)
    assert "source" in caught.value.message_dict


# --- API -------------------------------------------------------------------------------------------


def _payload(district, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "source": "letter",
        "received_on": (today - datetime.timedelta(days=2)).isoformat(),
        "receipt": "print",
        "kind": "complaint",
        "category": "wage_arrears",
        "name": "张三",
        "id_number": VALID_ID,
        "mobile": "13800138000",
        "employer_name": "大连宏达建筑工程有限公司",
        "district": district.pk,
        "amount_owed": "18600.00",
        "period_start": (today - datetime.timedelta(days=120)).isoformat(),
        "period_end": (today - datetime.timedelta(days=10)).isoformat(),
        "workers_affected": 1,
        "description": "六月至九月工资未发。",
    }
    data.update(overrides)
    return data


def test_api_records_a_letter(client, inspector, district):
    client.force_login(inspector)
    response = client.post(
        reverse("complaints:api-cases-record"), _payload(district), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    arrived = timezone.localdate() - datetime.timedelta(days=2)
    assert body["source"] == "letter" and body["received_on"] == arrived.isoformat()
    assert body["acceptance_due"] == add_working_days(arrived, 5).date.isoformat()
    assert len(body["access_code"]) >= 10
    entry = AuditEntry.objects.get(complaint_id=body["id"])
    assert entry.actor == inspector and entry.changes["source"] == "letter"


def test_api_field_errors_and_refusals(client, inspector, mediator, other_inspector, district):
    url = reverse("complaints:api-cases-record")
    client.force_login(inspector)
    response = client.post(
        url,
        _payload(district, received_on="2999-01-01", mobile="123", source="online"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"received_on", "mobile", "source"} <= set(response.json())
    client.force_login(mediator)
    assert client.post(url, _payload(district), content_type="application/json").status_code == 403
    client.force_login(other_inspector)  # the form offers their own district only
    response = client.post(url, _payload(district), content_type="application/json")
    assert response.status_code == 400 and "district" in response.json()


def test_api_duplicate_is_a_conflict_and_a_retry_replays(client, inspector, district):
    url = reverse("complaints:api-cases-record")
    client.force_login(inspector)
    headers = {"Idempotency-Key": "counter-0001-abcdef"}
    first = client.post(url, _payload(district), content_type="application/json", headers=headers)
    again = client.post(url, _payload(district), content_type="application/json", headers=headers)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    other = client.post(url, _payload(district, source="hotline"), content_type="application/json")
    assert other.status_code == 409 and other.json()["duplicate_of"] == first.json()["tracking_number"]


# --- pages -----------------------------------------------------------------------------------------


def test_page_records_and_prints_the_receipt(client, inspector, district):
    client.force_login(inspector)
    page = client.get(reverse("complaints:staff-counter-record"))
    assert page.status_code == 200
    form = _payload(district, source="counter", received_on=timezone.localdate().isoformat())
    form["form_token"] = page.context["form"].initial["form_token"]
    response = client.post(reverse("complaints:staff-counter-record"), form)
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    code = receipt.context["access_code"]
    case = receipt.context["complaint"]
    assert access_code_matches(code, case.access_code_hash)
    assert case.tracking_number in receipt.content.decode()
    pdf = client.get(reverse("complaints:staff-counter-receipt-pdf", args=[case.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert case.tracking_number in text and code[:4] in text
    # A colleague who opens the case sees no code: it was the recorder's to print.
    client.logout()


def test_page_receipt_hides_the_code_from_others(client, inspector, manager, district):
    result = _record(inspector, district)
    client.force_login(manager)
    receipt = client.get(reverse("complaints:staff-counter-receipt", args=[result.complaint.pk]))
    assert receipt.status_code == 200 and receipt.context["access_code"] == ""
    assert result.access_code not in receipt.content.decode()
    pdf = client.get(reverse("complaints:staff-counter-receipt-pdf", args=[result.complaint.pk]))
    assert pdf.status_code == 302


def test_a_reference_is_recorded_once_per_channel(client, inspector, district):
    url = reverse("complaints:api-cases-record")
    client.force_login(inspector)
    first = client.post(
        url, _payload(district, source="hotline", external_ref="12345-0001"), content_type="application/json"
    )
    assert first.status_code == 201
    again = client.post(
        url,
        _payload(district, source="hotline", external_ref="12345-0001", id_number="110105194912310038"),
        content_type="application/json",
    )
    assert again.status_code == 400 and first.json()["tracking_number"] in again.json()["external_ref"][0]
    letter = client.post(
        url,
        _payload(district, source="letter", external_ref="12345-0001", id_number="110105194912310038"),
        content_type="application/json",
    )
    assert letter.status_code == 201
