"""Visit outcomes: no violation, an order with a follow-up, a case in the complaints lifecycle."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from complaints.choices import CaseStatus, Source
from complaints.models import AuditEntry, Complaint
from core.workdays import add_working_days
from inspections.choices import CheckItem, Outcome, VisitKind, VisitStatus
from inspections.models import CorrectionOrder, Visit, VisitAudit
from inspections.services import visits
from notifications.models import Event

from .conftest import START

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _answers(visit, fail: str | None = None) -> dict:
    items = visits.checklist_for(visit.employer.sector, visit.employer.is_construction_project)
    out = {i.value: "ok" for i in items}
    if fail:
        out[fail] = "fail"
    return out


def test_a_construction_checklist_includes_the_wage_account_and_others_do_not():
    assert CheckItem.WAGE_ACCOUNT in visits.checklist_for("construction", False)
    assert CheckItem.WAGE_ACCOUNT not in visits.checklist_for("catering", False)
    assert CheckItem.WAGE_LEDGER in visits.checklist_for("catering", False)


def test_no_violation_completes_the_visit_with_both_inspectors(planned_visit, inspector, inspector2):
    v = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit),
        findings="",
        outcome=Outcome.NO_VIOLATION,
        workers_on_site=18,
    )
    assert v.status == VisitStatus.COMPLETED
    assert set(v.inspectors.values_list("pk", flat=True)) == {inspector.pk, inspector2.pk}
    assert VisitAudit.objects.filter(visit=v, action="completed").exists()
    event = Event.objects.get(kind="campaign.visit_completed")
    assert f"campaign-{v.campaign_id}" in event.groups and event.payload["visit_id"] == v.pk


def test_an_order_schedules_a_follow_up_on_or_after_its_due_date(planned_visit, inspector):
    due = datetime.date(2026, 12, 5)  # a Saturday: the follow-up falls on the next working day
    v = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit, fail=CheckItem.WAGE_LEDGER),
        findings="工资台账只保存了一年",
        outcome=Outcome.ORDER,
        order_due=due,
        order_text="补齐三年工资台账",
    )
    order = CorrectionOrder.objects.get(visit=v)
    assert order.due_date == due and order.items == [CheckItem.WAGE_LEDGER]
    follow = Visit.objects.get(follow_up_of=v)
    assert follow.kind == VisitKind.FOLLOW_UP and follow.status == VisitStatus.PLANNED
    assert follow.date >= due and follow.date == datetime.date(2026, 12, 7)
    assert follow.earliest == due and follow.team_id == v.team_id


def test_an_order_needs_a_future_due_date(planned_visit, inspector):
    with pytest.raises(ValidationError):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=inspector,
            version=1,
            checklist=_answers(planned_visit, fail=CheckItem.CONTRACTS),
            findings="x",
            outcome=Outcome.ORDER,
            order_due=datetime.date(2020, 1, 1),
        )


def test_opening_a_case_creates_a_complaint_in_the_lifecycle(planned_visit, inspector, inspector2, settings):
    v = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit, fail=CheckItem.PAY_ON_TIME),
        findings="拖欠12名农民工三个月工资",
        outcome=Outcome.CASE,
        amount_owed=Decimal("86000"),
        workers_affected=12,
    )
    c = Complaint.objects.get(pk=v.complaint_id)
    assert c.source == Source.INSPECTION and c.status == CaseStatus.RECEIVED
    assert c.employer_id == v.employer_id and c.district_id == v.district_id
    assert "拖欠12名农民工三个月工资" in c.description
    assert c.amount_owed == Decimal("86000") and c.workers_affected == 12
    assert c.tracking_number.startswith(v.district.code[:4] + "-")
    today = timezone.localdate()
    assert c.acceptance_due == add_working_days(today, settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"]).date
    assert set(c.inspectors.values_list("pk", flat=True)) == {inspector.pk, inspector2.pk}
    assert AuditEntry.objects.filter(complaint=c, action="created").exists()
    assert Event.objects.filter(kind="case.created", payload__case_id=c.pk).exists()


def test_every_checklist_item_needs_an_answer_and_a_violation_needs_an_outcome(planned_visit, inspector):
    partial = _answers(planned_visit)
    partial.pop(next(iter(partial)))
    with pytest.raises(ValidationError):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=inspector,
            version=1,
            checklist=partial,
            findings="",
            outcome=Outcome.NO_VIOLATION,
        )
    with pytest.raises(ValidationError):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=inspector,
            version=1,
            checklist=_answers(planned_visit, fail=CheckItem.CONTRACTS),
            findings="",
            outcome=Outcome.NO_VIOLATION,
        )


def test_only_the_team_may_record_and_a_stale_form_conflicts(planned_visit, inspector, other_inspector):
    with pytest.raises(PermissionDenied):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=other_inspector,
            version=1,
            checklist=_answers(planned_visit),
            findings="",
            outcome=Outcome.NO_VIOLATION,
        )
    with pytest.raises(ConcurrentTransition):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=inspector,
            version=0,
            checklist=_answers(planned_visit),
            findings="",
            outcome=Outcome.NO_VIOLATION,
        )


def test_a_team_of_one_cannot_record_a_visit(planned_visit, inspector):
    team = planned_visit.team
    team.inspector_b = inspector
    team.save()
    with pytest.raises(ValidationError):
        visits.visit_complete(
            visit=planned_visit,
            completed_by=inspector,
            version=1,
            checklist=_answers(planned_visit),
            findings="",
            outcome=Outcome.NO_VIOLATION,
        )


def test_photos_are_content_sniffed(planned_visit, inspector):
    photo = visits.visit_photo_add(
        visit=planned_visit, upload=SimpleUploadedFile("a.jpg", PNG), uploaded_by=inspector
    )
    assert photo.content_type == "image/png" and photo.stored_name.endswith(".png")
    with pytest.raises(ValidationError):
        visits.visit_photo_add(
            visit=planned_visit, upload=SimpleUploadedFile("b.jpg", b"<script>"), uploaded_by=inspector
        )


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists only on PostgreSQL"
)
def test_the_visit_audit_refuses_update_and_delete(planned_visit, inspector):
    visits.visit_photo_add(
        visit=planned_visit, upload=SimpleUploadedFile("a.png", PNG), uploaded_by=inspector
    )
    row = VisitAudit.objects.filter(visit=planned_visit).first()
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic():
        VisitAudit.objects.filter(pk=row.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        VisitAudit.objects.filter(pk=row.pk).delete()


def test_start_is_a_working_day():
    assert START.weekday() == 0


def test_the_status_changes_only_through_the_transitions(planned_visit, inspector):
    with pytest.raises(AttributeError):
        planned_visit.status = VisitStatus.COMPLETED
    v = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit),
        findings="",
        outcome=Outcome.NO_VIOLATION,
    )
    assert v.status == VisitStatus.COMPLETED and v.version == 2 and v.completed_at is not None


def test_a_visit_changed_meanwhile_is_a_409_with_a_clear_message(planned_visit, inspector, city_manager):
    from rest_framework.test import APIClient

    from inspections.services.planning import visit_set_locked

    api = APIClient()

    visit_set_locked(visit=planned_visit, locked=True, changed_by=city_manager)  # version 1 -> 2
    api.force_authenticate(inspector)
    body = {"version": 1, "checklist": _answers(planned_visit), "outcome": Outcome.NO_VIOLATION}
    response = api.post(f"/api/v1/visits/{planned_visit.pk}/complete/", body, format="json")
    assert response.status_code == 409
    assert "changed this just now" in response.json()["detail"]
    assert Visit.objects.get(pk=planned_visit.pk).status == VisitStatus.PLANNED


@pytest.mark.parametrize(
    ("outcome", "fail", "status"),
    [(Outcome.NO_VIOLATION, None, "complied"), (Outcome.CASE, CheckItem.WAGE_LEDGER, "not_complied")],
)
def test_the_follow_up_settles_the_order(planned_visit, inspector, outcome, fail, status):
    first = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit, fail=CheckItem.WAGE_LEDGER),
        findings="工资台账只保存了一年",
        outcome=Outcome.ORDER,
        order_due=datetime.date(2026, 12, 5),
    )
    order = CorrectionOrder.objects.get(visit=first)
    assert order.status == "open"
    follow = Visit.objects.get(follow_up_of=first)
    visits.visit_complete(
        visit=follow,
        completed_by=inspector,
        version=follow.version,
        checklist=_answers(follow, fail=fail),
        findings="仍未补齐" if fail else "",
        outcome=outcome,
    )
    order.refresh_from_db()
    assert order.status == status
    assert VisitAudit.objects.get(visit=follow, action="completed").changes["order_status"] == status
    # The order's own visit carries the result on its trail, with who recorded it.
    entry = VisitAudit.objects.get(visit=first, action=f"order_{status}")
    assert entry.actor == inspector and entry.changes["follow_up_id"] == follow.pk


def test_an_order_is_a_numbered_document_to_the_employer(planned_visit, inspector, client, settings):
    import io

    from pypdf import PdfReader

    settings.LANGUAGE_CODE = "zh-hans"
    employer = planned_visit.employer
    employer.legal_representative = "刘大海"
    employer.save()
    v = visits.visit_complete(
        visit=planned_visit,
        completed_by=inspector,
        version=1,
        checklist=_answers(planned_visit, fail=CheckItem.WAGE_LEDGER),
        findings="工资台账只保存了一年",
        outcome=Outcome.ORDER,
        order_due=datetime.date(2026, 12, 5),
        order_text="补齐三年工资台账",
    )
    document = CorrectionOrder.objects.get(visit=v).document
    assert "监改〔" in document.number
    assert VisitAudit.objects.get(visit=v, action="completed").changes["sha256"] == document.sha256
    client.force_login(inspector)
    served = b"".join(client.get(f"/staff/visits/{v.pk}/order.pdf").streaming_content)
    assert served == document.file.read()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(served)).pages)
    for expected in (
        employer.name,
        employer.credit_code,
        "刘大海",
        "补齐三年工资台账",
        "2026年12月5日",
        document.number,
    ):
        assert expected in text, expected
    assert "行政复议" in text
