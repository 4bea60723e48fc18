"""Filing: online, oral (第十二条), referred from a complaint; tracking numbers; the audit trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from complaints.tracking_codes import access_code_matches
from mediation import services
from mediation.choices import MediationSource
from mediation.choices import MediationStatus as S
from mediation.models import MediationAuditEntry, MediationRequest
from mediation.tracking_registration import lookup
from notifications.models import Event

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def form(district, **extra):
    data = {
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "district": district,
        "employer_name": "大连某某建筑工程有限公司",
        "employer_contact_mobile": "13900001111",
        "matters": ["wages", "overtime_pay"],
        "reasons": "拖欠2026年8月至10月工资",
        "amount_claimed": "12000.50",
    }
    return data | extra


def test_file_online_with_evidence(district):
    evidence = SimpleUploadedFile("pay.png", PNG, content_type="image/png")
    request, code = services.mediation_file(data=form(district), files=[evidence])
    assert request.tracking_number.startswith("2102M-")
    assert request.tracking_number.endswith("-000001")
    assert access_code_matches(code, request.access_code_hash)
    assert request.status == S.REQUESTED
    assert request.deadline == services.mediation_deadline_for(request.received_at).date
    assert request.employer.name == "大连某某建筑工程有限公司"
    assert request.evidence.get().size == len(PNG)
    assert lookup(request.tracking_number, code) == request
    assert lookup(request.tracking_number, "WRONGCODE123") is None
    second, _code = services.mediation_file(data=form(district))
    assert second.tracking_number.endswith("-000002")
    assert second.employer == request.employer  # found again, not duplicated
    event = Event.objects.get(kind="mediation.created", payload__mediation_id=request.pk)
    assert "13812345678" not in str(event.payload) and "11010519491231002X" not in str(event.payload)
    assert f"district-{district.pk}" in event.groups


def test_file_rejects_bad_input_all_at_once(district):
    with pytest.raises(ValidationError) as exc:
        services.mediation_file(
            data=form(
                district,
                applicant_mobile="123",
                applicant_id_number="110105194912310021",
                matters=[],
                reasons="",
            )
        )
    assert {"applicant_mobile", "applicant_id_number", "matters", "reasons"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.mediation_file(data=form(district, amount_claimed="-5"))
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError):
        services.mediation_file(data=form(district), files=[bad])
    assert not MediationRequest.objects.exists()


def test_oral_application_records_time_and_applicant(district, mediator, inspector):
    applied = timezone.now() - datetime.timedelta(hours=2)
    request, code = services.mediation_record_oral(by=mediator, data=form(district), applied_at=applied)
    assert request.source == MediationSource.ORAL
    assert request.received_at == applied
    assert request.created_by == mediator
    assert request.audit.get().action == "received"
    with pytest.raises(PermissionDenied):
        services.mediation_record_oral(by=inspector, data=form(district))
    with pytest.raises(ValidationError):
        services.mediation_record_oral(
            by=mediator, data=form(district), applied_at=timezone.now() + datetime.timedelta(days=1)
        )


def _complaint(district, employer):
    from complaints.models import Complaint, Evidence
    from complaints.tracking_codes import hash_access_code

    complaint = Complaint.objects.create(
        tracking_number="2102-2026-000777",
        access_code_hash=hash_access_code("X"),
        district=district,
        employer=employer,
        employer_name_given=employer.name,
        category="overtime_pay",
        description="加班费未支付",
        amount_owed="3000",
        complainant_name="赵六",
        complainant_mobile="13700001234",
    )
    item = Evidence(
        complaint=complaint,
        stored_name="a.png",
        original_name="考勤.png",
        kind="image",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
    )
    item.file.save(
        "a.png", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(PNG), save=False
    )
    item.save()
    return complaint


def test_refer_complaint_to_mediation_in_one_action(district, employer, inspector, other_inspector):
    from complaints.models import Complaint

    complaint = _complaint(district, employer)
    with pytest.raises(PermissionDenied):
        services.complaint_refer_to_mediation(complaint=complaint, by=other_inspector)
    request = services.complaint_refer_to_mediation(complaint=complaint, by=inspector, reason="属于劳动争议")
    assert request.source == MediationSource.COMPLAINT
    assert request.complaint == complaint
    assert (request.applicant_name, request.applicant_mobile, request.employer) == (
        "赵六",
        "13700001234",
        employer,
    )
    assert request.matters == ["overtime_pay"]
    assert request.reasons == "加班费未支付"
    copied = request.evidence.get()
    assert copied.original_name == "考勤.png"
    with copied.file.open("rb") as fh:
        assert fh.read() == PNG
    assert Complaint.objects.get(pk=complaint.pk).status == "referred"
    assert complaint.audit.filter(action="refer").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger is PostgreSQL only")
def test_audit_rows_cannot_be_changed_or_deleted_on_postgresql(mreq, mediator):
    from django.db import DatabaseError

    services.mediation_accept(request=mreq, by=mediator)
    entry = MediationAuditEntry.objects.filter(request=mreq).first()
    with pytest.raises(DatabaseError), transaction.atomic():
        MediationAuditEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        MediationAuditEntry.objects.filter(pk=entry.pk).delete()
    assert MediationAuditEntry.objects.get(pk=entry.pk).reason == entry.reason


def test_case_action_refer_to_mediation_creates_the_request(district, employer, inspector):
    """The workbench/API "refer" with kind mediation is the same one action, not just a closed complaint."""
    from rest_framework.test import APIClient

    from complaints.models import Complaint

    complaint = _complaint(district, employer)
    api = APIClient()
    api.force_authenticate(inspector)
    response = api.post(
        f"/api/v1/cases/{complaint.pk}/refer/",
        {"referral_kind": "mediation", "reason": "属于劳动争议，转调解"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert Complaint.objects.get(pk=complaint.pk).status == "referred"
    request = MediationRequest.objects.get(complaint=complaint)
    assert request.source == MediationSource.COMPLAINT and request.evidence.count() == 1
