"""Load the few bookings and calendars that matter for a slot search (a handful of queries) and search."""

from __future__ import annotations

import datetime
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
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
# The services refuse longer sessions (services/scheduling.py), so a booking overlapping a chunk starts
# at most this long before it.
MAX_SESSION = datetime.timedelta(hours=8)


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


_PG_BUSY_SQL = """
SELECT 'u', mediator_id::text, EXTRACT(EPOCH FROM start_at)::float8, EXTRACT(EPOCH FROM end_at)::float8
  FROM {unavailability}
 WHERE mediator_id = ANY(%(mediators)s) AND start_at < %(end)s AND end_at > %(start)s
UNION ALL
SELECT 'b', resource, EXTRACT(EPOCH FROM start_at)::float8, EXTRACT(EPOCH FROM end_at)::float8
  FROM {booking}
 WHERE active AND resource = ANY(%(keys)s) AND start_at >= %(lower)s AND start_at < %(end)s
   AND end_at > %(start)s AND session_id <> %(exclude)s
"""


def _load_busy(mediator_ids, keys, start, end, exclude_session_id):
    """Return (unavailable by mediator, busy by resource) overlapping [start, end) as POSIX seconds.

    One query on PostgreSQL, times as floats (far cheaper to load than datetimes); merging the ranges in
    the database (range_agg) was measured slower than merging them here. The ORM elsewhere (SQLite).
    """
    unavailable: dict[int, list] = defaultdict(list)
    busy: dict[str, list] = defaultdict(list)
    if connection.vendor == "postgresql":
        sql = _PG_BUSY_SQL.format(
            unavailability=Unavailability._meta.db_table, booking=Booking._meta.db_table
        )
        params = {
            "mediators": list(mediator_ids),
            "keys": list(keys),
            "start": start,
            "end": end,
            # The services refuse longer sessions, so this bound lets the index scan only the chunk.
            "lower": start - MAX_SESSION,
            "exclude": exclude_session_id or 0,
        }
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, key, s, e in cursor.fetchall():
                if kind == "u":
                    unavailable[int(key)].append((s, e))
                else:
                    busy[key].append((s, e))
        return unavailable, busy
    for m, s, e in Unavailability.objects.filter(
        mediator_id__in=mediator_ids, start_at__lt=end, end_at__gt=start
    ).values_list("mediator_id", "start_at", "end_at"):
        unavailable[m].append((s.timestamp(), e.timestamp()))
    bookings = Booking.objects.filter(
        active=True, resource__in=keys, start_at__gte=start - MAX_SESSION, start_at__lt=end, end_at__gt=start
    )
    if exclude_session_id:
        bookings = bookings.exclude(session_id=exclude_session_id)
    for key, s, e in bookings.values_list("resource", "start_at", "end_at"):
        busy[key].append((s.timestamp(), e.timestamp()))
    return unavailable, busy


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
    """Return the earliest free slots for the request before its deadline.

    The window is searched in at most two chunks that end at local midnight: the next two days, then the
    rest. The earliest slots are nearly always in the first, so only those days' bookings are loaded (one
    query per chunk on PostgreSQL). Working periods never cross midnight, so no slot is lost at a boundary.
    """
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
    periods_cache: dict[tuple, list] = {}
    working = {}
    for m in mediator_ids:
        key = tuple(sorted(hours.get(m, [])))
        if key not in periods_cache:
            spans = working_periods(list(key), first_day, request.deadline)
            periods_cache[key] = [(a.timestamp(), b.timestamp()) for a, b in spans]
        working[m] = periods_cache[key]

    party_keys = request.party_keys()
    keys = [*(f"mediator:{m}" for m in mediator_ids), *(f"room:{r}" for r in room_ids or ()), *party_keys]
    # The search runs on POSIX seconds; slots are turned back into aware datetimes at the end.
    found: list[Slot] = []
    chunk_start, days = start, 2
    while chunk_start < end and len(found) < limit:
        chunk_end = min(end, origin + datetime.timedelta(days=(chunk_start - origin).days + days))
        unavailable, busy = _load_busy(mediator_ids, keys, chunk_start, chunk_end, exclude_session_id)
        lo, hi = chunk_start.timestamp(), chunk_end.timestamp()
        clipped = {
            id(spans): [x for x in spans if x[1] > lo and x[0] < hi] for spans in periods_cache.values()
        }
        found += find_slots(
            SlotProblem(
                window_start=chunk_start.timestamp(),
                window_end=chunk_end.timestamp(),
                duration=duration.total_seconds(),
                step=step.total_seconds(),
                grid_origin=origin.timestamp(),
                mediators=list(mediator_ids),
                rooms=list(room_ids) if room_ids is not None else None,
                working={m: clipped[id(spans)] for m, spans in working.items()},
                unavailable=unavailable,
                busy=busy,
                party_keys=party_keys,
                limit=limit - len(found),
            )
        )
        # The first chunk covers two days; if that is not enough, the rest of the window in one go.
        chunk_start, days = chunk_end, 366
    return [
        Slot(
            datetime.datetime.fromtimestamp(s.start, tz),
            datetime.datetime.fromtimestamp(s.end, tz),
            s.mediator_id,
            s.room_id,
        )
        for s in found
    ]
