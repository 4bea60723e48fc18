"""Load the few bookings and calendars that matter for a slot search (a handful of queries) and search."""

from __future__ import annotations

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core import workdays
from core.choices import Role
from core.models import User

from ..models import Booking, MediationRequest, Room, Unavailability, WorkingHours
from .slots import Slot, SlotProblem, find_slots

# Used for a mediator who has not entered working hours (Mon–Fri, 09:00–12:00 and 13:30–17:30).
DEFAULT_HOURS = [(datetime.time(9, 0), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(17, 30))]
DEFAULT_STEP_MINUTES = 30


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def window_end_for(request: MediationRequest) -> datetime.datetime:
    """Return the end of the mediation period: midnight after the deadline day (第十四条)."""
    day = request.deadline + datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=local_tz())


def working_periods(
    hours: list[tuple[int, datetime.time, datetime.time]],
    first: datetime.date,
    last: datetime.date,
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """Expand weekday hours into periods on the working days from first to last (calendar of core)."""
    tz = local_tz()
    by_day: dict[int, list] = defaultdict(list)
    for weekday, start, end in hours:
        by_day[weekday].append((start, end))
    if not by_day:
        for weekday in range(5):
            by_day[weekday] = list(DEFAULT_HOURS)
    days, _provisional = workdays.working_days_in(first, last)
    out = []
    for day in days:
        # A make-up working day (调休) on a weekend uses Monday's hours when none are set for it.
        spans = by_day.get(day.weekday()) or by_day.get(0, [])
        for start, end in spans:
            out.append(
                (
                    datetime.datetime.combine(day, start, tzinfo=tz),
                    datetime.datetime.combine(day, end, tzinfo=tz),
                )
            )
    return out


def mediator_candidates(request: MediationRequest) -> list[User]:
    """Return the mediators who may take the request: the assigned one first, then the district's."""
    qs = User.objects.filter(role=Role.MEDIATOR, is_active=True).filter(
        Q(district_id=request.district_id) | Q(district__isnull=True)
    )
    people = list(qs.order_by("id"))
    if request.mediator_id:
        people.sort(key=lambda u: u.pk != request.mediator_id)
    return people


def room_candidates(request: MediationRequest, *, attendees: int) -> list[Room]:
    return list(
        Room.objects.filter(active=True, capacity__gte=attendees)
        .filter(Q(district_id=request.district_id) | Q(district__isnull=True))
        .order_by("capacity", "id")
    )


def slot_search(
    *,
    request: MediationRequest,
    mediator_ids: list[int],
    room_ids: list[int] | None,
    duration: datetime.timedelta,
    earliest: datetime.datetime | None = None,
    step: datetime.timedelta | None = None,
    limit: int = 5,
    exclude_session_id: int | None = None,
) -> list[Slot]:
    """Return the earliest free slots for the request before its deadline (three queries)."""
    tz = local_tz()
    now = timezone.now()
    start = max(earliest or now, now, request.received_at)
    end = window_end_for(request)
    if start >= end or not mediator_ids:
        return []
    step = step or datetime.timedelta(minutes=DEFAULT_STEP_MINUTES)
    first_day = timezone.localtime(start, tz).date()
    origin = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=tz)

    hours: dict[int, list] = defaultdict(list)
    for mediator_id, weekday, h_start, h_end in WorkingHours.objects.filter(
        mediator_id__in=mediator_ids
    ).values_list("mediator_id", "weekday", "start", "end"):
        hours[mediator_id].append((weekday, h_start, h_end))
    last_day = request.deadline
    periods_cache: dict[tuple, list] = {}
    working = {}
    for m in mediator_ids:
        key = tuple(sorted(hours.get(m, [])))
        if key not in periods_cache:
            periods_cache[key] = working_periods(list(key), first_day, last_day)
        working[m] = periods_cache[key]

    unavailable: dict[int, list] = defaultdict(list)
    for mediator_id, u_start, u_end in Unavailability.objects.filter(
        mediator_id__in=mediator_ids, start_at__lt=end, end_at__gt=start
    ).values_list("mediator_id", "start_at", "end_at"):
        unavailable[mediator_id].append((u_start, u_end))

    party_keys = request.party_keys()
    keys = [*(f"mediator:{m}" for m in mediator_ids), *(f"room:{r}" for r in room_ids or ()), *party_keys]
    bookings = Booking.objects.filter(active=True, resource__in=keys, start_at__lt=end, end_at__gt=start)
    if exclude_session_id:
        bookings = bookings.exclude(session_id=exclude_session_id)
    busy: dict[str, list] = defaultdict(list)
    for resource, b_start, b_end in bookings.values_list("resource", "start_at", "end_at"):
        busy[resource].append((b_start, b_end))

    return find_slots(
        SlotProblem(
            window_start=start,
            window_end=end,
            duration=duration,
            step=step,
            grid_origin=origin,
            mediators=list(mediator_ids),
            rooms=list(room_ids) if room_ids is not None else None,
            working=working,
            unavailable=unavailable,
            busy=busy,
            party_keys=party_keys,
            limit=limit,
        )
    )
