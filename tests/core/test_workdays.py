import datetime as dt

import pytest

from core import workdays
from core.models import CalendarDay, CalendarYear
from core.services import calendar_year_load_from_package

D = dt.date


@pytest.fixture(autouse=True)
def calendar_2026(db):
    # The migration loads every year chinesecalendar carries; make sure 2026 is there and 2027 is not.
    if not CalendarYear.objects.filter(year=2026).exists():
        calendar_year_load_from_package(year=2026)
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    workdays.invalidate()


def test_domain_example_spring_festival_2026():
    # docs/law/working-days.md: received Friday 2026-02-13 → accepted by 2026-02-27.
    result = workdays.add_working_days(D(2026, 2, 13), 5)
    assert result == workdays.DateResult(D(2026, 2, 27), False)


def test_makeup_saturday_counts_and_holidays_do_not():
    assert workdays.is_working_day(D(2026, 2, 14))  # make-up Saturday
    assert not workdays.is_working_day(D(2026, 2, 16))  # Spring Festival
    assert not workdays.is_working_day(D(2026, 2, 15)).provisional


def test_event_day_not_counted():
    assert workdays.add_working_days(D(2026, 3, 2), 1).date == D(2026, 3, 3)


def test_between_is_inverse_of_add():
    start = D(2026, 2, 13)
    for n in (1, 5, 20, 60):
        end = workdays.add_working_days(start, n).date
        assert workdays.working_days_between(start, end).days == n
    assert workdays.working_days_between(D(2026, 2, 27), D(2026, 2, 13)).days == -5


def test_unloaded_year_is_flagged_provisional_not_an_error():
    answer = workdays.is_working_day(D(2027, 1, 1))
    assert answer.provisional and answer.working  # weekdays only: New Year is not known yet
    result = workdays.add_working_days(D(2026, 12, 25), 10)
    assert result.provisional
    assert result.date == D(2027, 1, 8)


def test_result_within_a_known_year_is_not_provisional():
    assert not workdays.add_working_days(D(2026, 6, 1), 60).provisional


def test_admin_loading_a_year_changes_results_at_once():
    before = workdays.add_working_days(D(2026, 12, 31), 1)
    assert before == workdays.DateResult(D(2027, 1, 1), True)
    CalendarYear.objects.create(year=2027, source="manual")
    CalendarDay.objects.create(date=D(2027, 1, 1), kind="holiday", name="元旦")
    after = workdays.add_working_days(D(2026, 12, 31), 1)
    assert after == workdays.DateResult(D(2027, 1, 4), False)


def test_calendar_days_move_off_a_day_off():
    # 15 calendar days from 2026-09-20 is Monday 2026-10-05, inside the National Day holiday → 2026-10-08.
    assert workdays.add_calendar_days(D(2026, 9, 20), 15).date == D(2026, 10, 8)
    assert workdays.add_calendar_days(D(2026, 3, 1), 15).date == D(2026, 3, 16)
