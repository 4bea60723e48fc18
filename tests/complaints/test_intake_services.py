# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The intake service: filing, idempotency, duplicates, groups, limitation, evidence, worker actions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from complaints.choices import CaseStatus, ComplaintKind, Source
from complaints.evidence import EvidenceTooLarge
from complaints.models import AuditEntry, Complaint, Evidence, GroupMember
from complaints.services.intake import (
    DuplicateComplaint,
    IdempotencyMismatch,
    complaint_add_evidence_by_worker,
    complaint_file,
    complaint_withdraw_by_worker,
    credit_code_for_staff,
    intake_clean,
)
from complaints.tracking_codes import access_code_matches
from core.models import Employer
from notifications.models import Event, OutboundMessage
from tests.factories import EmployerFactory

from .intake_fixtures import VALID_ID, VALID_ID_2, file_complaint, jpeg, media, pdf, raw_complaint  # noqa: F401

pytestmark = pytest.mark.django_db


def test_file_creates_received_case_with_receipt(
    file_complaint, district, inspector, manager, mediator, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = file_complaint(uploads=[jpeg(), pdf()])
    c = result.complaint
    assert c.status == CaseStatus.RECEIVED
    assert c.tracking_number.startswith(f"2102-{timezone.localdate().year}-")
    assert len(result.access_code) >= 10
    assert access_code_matches(result.access_code, c.access_code_hash)
    assert result.access_code not in c.access_code_hash
    assert c.acceptance_due > timezone.localdate() and c.next_deadline == c.acceptance_due
    assert c.employer.name == "大连宏达建筑工程有限公司"
    assert c.evidence.count() == 2
    audit = AuditEntry.objects.get(complaint=c)
    assert audit.public and audit.action == "received"
    event = Event.objects.get(kind="case.created")
    assert f"district-{district.pk}" in event.groups  # and "city" for city-wide staff
    assert set(event.notifications.values_list("user_id", flat=True)) == {inspector.pk, manager.pk}
    assert VALID_ID not in str(event.payload) and "13800138000" not in str(event.payload)
    assert event.payload["tracking_number"] == c.tracking_number
    # Delivered after commit (tasks run eagerly in tests): the receipt SMS carries number and code.
    assert [m.to for m in sms_outbox] == ["13800138000"]
    assert c.tracking_number in sms_outbox[0].body and result.access_code in sms_outbox[0].body


def test_staff_who_join_or_leave_a_district_are_notified_accordingly(file_complaint, district, inspector):
    """The staff query is compiled once per district; whom it finds is read at each intake."""
    from core.choices import Role
    from tests.factories import UserFactory

    first = file_complaint(id_number=VALID_ID).complaint
    newcomer = UserFactory(role=Role.INSPECTOR, district=district)
    inspector.is_active = False
    inspector.save(update_fields=["is_active"])
    second = file_complaint(id_number=VALID_ID_2, confirm_different_matter=True).complaint

    def notified(case):
        event = Event.objects.get(kind="case.created", payload__case_id=case.pk)
        return set(event.notifications.values_list("user_id", flat=True))

    assert notified(first) == {inspector.pk}
    assert notified(second) == {newcomer.pk}


def test_tracking_numbers_are_sequential_per_prefix_and_year(file_complaint):
    from complaints.tracking_codes import next_tracking_number

    a = file_complaint().complaint.tracking_number
    b = file_complaint(id_number=VALID_ID_2).complaint.tracking_number
    assert int(b[-6:]) == int(a[-6:]) + 1
    assert next_tracking_number(district_code="210211", year=2030) == "2102-2030-000001"
    assert next_tracking_number(district_code="210211", year=2030, prefix="2102M") == "2102M-2030-000001"
    assert next_tracking_number(district_code="210211", year=2030, prefix="2102M") == "2102M-2030-000002"


def test_existing_employer_by_credit_code_is_reused(file_complaint, employer):
    c = file_complaint(employer_name="随便写的名字", employer_credit_code=employer.credit_code).complaint
    assert c.employer == employer
    assert Employer.objects.count() == 1


def test_bad_checksum_credit_code_is_kept_with_warning(file_complaint):
    bad = "91110108551385082A"
    c = file_complaint(employer_credit_code=bad).complaint
    assert c.employer.credit_code == bad and not c.employer.credit_code_checksum_ok
    assert c.employer.credit_code_needs_confirmation
    assert bad in credit_code_for_staff(c)


def test_idempotency_key_returns_the_same_complaint(file_complaint):
    first = file_complaint(key="api:abc12345")
    again = file_complaint(key="api:abc12345")
    assert again.replayed and again.complaint.pk == first.complaint.pk
    assert again.access_code == first.access_code
    assert Complaint.objects.count() == 1


def test_idempotency_key_with_other_content_is_refused(file_complaint):
    file_complaint(key="api:abc12345")
    with pytest.raises(IdempotencyMismatch):
        file_complaint(key="api:abc12345", amount_owed="1.00")


def test_replay_after_window_has_no_code(file_complaint):
    from complaints.models import IntakeSubmission

    file_complaint(key="api:abc12345")
    IntakeSubmission.objects.update(replay_until=timezone.now() - datetime.timedelta(seconds=1))
    assert file_complaint(key="api:abc12345").access_code == ""


def test_duplicate_open_case_is_shown_unless_confirmed(file_complaint):
    first = file_complaint().complaint
    with pytest.raises(DuplicateComplaint) as exc:
        file_complaint(amount_owed="100.00")
    assert exc.value.tracking_number == first.tracking_number
    second = file_complaint(amount_owed="100.00", confirm_different_matter=True).complaint
    assert second.pk != first.pk


def test_duplicate_check_ignores_closed_cases(file_complaint):
    first = file_complaint().complaint
    complaint_withdraw_by_worker(complaint=first)
    assert file_complaint().complaint.pk != first.pk


def test_different_workers_same_employer_overlapping_period_are_grouped(file_complaint):
    today = timezone.localdate()
    a = file_complaint().complaint
    b = file_complaint(id_number=VALID_ID_2, name="李四", mobile="13900139000").complaint
    a.refresh_from_db()
    assert a.group_id is not None and a.group_id == b.group_id
    # A third worker with a period that does not overlap is not grouped.
    c = file_complaint(
        id_number="",
        kind="clue",
        name="",
        mobile="",
        period_start=today - datetime.timedelta(days=900),
        period_end=today - datetime.timedelta(days=800),
    ).complaint
    assert c.group_id is None


def test_group_members_are_stored_and_workers_count_follows(file_complaint):
    c = file_complaint(
        members=[{"name": "李四", "mobile": "13900139000"}, {"name": "王五", "id_number": VALID_ID_2}],
        workers_affected=1,
    ).complaint
    assert GroupMember.objects.filter(complaint=c).count() == 2
    assert c.workers_affected == 3


@pytest.mark.parametrize(
    ("starts_next_day", "ended_days_ago", "outside"),
    [(True, 0, False), (True, 365 * 2, False), (True, 365 * 2 + 2, True), (False, 365 * 2 + 2, True)],
)
def test_two_year_limit_flag(settings, file_complaint, starts_next_day, ended_days_ago, outside):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "LIMITATION_STARTS_NEXT_DAY": starts_next_day}
    today = timezone.localdate()
    end = today - datetime.timedelta(days=ended_days_ago)
    c = file_complaint(period_start=end - datetime.timedelta(days=30), period_end=end).complaint
    assert c.outside_limitation is outside
    assert c.status == CaseStatus.RECEIVED  # still received: the inspector decides


