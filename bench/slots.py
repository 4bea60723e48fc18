"""Benchmark: slot search for a city with 40 mediators, 15 rooms and 2,000 booked sessions in the window.

Seeding: sessions of 30–60 minutes in the mediators' working hours over the 15-day window, about half
remote, none double-booked (rooms end up ~65 % booked); some mediators work mornings only; two leave
periods per mediator.

Run:  .venv/bin/python bench/slots.py   (a fresh PostgreSQL database wagewatch_bench_slots on BENCH_PG)
Seeds the data, then times ``slot_search`` for many requests:
any mediator / any room (the heavy case) and one given mediator. Prints p50/p99 and writes
bench/results/slots.json. Target: p99 < 50 ms.
"""

from __future__ import annotations

import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._setup import fresh_database, write_results  # noqa: E402

MEDIATORS, ROOMS, SESSIONS, SEARCHES = 40, 15, 2000, 400
SEED = 20261126


def seed() -> tuple:
    from django.utils import timezone

    from complaints.tracking_codes import hash_access_code
    from core.models import District, Employer, User
    from mediation.models import Booking, MediationRequest, MediationSession, Room, WorkingHours
    from mediation.scheduling.finder import DEFAULT_HOURS, working_periods
    from mediation.services.deadlines import mediation_deadline_for

    rng = random.Random(SEED)
    city, _ = District.objects.get_or_create(code="2102", defaults={"name": "大连市"})
    district, _ = District.objects.get_or_create(code="210211", defaults={"name": "甘井子区", "parent": city})
    mediators = [
        User.objects.create(
            username=f"bench-med-{i}", role="mediator", district=district, display_name=f"调解员{i}"
        )
        for i in range(MEDIATORS)
    ]
    hours = []
    for m in mediators:
        if rng.random() < 0.3:  # some part-timers: mornings only, Mon–Thu
            hours += [
                WorkingHours(mediator=m, weekday=d, start=datetime.time(8, 30), end=datetime.time(12))
                for d in range(4)
            ]
    WorkingHours.objects.bulk_create(hours)
    rooms = [
        Room.objects.create(name=f"调解室{i + 1}", district=district, capacity=rng.choice([4, 6, 8, 12]))
        for i in range(ROOMS)
    ]
    now = timezone.now()
    first = timezone.localdate()
    last = first + datetime.timedelta(days=16)
    periods = working_periods([], first, last)  # default hours for the session generator
    del DEFAULT_HOURS

    busy: dict[str, list] = {}

    def free(key, s, e):
        return all(not (bs < e and s < be) for bs, be in busy.get(key, ()))

    employers = Employer.objects.bulk_create(
        [
            Employer(name=f"大连基准{i}有限公司", normalised_name=f"大连基准{i}", district=district)
            for i in range(SESSIONS // 2)
        ]
    )
    requests = []
    for i in range(SESSIONS + SEARCHES):
        received = now - datetime.timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 8))
        requests.append(
            MediationRequest(
                tracking_number=f"2102M-2026-{900000 + i:06d}",
                access_code_hash=hash_access_code("BENCH"),
                district=district,
                employer=employers[i % len(employers)],
                employer_name_given="bench",
                applicant_name="基准",
                applicant_mobile=f"139{i:08d}",
                matters=["wages"],
                reasons="bench",
                received_at=received,
                deadline=mediation_deadline_for(received).date,
                status="accepted" if i >= SESSIONS else "scheduled",
                mediator=mediators[i % MEDIATORS],
            )
        )
    requests = MediationRequest.objects.bulk_create(requests)
    sessions, placed = [], []
    for req in requests[:SESSIONS]:
        for _attempt in range(60):
            p_start, p_end = rng.choice(periods)
            length = datetime.timedelta(minutes=rng.choice([30, 45, 60, 60]))
            slack = int((p_end - p_start - length) / datetime.timedelta(minutes=15))
            offset = datetime.timedelta(minutes=15 * rng.randint(0, max(0, slack)))
            s = p_start + offset
            e = s + length
            if e > p_end or s < now:
                continue
            m = rng.choice(mediators)
            party = req.party_keys()
            keys = [f"mediator:{m.pk}", *party]
            if not all(free(k, s, e) for k in keys):
                continue
            # About half of the sessions are remote (telephone or video), the rest need a room.
            room = None
            if rng.random() < 0.5:
                room = next((r for r in rng.sample(rooms, len(rooms)) if free(f"room:{r.pk}", s, e)), None)
            if room is not None:
                keys.append(f"room:{room.pk}")
            for k in keys:
                busy.setdefault(k, []).append((s, e))
            sessions.append(
                MediationSession(
                    request=req, mediator=m, room=room, remote=room is None, start_at=s, end_at=e
                )
            )
            placed.append(keys)
            break
    sessions = MediationSession.objects.bulk_create(sessions)
    Booking.objects.bulk_create(
        [
            Booking(session=s, resource=k, start_at=s.start_at, end_at=s.end_at)
            for s, keys in zip(sessions, placed, strict=True)
            for k in keys
        ]
    )
    # A few units of leave per mediator.
    from mediation.models import Unavailability

    Unavailability.objects.bulk_create(
        [
            Unavailability(mediator=m, start_at=p[0], end_at=p[1], reason="请假")
            for m in mediators
            for p in rng.sample(periods, 2)
        ]
    )
    return len(sessions), sum(1 for s in sessions if s.room_id)


