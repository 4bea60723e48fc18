"""Case records and audit trails are view-only in the admin; reference data stays editable."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

# Changed only through the services (which write the audit trail): never through the admin.
READ_ONLY = [
    "complaints.Complaint",
    "complaints.ComplaintGroup",
    "complaints.GroupMember",
    "complaints.Evidence",
    "complaints.Assignment",
    "complaints.Notice",
    "complaints.Decision",
    "complaints.Payment",
    "complaints.CaseOutcome",
    "complaints.TrackingSequence",
    "complaints.AuditEntry",
    "complaints.InspectionRecord",
    "complaints.RecordAttachment",
    "mediation.MediationRequest",
    "mediation.MediationSession",
    "mediation.MediationAuditEntry",
    "inspections.Campaign",
    "inspections.LedgerImport",
    "inspections.PlanRun",
    "inspections.PlanVersion",
    "inspections.CampaignAudit",
    "inspections.Visit",
    "inspections.CorrectionOrder",
    "inspections.VisitAudit",
    "notifications.Event",
    "notifications.EventGroup",
    "notifications.Notification",
]

# Reference data an administrator maintains.
EDITABLE = [
    "core.District",
    "core.User",
    "core.Employer",
    "core.CalendarYear",
    "core.CalendarDay",
    "mediation.Room",
    "mediation.WorkingHours",
    "mediation.Unavailability",
]


PROJECT_APPS = {"core", "complaints", "mediation", "inspections", "notifications"}


def _registered_models() -> set[str]:
    return {
        m._meta.label
        for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and admin.site.is_registered(m)
    }


def test_every_admin_model_is_classified():
    """A model newly registered in the admin must be put in one of the two lists above."""
    assert _registered_models() == set(READ_ONLY) | set(EDITABLE)


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _url(label: str, view: str, *args) -> str:
    opts = apps.get_model(label)._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("label", READ_ONLY)
def test_case_records_are_view_only(admin_client, admin_user, rf, label):
    model_admin = admin.site.get_model_admin(apps.get_model(label))
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert admin_client.get(_url(label, "changelist")).status_code == 200
    assert admin_client.get(_url(label, "add")).status_code == 403
    assert admin_client.post(_url(label, "add"), {}).status_code == 403
    # Refused before the row is even looked up: no row needed.
    assert admin_client.post(_url(label, "change", 1), {}).status_code == 403
    assert admin_client.post(_url(label, "delete", 1), {"post": "yes"}).status_code == 403


def test_a_real_row_is_shown_but_not_changed(admin_client, inspector, employer):
    from complaints.models import AuditEntry
    from tests.complaints.factories import ComplaintFactory

    complaint = ComplaintFactory(district=inspector.district, employer=employer)
    url = _url("complaints.Complaint", "change", complaint.pk)
    page = admin_client.get(url)
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert admin_client.post(url, {"status": "closed", "description": "x"}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status != "closed" and complaint.description != "x"
    assert (
        admin_client.post(_url("complaints.Complaint", "delete", complaint.pk), {"post": "yes"}).status_code
        == 403
    )
    assert type(complaint).objects.filter(pk=complaint.pk).exists()
    assert not AuditEntry.objects.filter(complaint=complaint, action="changed").exists()


@pytest.mark.parametrize("label", EDITABLE)
def test_reference_data_stays_editable(admin_client, label):
    assert admin_client.get(_url(label, "add")).status_code == 200
