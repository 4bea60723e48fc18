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
    answer = workdays.is_working_day(D(2027, 1, 4))
    assert answer.provisional and answer.working  # weekdays: the year's schedule is not known yet
    result = workdays.add_working_days(D(2026, 12, 25), 10)
    assert result.provisional
    assert result.date == D(2027, 1, 11)  # 1 January is a day off all the same (see below)


def test_unloaded_year_keeps_the_holidays_the_law_fixes_to_a_date():
    # 全国年节及纪念日放假办法 第二条: 元旦 1 January, 劳动节 1–2 May, 国庆节 1–3 October.
    for day in (D(2027, 1, 1), D(2028, 5, 1), D(2028, 5, 2), D(2027, 10, 1)):
        answer = workdays.is_working_day(day)
        assert answer.provisional and not answer.working, day
    assert workdays.working_days_in(D(2026, 12, 31), D(2027, 1, 4)) == (
        [D(2026, 12, 31), D(2027, 1, 4)],
        True,
    )


def test_result_within_a_known_year_is_not_provisional():
    assert not workdays.add_working_days(D(2026, 6, 1), 60).provisional


def test_admin_loading_a_year_changes_results_at_once():
    before = workdays.add_working_days(D(2026, 12, 31), 1)
    assert before == workdays.DateResult(D(2027, 1, 4), True)
    # A made-up schedule: 4 January a day off, Saturday 9 January a make-up working day.
    CalendarYear.objects.create(year=2027, source="manual")
    CalendarDay.objects.create(date=D(2027, 1, 1), kind="holiday", name="元旦")
    CalendarDay.objects.create(date=D(2027, 1, 4), kind="holiday", name="test")
    after = workdays.add_working_days(D(2026, 12, 31), 1)
    assert after == workdays.DateResult(D(2027, 1, 5), False)


def test_calendar_days_move_off_a_day_off():
    # 15 calendar days from 2026-09-20 is Monday 2026-10-05, inside the National Day holiday → 2026-10-08.
    assert workdays.add_calendar_days(D(2026, 9, 20), 15).date == D(2026, 10, 8)
    assert workdays.add_calendar_days(D(2026, 3, 1), 15).date == D(2026, 3, 16)
