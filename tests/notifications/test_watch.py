"""The deadline watch (complaints/services/watch.py) across the 2026 Spring Festival, run as often as beat likes."""

from __future__ import annotations

from datetime import date

import pytest

from complaints.choices import CaseStatus
from complaints.models import Assignment, AuditEntry
from complaints.services.watch import deadline_scan
from core.models import CalendarYear
from core.services import calendar_year_load_from_package
from notifications.models import Event, Notification

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def calendar_2026(db):
    if not CalendarYear.objects.filter(year=2026).exists():
        calendar_year_load_from_package(year=2026)


def _assign(case, *inspectors):
    for inspector in inspectors:
        Assignment.objects.create(complaint=case, inspector=inspector)


def test_warning_counts_working_days_across_spring_festival(inspector, inspector2, sms_outbox):
    # Due Thursday 2026-02-26. Three working days before it are 25, 24 and Saturday 14 February
    # (a make-up working day); 15–23 February are the holiday. A calendar-day or weekday count
    # would warn on 23 February instead.
    case = CaseFactory(district=inspector.district, acceptance_due=date(2026, 2, 26))
    _assign(case, inspector, inspector2)

    assert deadline_scan(today=date(2026, 2, 13)).warned == 0
    result = deadline_scan(today=date(2026, 2, 14))
    assert result.warned == 1 and result.overdue == 0
    event = Event.objects.get(kind="deadline.warning")
    assert event.payload["case_id"] == case.pk and event.payload["deadline"] == "acceptance"
    assert event.payload["due_date"] == "2026-02-26" and event.payload["working_days_left"] == 3
    assert set(Notification.objects.filter(event=event).values_list("user_id", flat=True)) == {
        inspector.pk,
        inspector2.pk,
    }
    assert f"case-{case.pk}" in event.groups

    # However often the scan runs, during the holiday and after it, the warning is sent once.
    for day in (
        date(2026, 2, 14),
        date(2026, 2, 16),
        date(2026, 2, 20),
        date(2026, 2, 24),
        date(2026, 2, 26),
    ):
        assert deadline_scan(today=day).recorded == 0
    assert Event.objects.filter(kind="deadline.warning").count() == 1
    assert Notification.objects.filter(user=inspector).count() == 1


def test_domain_example_acceptance_due_2026_02_27(inspector):
    # docs/law/working-days.md: received Friday 2026-02-13, accept by 2026-02-27; three working days before is 24 Feb.
    case = CaseFactory(district=inspector.district, acceptance_due=date(2026, 2, 27))
    _assign(case, inspector)
    assert deadline_scan(today=date(2026, 2, 14)).warned == 0
    assert deadline_scan(today=date(2026, 2, 23)).warned == 0  # still the holiday: 4 working days left
    assert deadline_scan(today=date(2026, 2, 24)).warned == 1


def test_overdue_marks_the_case_and_tells_the_district_manager_once(
    inspector, manager, city_manager, mailoutbox, django_capture_on_commit_callbacks
):
    manager.email = "mgr@example.com"
    manager.save()
    case = CaseFactory(
        district=inspector.district,
        status=CaseStatus.INVESTIGATING,
        investigation_due=date(2026, 2, 27),
    )
    _assign(case, inspector)

    assert deadline_scan(today=date(2026, 2, 27)).overdue == 0  # due today is not overdue yet
    with django_capture_on_commit_callbacks(execute=True):
        result = deadline_scan(today=date(2026, 3, 2))
    assert result.overdue == 1
    event = Event.objects.get(kind="deadline.overdue")
    recipients = set(Notification.objects.filter(event=event).values_list("user_id", flat=True))
    assert recipients == {manager.pk, inspector.pk}  # the district's manager, not the city's
    assert f"district-{case.district_id}" in event.groups
    assert AuditEntry.objects.get(complaint=case, action="deadline_overdue").actor is None
    assert [m.to for m in mailoutbox] == [["mgr@example.com"]]

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert deadline_scan(today=date(2026, 3, 3)).recorded == 0
    assert AuditEntry.objects.filter(complaint=case, action="deadline_overdue").count() == 1
    assert len(mailoutbox) == 1


def test_each_deadline_follows_its_status(inspector):
    due = date(2026, 3, 4)
    received = CaseFactory(district=inspector.district, acceptance_due=due)
    supplement = CaseFactory(
        district=inspector.district, status=CaseStatus.NEEDS_SUPPLEMENT, acceptance_due=due
    )
    ordered = CaseFactory(
        district=inspector.district, status=CaseStatus.ORDERED, order_due=due, investigation_due=due
    )
    closed = CaseFactory(district=inspector.district, status=CaseStatus.CLOSED, investigation_due=due)
    for case in (received, supplement, ordered, closed):
        _assign(case, inspector)

    assert deadline_scan(today=date(2026, 3, 2)).warned == 2
    warned = {
        (e.payload["case_id"], e.payload["deadline"]) for e in Event.objects.filter(kind="deadline.warning")
    }
    assert warned == {(received.pk, "acceptance"), (ordered.pk, "order")}


def test_a_new_due_date_is_warned_again(inspector):
    case = CaseFactory(
        district=inspector.district, status=CaseStatus.INVESTIGATING, investigation_due=date(2026, 3, 4)
    )
    _assign(case, inspector)
    assert deadline_scan(today=date(2026, 3, 2)).warned == 1
    # 第十七条 extension: a new due date is a new deadline to warn of.
    type(case).objects.filter(pk=case.pk).update(investigation_due=date(2026, 4, 15))
    assert deadline_scan(today=date(2026, 4, 10)).warned == 1
    assert Event.objects.filter(kind="deadline.warning").count() == 2


def test_unassigned_case_warns_the_district_manager(inspector, manager):
    CaseFactory(district=inspector.district, acceptance_due=date(2026, 3, 4))
    deadline_scan(today=date(2026, 3, 2))
    assert list(Notification.objects.values_list("user_id", flat=True)) == [manager.pk]


def test_watch_payloads_carry_no_personal_numbers(inspector, manager):
    # The case holds the complainant's ID and mobile; neither may reach an event.
    case = CaseFactory(
        district=inspector.district, status=CaseStatus.INVESTIGATING, investigation_due=date(2026, 3, 2)
    )
    _assign(case, inspector)
    deadline_scan(today=date(2026, 2, 26))
    deadline_scan(today=date(2026, 3, 3))
    events = list(Event.objects.all())
    assert {e.kind for e in events} == {"deadline.warning", "deadline.overdue"}
    for event in events:
        blob = str(event.payload) + event.text
        assert case.complainant_id_number not in blob and case.complainant_mobile not in blob
