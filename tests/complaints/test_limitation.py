# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The two-year limitation (劳动保障监察条例 第二十条): one rule, at its boundaries, under both counting rules.

Intake's flag, the acceptance guard and the case page must agree on every day: they once disagreed by
one, so that a complaint flagged "over two years" at intake could still be accepted.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from complaints.choices import CaseStatus
from complaints.limitation import limitation_expires_on, within_limitation
from complaints.services.case_transitions import complaint_accept

from .intake_fixtures import file_complaint, media  # noqa: F401

D = datetime.date


@pytest.fixture(params=[True, False], ids=["starts-next-day", "counts-the-day-itself"])
def starts_next_day(request, settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "LIMITATION_STARTS_NEXT_DAY": request.param}
    return request.param


@pytest.mark.parametrize(
    ("ended", "next_day_last", "same_day_last"),
    [
        (D(2024, 3, 10), D(2026, 3, 10), D(2026, 3, 9)),
        (D(2024, 1, 1), D(2026, 1, 1), D(2025, 12, 31)),
        # No 29 February in 2026: the month's last day stands in for it (民法典 第二百零二条).
        (D(2024, 2, 29), D(2026, 2, 28), D(2026, 2, 27)),
        (D(2024, 2, 28), D(2026, 2, 28), D(2026, 2, 27)),
    ],
)
def test_last_day_in_time(starts_next_day, ended, next_day_last, same_day_last):
    last = next_day_last if starts_next_day else same_day_last
    assert limitation_expires_on(ended) == last
    one_day = datetime.timedelta(days=1)
    assert within_limitation(period_end=ended, continuing=False, complained_on=last - one_day)
    assert within_limitation(period_end=ended, continuing=False, complained_on=last)
    assert not within_limitation(period_end=ended, continuing=False, complained_on=last + one_day)


def test_29_february_to_a_leap_year_keeps_its_day(settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "LIMITATION_YEARS": 4, "LIMITATION_STARTS_NEXT_DAY": True}
    assert limitation_expires_on(D(2024, 2, 29)) == D(2028, 2, 29)


def test_continuing_or_unstated_end_is_within(starts_next_day):
    far = D(2040, 1, 1)
    assert within_limitation(period_end=D(2020, 1, 1), continuing=True, complained_on=far)
    assert within_limitation(period_end=None, continuing=False, complained_on=far)


def _ended_so_that_last_day_is(last: datetime.date) -> datetime.date:
    """Return the latest violation end whose last day in time is ``last``."""
    day = last - datetime.timedelta(days=800)
    found = None
    while day <= last:
        if limitation_expires_on(day) == last:
            found = day
        day += datetime.timedelta(days=1)
    assert found is not None
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("days_late", [0, 1], ids=["on-the-last-day", "a-day-late"])
def test_intake_acceptance_and_page_agree(starts_next_day, file_complaint, inspector, days_late):
    today = timezone.localdate()
    ended = _ended_so_that_last_day_is(today - datetime.timedelta(days=days_late))
    complaint = file_complaint(period_start=ended - datetime.timedelta(days=60), period_end=ended).complaint
    late = days_late > 0
    assert complaint.outside_limitation is late

    page = Client()
    page.force_login(inspector)
    html = page.get(f"/staff/cases/{complaint.pk}/").content.decode()
    assert ("over two years" in html) is late

    if late:
        with pytest.raises(ValidationError, match="more than two years"):
            complaint_accept(complaint=complaint, by=inspector)
    else:
        assert complaint_accept(complaint=complaint, by=inspector).status == CaseStatus.ACCEPTED