def test_continuing_violation_is_never_outside_the_limit(file_complaint):
    today = timezone.localdate()
    c = file_complaint(
        period_start=today - datetime.timedelta(days=1000), period_end=None, continuing=True
    ).complaint
    assert not c.outside_limitation


def test_anonymous_clue_needs_no_identity(file_complaint, sms_outbox):
    c = file_complaint(
        kind="clue", name="", id_number="", mobile="", period_start=None, period_end=None
    ).complaint
    assert c.kind == ComplaintKind.CLUE and c.is_anonymous
    assert sms_outbox == []


def test_source_is_recorded(district, media):
    result = complaint_file(data=intake_clean(raw_complaint(district)), source=Source.API)
    assert result.complaint.source == Source.API


def test_failed_intake_leaves_no_files(file_complaint, media, monkeypatch):
    with pytest.raises(ValidationError):
        file_complaint(uploads=[jpeg(), jpeg("x.exe", b"MZ\x90\x00" + b"\x00" * 50)])
    assert Complaint.objects.count() == 0
    assert not (media / "evidence").exists() or not any((media / "evidence").rglob("*.*"))


def test_evidence_total_limit(settings, file_complaint):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_TOTAL_BYTES": 300}
    with pytest.raises(EvidenceTooLarge):
        file_complaint(uploads=[jpeg(), jpeg("b.jpg")])


def test_worker_adds_evidence_and_staff_are_told(file_complaint, inspector):
    c = file_complaint().complaint
    c.assignments.create(inspector=inspector)
    rows = complaint_add_evidence_by_worker(complaint=c, uploads=[pdf()])
    assert len(rows) == 1 and rows[0].kind == "pdf"
    event = Event.objects.get(kind="case.evidence_added")
    assert f"case-{c.pk}" in event.groups
    assert list(event.notifications.values_list("user_id", flat=True)) == [inspector.pk]
    assert AuditEntry.objects.filter(complaint=c, action="evidence_added", public=True).exists()


