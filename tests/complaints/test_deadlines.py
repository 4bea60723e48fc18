"""Stored deadlines: acceptance, investigation and extension across the 2026 Spring Festival; provisional years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from complaints import deadlines
from complaints.choices import CaseStatus as S
from complaints.models import Complaint
from core import workdays
from core.models import CalendarDay, CalendarYear
from core.services import calendar_year_load_from_package
from tests.complaints.factories import ComplaintFactory, case_in, fast_passwords, media_tmp  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]
D = dt.date


def shanghai(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture(autouse=True)
def calendar_2026(db):
    if not CalendarYear.objects.filter(year=2026).exists():
        calendar_year_load_from_package(year=2026)
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    workdays.invalidate()


def test_acceptance_due_across_spring_festival(district, employer):
    # docs/law/working-days.md: received Friday 2026-02-13 → accept by 2026-02-27 (14 Feb make-up day; 15–23 Feb off).
    case = ComplaintFactory(district=district, employer=employer, received_at=shanghai(D(2026, 2, 13)))
    assert case.acceptance_due == D(2026, 2, 27) and not case.acceptance_due_provisional
    assert case.next_deadline == D(2026, 2, 27)


def test_investigation_due_60_working_days_from_opening_across_the_holiday(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer, received_at=shanghai(D(2026, 2, 10)))
    case.accepted_on = D(2026, 2, 12)
    deadlines.set_investigation_due(case)
    expected = workdays.add_working_days(D(2026, 2, 12), 60).date
    assert case.investigation_due == expected
    # 60 working days from 12 Feb: the Spring Festival (9 days off, one make-up Saturday) pushes it
    # well past the 60 weekdays a naive count would give.
    naive = D(2026, 2, 12)
    n = 0
    while n < 60:
        naive += dt.timedelta(days=1)
        if naive.weekday() < 5:
            n += 1
    assert case.investigation_due > naive
    case.extended = True
    deadlines.set_investigation_due(case)
    assert case.investigation_due == workdays.add_working_days(D(2026, 2, 12), 90).date


def test_deadline_in_an_unloaded_year_is_provisional_and_recomputed_when_loaded(district, employer):
    from core.signals import calendar_changed

    case = ComplaintFactory(district=district, employer=employer, received_at=shanghai(D(2026, 12, 28)))
    assert case.acceptance_due_provisional
    # Weekdays, less 1 January (全国年节及纪念日放假办法 fixes it even before 2027 is loaded).
    assert case.acceptance_due == D(2027, 1, 5)
    # The admin loads 2027 (a made-up schedule: 1 and 4 January off): the deadline moves, loses the flag.
    CalendarYear.objects.create(year=2027)
    CalendarDay.objects.create(date=D(2027, 1, 1), kind="holiday")
    CalendarDay.objects.create(date=D(2027, 1, 4), kind="holiday")
    workdays.invalidate()
    calendar_changed.send(sender=CalendarYear, years={2027})
    case.refresh_from_db()
    assert case.acceptance_due == D(2027, 1, 6) and not case.acceptance_due_provisional
    assert case.next_deadline == D(2027, 1, 6)
    entry = case.audit.get(action="deadlines_recomputed")
    assert entry.changes["acceptance_due"] == ["2027-01-05", "2027-01-06"]


def test_recompute_restarts_acceptance_from_the_supplement(district, employer):
    from core.services import audit_record

    case = ComplaintFactory(district=district, employer=employer, received_at=shanghai(D(2026, 2, 2)))
    audit_record(subject=case, action="supplement_received", changes={})
    assert deadlines.recompute([Complaint.objects.get(pk=case.pk)]) == 1
    case.refresh_from_db()
    assert case.acceptance_due == deadlines.acceptance_due_from(timezone.localdate()).date


def test_overdue_soon_and_next_deadline_by_state(district, employer, inspector, inspector2):
    today = timezone.localdate()
    case = case_in(
        S.ORDERED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        order_due=today + dt.timedelta(days=1),
    )
    assert case.next_deadline == min(case.order_due, case.investigation_due)
    assert deadlines.deadline_state(case) == "soon"
    case.next_deadline = today - dt.timedelta(days=1)
    assert deadlines.deadline_state(case) == "overdue"
    case.next_deadline = today + dt.timedelta(days=40)
    assert deadlines.deadline_state(case) == "ok"
    waiting = case_in(S.NEEDS_SUPPLEMENT, district=district, employer=employer)
    assert waiting.next_deadline is None and deadlines.deadline_state(waiting) == ""