def main() -> None:
    fresh_database("wagewatch_bench_slots")
    from django.db import connection, transaction
    from django.utils import timezone

    from mediation.models import MediationRequest, MediationSession
    from mediation.scheduling.finder import mediator_candidates, room_candidates, slot_search

    with transaction.atomic():
        booked, in_rooms = seed()
    print(f"seeded {booked} sessions ({in_rooms} in rooms)")
    targets = list(
        MediationRequest.objects.filter(status="accepted", tracking_number__startswith="2102M-2026-9")[
            :SEARCHES
        ]
    )
    rng = random.Random(SEED)
    one = {"any mediator, any room": [], "given mediator, any room": []}
    # Wall time includes waiting for a CPU on a shared machine; process CPU time (this process only,
    # not the database server) is reported beside it.
    cpu = {label: [] for label in one}
    found = 0
    for req in targets:
        mediators = [m.pk for m in mediator_candidates(req)]
        rooms = [r.pk for r in room_candidates(req, attendees=rng.choice([3, 4, 6]))]
        for label, ids in (
            ("any mediator, any room", mediators),
            ("given mediator, any room", [req.mediator_id]),
        ):
            t0, c0 = time.perf_counter(), time.process_time()
            slots = slot_search(
                request=req,
                mediator_ids=ids,
                room_ids=rooms,
                duration=datetime.timedelta(minutes=rng.choice([60, 90, 120])),
                limit=5,
            )
            one[label].append((time.perf_counter() - t0) * 1000)
            cpu[label].append((time.process_time() - c0) * 1000)
            found += bool(slots)
    booked = MediationSession.objects.count()

    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]

    results = {
        "what": "mediation.scheduling.finder.slot_search (loader + interval arithmetic), 5 earliest slots",
        "database": connection.vendor,
        "mediators": MEDIATORS,
        "rooms": ROOMS,
        "booked_sessions": booked,
        "searches_per_case": len(targets),
        "found_slots_ratio": round(found / (2 * len(targets)), 3),
        "cases": {
            label: {
                "p50_ms": round(statistics.median(v), 2),
                "p99_ms": round(pct(v, 99), 2),
                "max_ms": round(max(v), 2),
                "mean_ms": round(statistics.fmean(v), 2),
                "python_cpu_p50_ms": round(statistics.median(cpu[label]), 2),
                "python_cpu_p99_ms": round(pct(cpu[label], 99), 2),
            }
            for label, v in one.items()
        },
        "target_p99_ms": 50,
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    write_results("slots", results)


if __name__ == "__main__":
    main()
