"""Find the earliest free slots by interval arithmetic (pure: no database, no clock).

All intervals are half-open ``[start, end)`` of aware datetimes, or of POSIX seconds (the database loader
uses floats: far cheaper to load and compare); durations are then timedeltas or seconds alike. A slot of length ``duration`` may start
at ``grid_origin + k * step``; it is free when it lies inside one of the mediator's working periods,
overlaps none of the mediator's unavailable periods or bookings, none of the parties' bookings, and
(unless remote) fits inside one free period of some room. The result lists distinct start times,
earliest first, each with the first mediator (in the given order) and first room that fit.
"""

from __future__ import annotations

import datetime
import heapq
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

Interval = tuple[datetime.datetime, datetime.datetime]
_NO_HOURS: tuple = ()


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime
    mediator_id: int
    room_id: int | None


@dataclass
class SlotProblem:
    window_start: datetime.datetime
    window_end: datetime.datetime
    duration: datetime.timedelta
    step: datetime.timedelta
    grid_origin: datetime.datetime
    mediators: list[int]
    rooms: list[int] | None  # None: remote, no room needed
    working: dict[int, list[Interval]]
    unavailable: dict[int, list[Interval]] = field(default_factory=dict)
    busy: dict[str, list[Interval]] = field(default_factory=dict)
    party_keys: list[str] = field(default_factory=list)
    limit: int = 5


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Return the union of intervals as a sorted list of disjoint, non-touching intervals."""
    out: list[Interval] = []
    for s, e in sorted(i for i in intervals if i[1] > i[0]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def subtract(free: list[Interval], busy: list[Interval]) -> list[Interval]:
    """Return ``free`` minus ``busy``; both sorted and disjoint (as from merge)."""
    out: list[Interval] = []
    j = 0
    for s, e in free:
        cur = s
        while j < len(busy) and busy[j][1] <= cur:
            j += 1
        k = j
        while k < len(busy) and busy[k][0] < e:
            bs, be = busy[k]
            if bs > cur:
                out.append((cur, bs))
            cur = max(cur, be)
            if cur >= e:
                break
            k += 1
        if cur < e:
            out.append((cur, e))
    return out


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    """Return the intersection of two sorted lists of disjoint intervals (closed or half-open alike)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s = max(a[i][0], b[j][0])
        e = min(a[i][1], b[j][1])
        if s <= e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def _start_ranges(free: list[Interval], duration: datetime.timedelta) -> list[Interval]:
    """Return the closed ranges of start times at which a slot of ``duration`` fits in ``free``."""
    return [(s, e - duration) for s, e in free if e - s >= duration]


def _union_closed(ranges: Iterable[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for s, e in sorted(ranges):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _grid_starts(ranges: list[Interval], origin: datetime.datetime, step: datetime.timedelta) -> Iterator:
    for s, e in ranges:
        k = -((origin - s) // step)  # ceil((s - origin) / step)
        t = origin + k * step
        while t <= e:
            yield t
            t += step


def _stream(starts: list[Interval], p: SlotProblem, order: int, mediator: int) -> Iterator:
    for t in _grid_starts(starts, p.grid_origin, p.step):
        yield (t, order, mediator)


def find_slots(p: SlotProblem) -> list[Slot]:
    """Return up to ``p.limit`` earliest free slots (distinct start times)."""
    window = [(p.window_start, p.window_end)]
    common = window
    for key in p.party_keys:
        common = subtract(common, merge(p.busy.get(key, ())))
    if not common:
        return []

    room_free: dict[int, tuple[list, list]] = {}
    any_room: list[Interval] | None = None
    if p.rooms is not None:
        ranges = []
        for r in p.rooms:
            starts = _start_ranges(subtract(window, merge(p.busy.get(f"room:{r}", ()))), p.duration)
            room_free[r] = ([s for s, _ in starts], [e for _, e in starts])
            ranges.extend(starts)
        any_room = _union_closed(ranges)
        if not any_room:
            return []

    streams = []
    # Mediators usually share a few sets of hours: intersect each distinct set with the parties' time once.
    shared: dict[int, list[Interval]] = {}
    for order, m in enumerate(p.mediators):
        hours = p.working.get(m, _NO_HOURS)
        if id(hours) not in shared:
            shared[id(hours)] = intersect(merge(hours), common)
        free = shared[id(hours)]
        blocked = merge([*p.unavailable.get(m, ()), *p.busy.get(f"mediator:{m}", ())])
        starts = _start_ranges(subtract(free, blocked), p.duration)
        if any_room is not None:
            starts = intersect(starts, any_room)
        if starts:
            streams.append(_stream(starts, p, order, m))

    slots: list[Slot] = []
    last: datetime.datetime | None = None
    for t, _order, m in heapq.merge(*streams):
        if t == last:
            continue
        room = None
        if p.rooms is not None:
            room = next(r for r in p.rooms if _room_fits(room_free[r], t))
        slots.append(Slot(t, t + p.duration, m, room))
        last = t
        if len(slots) >= p.limit:
            break
    return slots


def _room_fits(free: tuple[list, list], t: datetime.datetime) -> bool:
    starts, ends = free
    i = bisect_right(starts, t) - 1
    return i >= 0 and t <= ends[i]
