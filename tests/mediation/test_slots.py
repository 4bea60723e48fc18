"""Slot search: the interval arithmetic against a brute-force check on random calendars (hypothesis)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mediation.choices import MediationStatus as S
from mediation.models import WorkingHours
from mediation.scheduling.finder import slot_search
from mediation.scheduling.slots import SlotProblem, find_slots, merge, subtract

from .conftest import at
from .factories import MediationRequestFactory

TZ = ZoneInfo("Asia/Shanghai")
ORIGIN = datetime.datetime(2026, 3, 2, tzinfo=TZ)
UNIT = datetime.timedelta(minutes=15)
CELLS = 3 * 24 * 4  # three days of 15-minute cells


def t(cell: int) -> datetime.datetime:
    return ORIGIN + cell * UNIT


intervals = st.lists(
    st.tuples(st.integers(0, CELLS - 1), st.integers(1, 24)).map(
        lambda p: (t(p[0]), t(min(CELLS, p[0] + p[1])))
    ),
    max_size=4,
)


@st.composite
def problems(draw):
    mediators = list(range(1, draw(st.integers(1, 3)) + 1))
    remote = draw(st.booleans())
    rooms = None if remote else list(range(1, draw(st.integers(1, 3)) + 1))
    working = {}
    for m in mediators:
        spans = []
        for d in range(3):
            for _span in range(draw(st.integers(0, 2))):
                start = draw(st.integers(28, 60))  # 07:00–15:00
                spans.append((t(d * 96 + start), t(d * 96 + start + draw(st.integers(4, 40)))))
        working[m] = spans
    busy = {f"mediator:{m}": draw(intervals) for m in mediators}
    busy |= {f"room:{r}": draw(intervals) for r in rooms or ()}
    busy |= {"worker:w": draw(intervals), "employer:e": draw(intervals)}
    first = draw(st.integers(0, CELLS // 2))
    return SlotProblem(
        window_start=t(first) + datetime.timedelta(minutes=draw(st.sampled_from([0, 5]))),
        window_end=t(draw(st.integers(first + 1, CELLS))),
        duration=UNIT * draw(st.integers(1, 8)),
        step=UNIT * draw(st.sampled_from([1, 2, 4])),
        grid_origin=ORIGIN,
        mediators=mediators,
        rooms=rooms,
        working=working,
        unavailable={m: draw(intervals) for m in mediators},
        busy=busy,
        party_keys=["worker:w", "employer:e"],
        limit=draw(st.integers(1, 6)),
    )


def _cover_cells(spans) -> set[int]:
    """Cells lying wholly inside some span."""
    out: set[int] = set()
    for s, e in spans:
        out.update(range(-((ORIGIN - s) // UNIT), (e - ORIGIN) // UNIT))
    return out


def _touch_cells(spans) -> set[int]:
    """Cells overlapping some span."""
    out: set[int] = set()
    for s, e in spans:
        out.update(range((s - ORIGIN) // UNIT, -((ORIGIN - e) // UNIT)))
    return out


def brute_force(p: SlotProblem):
    """Try every grid start; check it cell by cell against the raw (unmerged) lists."""
    party_busy = set().union(*(_touch_cells(p.busy.get(k, [])) for k in p.party_keys))
    work = {m: _cover_cells(p.working[m]) for m in p.mediators}
    blocked = {m: _touch_cells(p.unavailable[m]) | _touch_cells(p.busy[f"mediator:{m}"]) for m in p.mediators}
    room_busy = {r: _touch_cells(p.busy[f"room:{r}"]) for r in p.rooms or ()}
    out = []
    start = p.grid_origin
    n = int(p.duration / UNIT)
    while start + p.duration <= p.window_end and len(out) < p.limit:
        first = int((start - ORIGIN) / UNIT)
        cells = set(range(first, first + n))
        if start >= p.window_start and not cells & party_busy:
            for m in p.mediators:
                if not cells <= work[m] or cells & blocked[m]:
                    continue
                if p.rooms is None:
                    out.append((start, m, None))
                    break
                room = next((r for r in p.rooms if not cells & room_busy[r]), None)
                if room is not None:
                    out.append((start, m, room))
                    break
        start += p.step
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_slot_search_matches_brute_force(p):
    assert [(s.start, s.mediator_id, s.room_id) for s in find_slots(p)] == brute_force(p)


@settings(max_examples=100, deadline=None)
@given(intervals, intervals)
def test_subtract_removes_exactly_the_busy_cells(free, busy):
    result = subtract(merge(free), merge(busy))
    assert _cover_cells(result) == _cover_cells(free) - _touch_cells(busy)


def test_slot_search_from_the_database(district, mediator, mediator2, room, day):
    """The loader respects working hours, bookings of mediator, room and parties, and the deadline."""
    from mediation import services

    for m in (mediator, mediator2):
        WorkingHours.objects.create(
            mediator=m, weekday=day.weekday(), start=datetime.time(9), end=datetime.time(11)
        )
    request = MediationRequestFactory(district=district, status=S.ACCEPTED, mediator=mediator)
    other = MediationRequestFactory(
        district=district, status=S.ACCEPTED, applicant_mobile=request.applicant_mobile
    )
    services.session_book(
        request=other, by=mediator2, mediator=mediator2, start_at=at(day, 9), end_at=at(day, 10), remote=True
    )
    slots = slot_search(
        request=request,
        mediator_ids=[mediator.pk, mediator2.pk],
        room_ids=[room.pk],
        duration=datetime.timedelta(hours=1),
        earliest=at(day, 0),
        limit=2,
    )
    # 09:00 is taken by the same worker's other session; 10:00 with the assigned mediator first.
    assert [(s.start, s.mediator_id, s.room_id) for s in slots][:1] == [(at(day, 10), mediator.pk, room.pk)]
    assert all(s.end.date() <= request.deadline for s in slots)


@pytest.mark.django_db
def test_no_slot_after_the_deadline(district, mediator, room):
    from django.utils import timezone

    request = MediationRequestFactory(
        district=district, status=S.ACCEPTED, received_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert (
        slot_search(
            request=request,
            mediator_ids=[mediator.pk],
            room_ids=[room.pk],
            duration=datetime.timedelta(hours=1),
        )
        == []
    )
