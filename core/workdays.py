"""The working-day calendar service (docs/law/working-days.md).

A working day is Monday–Friday, minus statutory holidays, plus make-up working days (调休), as stored
in CalendarDay for the years listed in CalendarYear. Counting a period: the day of the event is not
counted (期间开始的日不计算在期间内). A result that depends on a year with no loaded schedule is
computed on weekdays minus the holidays whose dates the law itself fixes (元旦, 劳动节, 国庆节) and
returned flagged ``provisional``: never an exception, never silently.
"""

from __future__ import annotations

import datetime
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_VERSION_KEY = "workdays:version"
_lock = threading.Lock()


@dataclass(frozen=True)
class DayAnswer:
    """Whether a day is a working day; truthy when it is."""

    working: bool
    provisional: bool

    def __bool__(self) -> bool:
        return self.working


@dataclass(frozen=True)
class DateResult:
    """A computed date, provisional when a year it depends on has no loaded schedule."""

    date: datetime.date
    provisional: bool


@dataclass(frozen=True)
class CountResult:
    """A count of working days, provisional when a year it depends on has no loaded schedule."""

    days: int
    provisional: bool


@dataclass
class _Snapshot:
    years: frozenset[int]
    holidays: frozenset[datetime.date]
    workdays: frozenset[datetime.date]
    version: int | None
    checked_at: float


_snapshot: _Snapshot | None = None


def _load() -> _Snapshot:
    from .choices import CalendarDayKind
    from .models import CalendarDay, CalendarYear

    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    holidays: set[datetime.date] = set()
    workdays: set[datetime.date] = set()
    for day, kind in CalendarDay.objects.values_list("date", "kind"):
        (holidays if kind == CalendarDayKind.HOLIDAY else workdays).add(day)
    return _Snapshot(
        years, frozenset(holidays), frozenset(workdays), cache.get(_VERSION_KEY), time.monotonic()
    )


def _current() -> _Snapshot:
    global _snapshot
    snap = _snapshot
    now = time.monotonic()
    # How long this process trusts its copy before it compares the cache's version key again.
    recheck = settings.CALENDAR_RECHECK_SECONDS
    if snap is not None and now - snap.checked_at < recheck:
        return snap
    with _lock:
        snap = _snapshot
        if snap is not None and now - snap.checked_at < recheck:
            return snap
        if snap is not None and cache.get(_VERSION_KEY) == snap.version:
            snap.checked_at = now
            return snap
        _snapshot = _load()
        return _snapshot


def forget() -> None:
    """Forget the calendar loaded in this process; the next computation loads it again."""
    global _snapshot
    with _lock:
        _snapshot = None


def invalidate() -> None:
    """Forget the loaded calendar here and in every other process (called when an admin edits it)."""
    forget()
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, timeout=None)


# 全国年节及纪念日放假办法 第二条: the statutory holidays fixed to a Gregorian date (元旦 1 January,
# 劳动节 1–2 May, 国庆节 1–3 October). The lunar ones (春节, 清明, 端午, 中秋) and the make-up days
# (调休) are known only once the State Council publishes the year.
FIXED_DATE_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
)


def _is_working(snap: _Snapshot, day: datetime.date) -> bool:
    if day in snap.holidays:
        return False
    if day in snap.workdays:
        return True
    if day.year not in snap.years and (day.month, day.day) in FIXED_DATE_HOLIDAYS:
        return False  # a year not loaded yet: the law still fixes these days off
    return day.weekday() < 5


def is_working_day(day: datetime.date) -> DayAnswer:
    """Return whether day is a working day, provisional if its year has no loaded schedule."""
    snap = _current()
    return DayAnswer(_is_working(snap, day), day.year not in snap.years)


def add_working_days(start: datetime.date, n: int) -> DateResult:
    """Return the n-th working day after start (start itself not counted).

    With n == 0, return start. Negative n counts backwards.
    """
    snap = _current()
    provisional = False
    day = start
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    while remaining:
        day += datetime.timedelta(days=step)
        if day.year not in snap.years:
            provisional = True
        if _is_working(snap, day):
            remaining -= 1
    return DateResult(day, provisional)


def working_days_between(a: datetime.date, b: datetime.date) -> CountResult:
    """Return the number of working days after a up to and including b (negative when b is before a)."""
    if b < a:
        result = working_days_between(b, a)
        return CountResult(-result.days, result.provisional)
    snap = _current()
    count = 0
    provisional = False
    day = a
    while day < b:
        day += datetime.timedelta(days=1)
        if day.year not in snap.years:
            provisional = True
        if _is_working(snap, day):
            count += 1
    return CountResult(count, provisional)


def add_calendar_days(start: datetime.date, n: int) -> DateResult:
    """Return the end of an n-calendar-day period after start (mediation: 劳动争议调解仲裁法 第十四条).

    A period that ends on a day off ends on the next working day instead.
    """
    snap = _current()
    day = start + datetime.timedelta(days=n)
    provisional = day.year not in snap.years
    while not _is_working(snap, day):
        day += datetime.timedelta(days=1)
        provisional = provisional or day.year not in snap.years
    return DateResult(day, provisional)


def working_days_in(first: datetime.date, last: datetime.date) -> tuple[list[datetime.date], bool]:
    """Return the working days from first to last inclusive, and whether any is provisional."""
    snap = _current()
    days: list[datetime.date] = []
    provisional = False
    day = first
    while day <= last:
        if day.year not in snap.years:
            provisional = True
        if _is_working(snap, day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days, provisional