def test_evidence_on_a_case_waiting_for_material_restarts_acceptance(file_complaint):
    c = file_complaint().complaint
    Complaint.objects.filter(pk=c.pk).update(
        status=CaseStatus.NEEDS_SUPPLEMENT, acceptance_due=timezone.localdate() - datetime.timedelta(days=30)
    )
    complaint_add_evidence_by_worker(complaint=c, uploads=[jpeg()])
    c.refresh_from_db()
    assert c.status == CaseStatus.RECEIVED
    assert c.acceptance_due > timezone.localdate() and c.next_deadline == c.acceptance_due
    assert AuditEntry.objects.filter(complaint=c, action="supplement_received", public=True).exists()


def test_no_evidence_on_closed_case(file_complaint):
    c = file_complaint().complaint
    complaint_withdraw_by_worker(complaint=c)
    with pytest.raises(ValidationError):
        complaint_add_evidence_by_worker(complaint=c, uploads=[jpeg()])


def test_evidence_count_limit(settings, file_complaint):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_FILES": 2}
    c = file_complaint(uploads=[jpeg(), jpeg("b.jpg")]).complaint
    with pytest.raises(ValidationError):
        complaint_add_evidence_by_worker(complaint=c, uploads=[jpeg("c.jpg")])
    assert Evidence.objects.filter(complaint=c).count() == 2


def test_withdraw(file_complaint):
    c = file_complaint().complaint
    c = complaint_withdraw_by_worker(complaint=c, reason="已私下解决")
    assert c.status == CaseStatus.WITHDRAWN and c.next_deadline is None and c.closed_at
    entry = AuditEntry.objects.get(complaint=c, action="withdrawn")
    assert entry.public and entry.reason == "已私下解决" and entry.actor_kind == "worker"
    assert Event.objects.filter(kind="case.transitioned").exists()


@pytest.mark.parametrize("status", [CaseStatus.ORDERED, CaseStatus.CLOSED, CaseStatus.WITHDRAWN])
def test_withdraw_refused_after_order(file_complaint, status):
    c = file_complaint().complaint
    Complaint.objects.filter(pk=c.pk).update(status=status)
    c.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        complaint_withdraw_by_worker(complaint=c)


def test_intake_query_count_does_not_grow_with_existing_complaints(file_complaint, district, inspector):
    for _ in range(3):
        EmployerFactory(district=district)
    file_complaint(uploads=[jpeg()])  # warm the calendar cache and the sequence row

    captured: list = []

    def count() -> int:
        Complaint.objects.update(status=CaseStatus.CLOSED)  # no duplicate
        with CaptureQueriesContext(connection) as ctx:
            file_complaint(uploads=[jpeg()], members=[{"name": "李四"}])
        captured[:] = ctx.captured_queries
        return len(ctx.captured_queries)

    def ctx_queries(_n):
        return captured

    first = count()
    for n in range(20):
        file_complaint(confirm_different_matter=True, amount_owed=str(n))
    assert count() == first
    if connection.vendor == "postgresql":
        # the worker's filing lock with the tracking number and ids, the lookup, one statement for every
        # row; inside the test's transaction the filing is a savepoint
        assert first == 5, [q["sql"][:60] for q in ctx_queries(first)]
    else:
        assert first <= 20, first


def test_outbound_sms_body_is_recorded_once(file_complaint):
    file_complaint()
    assert OutboundMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_intake_statements_in_autocommit(file_complaint, district, inspector):
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only (CI runs it): the one-statement write; SQLite's ORM path writes row by row"
        )
    file_complaint()  # the sequence exists, the calendar is cached
    Complaint.objects.update(status=CaseStatus.CLOSED)
    with CaptureQueriesContext(connection) as ctx:
        result = file_complaint(uploads=[jpeg()], members=[{"name": "李四"}])
    statements = [q["sql"].split()[0] for q in ctx.captured_queries]
    # (what follows the write is the delivery, which tests run in process after commit)
    # A real-name complaint: the worker's filing lock (intake_lock.py) makes it one transaction: the
    # lock with the tracking number and ids, the lookup and the write, with no savepoint.
    assert statements[: statements.index("WITH") + 2] == ["BEGIN", "SELECT", "SELECT", "WITH", "COMMIT"], (
        statements
    )
    assert "pg_advisory_xact_lock" in ctx.captured_queries[1]["sql"]
    assert "nextval" in ctx.captured_queries[1]["sql"]
    complaint = result.complaint
    assert complaint.pk and complaint.members.count() == 1 and complaint.evidence.count() == 1
    assert AuditEntry.objects.filter(complaint=complaint, action="received").count() == 1
    assert Event.objects.filter(kind="case.created", payload__case_id=complaint.pk).count() == 1


