"""The audit trail: one row per change, with actor and changed fields; append-only in the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from complaints.choices import CaseStatus as S
from complaints.models import AuditEntry
from complaints.services.assignment import complaint_assign
from complaints.services.case_transitions import complaint_accept, complaint_decline
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists only on PostgreSQL"
)


def test_every_change_is_audited_with_actor_and_changed_fields(district, employer, inspector, inspector2):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    case = complaint_accept(complaint=case, by=inspector, note="材料齐全")
    complaint_assign(complaint=case, by=inspector, inspectors=[inspector2])
    accept, assign = AuditEntry.objects.filter(complaint=case).order_by("id")
    assert (accept.actor, accept.from_status, accept.to_status, accept.public) == (
        inspector,
        "received",
        "accepted",
        True,
    )
    assert accept.reason == "材料齐全"
    assert accept.changes["status"] == ["received", "accepted"]
    assert accept.changes["investigation_due"][1] == case.investigation_due.isoformat()
    assert "notice_id" not in accept.changes or accept.changes["notice_id"]
    assert assign.action == "assign" and assign.changes["inspector_ids"] == [inspector2.pk]
    assert not assign.public  # internal: the worker does not see who works the case


def test_decision_reason_is_public_for_the_worker(district, employer, inspector):
    case = complaint_decline(
        complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector, reason="超过两年"
    )
    entry = case.audit.get()
    assert entry.public and entry.reason == "超过两年" and entry.to_status == "not_accepted"


@needs_postgres
def test_database_refuses_update_and_delete_of_audit_rows(district, employer, inspector):
    case = complaint_accept(complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector)
    entry = case.audit.get()
    errors = (InternalError, ProgrammingError, IntegrityError)
    with pytest.raises(errors), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(reason="篡改")
    with pytest.raises(errors), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(errors), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE complaints_auditentry SET reason = 'x'")
    entry.refresh_from_db()
    assert entry.reason == ""
    # Appending still works.
    complaint_assign(complaint=case, by=inspector, inspectors=[inspector])
    assert case.audit.count() == 2


def test_admin_shows_audit_read_only(admin_user, district, employer, inspector):
    from django.test import Client

    case = complaint_accept(complaint=case_in(S.RECEIVED, district=district, employer=employer), by=inspector)
    entry = case.audit.get()
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/complaints/auditentry/").status_code == 200
    page = client.get(f"/admin/complaints/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get(f"/admin/complaints/auditentry/{entry.pk}/delete/").status_code == 403
    for model in (
        "complaint",
        "decision",
        "payment",
        "caseoutcome",
        "notice",
        "assignment",
        "evidence",
        "groupmember",
    ):
        assert client.get(f"/admin/complaints/{model}/").status_code == 200, model