@pytest.mark.parametrize("in_transaction", [True, False])
def test_a_prefixs_first_filing_creates_its_sequence_and_starts_again(media, in_transaction, request):
    """The lock's statement draws from the prefix's sequence for the year; missing (a new year, a new
    city), the filing rolls back, creates it and starts again, and writes the case once."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (CI runs it): tracking numbers come from a sequence per prefix and year")
    if not in_transaction:
        request.getfixturevalue("transactional_db")
    from complaints.services.intake import complaint_file, intake_clean
    from complaints.tracking_codes import _sequence_name
    from tests.factories import DistrictFactory

    year = timezone.localdate().year
    prefix = "9876"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SEQUENCE IF EXISTS {_sequence_name(prefix, year)}")
    district = DistrictFactory(code=f"{prefix}11", name="新城区")
    with CaptureQueriesContext(connection) as ctx:
        result = complaint_file(data=intake_clean(raw_complaint(district)))
    complaint = result.complaint
    assert complaint.tracking_number == f"{prefix}-{year}-000001"
    assert Complaint.objects.filter(district=district).count() == 1
    assert AuditEntry.objects.filter(complaint=complaint, action="received").count() == 1
    assert Event.objects.filter(kind="case.created", payload__case_id=complaint.pk).count() == 1
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum("pg_advisory_xact_lock" in q for q in sql) == 2  # the first attempt, then the retry
    assert sum(q.startswith("CREATE SEQUENCE") for q in sql) == 1


def test_created_event_names_the_case_and_its_new_group(file_complaint):
    first = file_complaint().complaint
    second = file_complaint(id_number=VALID_ID_2, name="李四", mobile="13900139001").complaint
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.group_id is not None and first.group_id == second.group_id
    payload = Event.objects.get(kind="case.created", payload__tracking_number=second.tracking_number).payload
    assert payload["case_id"] == second.pk and payload["group_id"] == second.group_id


def test_idempotency_records_are_pruned(file_complaint):
    from complaints.models import IntakeSubmission
    from complaints.services.intake import intake_submissions_prune
    from complaints.tasks import intake_submissions_prune as prune_task

    fresh = file_complaint(key="api:fresh-key-1").complaint
    lapsed = file_complaint(key="api:lapsed-key-1", confirm_different_matter=True).complaint
    old = file_complaint(key="api:old-key-0001", confirm_different_matter=True).complaint
    now = timezone.now()
    IntakeSubmission.objects.filter(complaint=lapsed).update(replay_until=now - datetime.timedelta(minutes=1))
    IntakeSubmission.objects.filter(complaint=old).update(
        created_at=now - datetime.timedelta(days=31), replay_until=now - datetime.timedelta(days=30)
    )
    assert intake_submissions_prune() == (2, 1)
    assert IntakeSubmission.objects.get(complaint=fresh).sealed_code != ""
    assert IntakeSubmission.objects.get(complaint=lapsed).sealed_code == ""
    assert not IntakeSubmission.objects.filter(complaint=old).exists()
    assert Complaint.objects.filter(pk=old.pk).exists()  # only the record goes, never the complaint
    assert prune_task.delay().get() == [0, 0, 0]  # nothing left to do (codes, records, kept uploads)


def test_the_fingerprint_of_a_submission_is_stable(district, employer):
    """Idempotency records keep fingerprints for 30 days: the way it is computed must not drift."""
    import hashlib
    import json
    from dataclasses import asdict

    from complaints.services.intake import intake_clean

    data = intake_clean(
        raw_complaint(
            district,
            employer=employer,
            workers_affected=2,
            members=[{"name": "李四", "mobile": "13900139000", "amount_owed": "100.50"}],
        )
    )
    # The reference: every field as asdict() gives it, the district and employer by primary key.
    reference = asdict(data)
    reference.update(district=district.pk, employer=employer.pk, files=["ab", "cd"])
    expected = hashlib.sha256(json.dumps(reference, sort_keys=True, default=str).encode()).hexdigest()
    files = [type("F", (), {"sha256": s})() for s in ("cd", "ab")]
    assert data.fingerprint(files) == expected
    assert data.members and data.employer == employer
    assert intake_clean(raw_complaint(district, employer=employer, workers_affected=3)).fingerprint() != (
        data.fingerprint()
    )
