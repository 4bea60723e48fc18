"""Cost of one intake request, in process: statements, Python CPU and PostgreSQL backend CPU.

    /work/main/.venv/bin/python bench/intake_cost.py [--requests 400] [--existing 0,100000,1000000] [--profile]

No server and no load generator: the Django test client posts the same body as bench/intake.py to
``POST /api/v1/complaints/`` and to the one-row ceiling view, one request at a time, on a fresh
database ``wagewatch_bench_intake_cost`` (bench settings: throttle off, Redis at 127.0.0.1:6379/1 when
it answers). Per request it prints the statements sent (their first word), the CPU time of this process and the CPU time
of the PostgreSQL backend serving it (read from /proc, so Linux only), how PostgreSQL planned intake's
prepared statements (generic or custom plans), the CPU time spent in garbage collections, and writes
bench/results/intake_cost.json; ``--profile`` then runs intake under cProfile, prints the costliest
functions and writes bench/results/intake_cost.prof.
``--existing`` fills the table with that many complaints first (bench/_existing.py: four years of a
city, most of them closed) and, given several sizes, prints intake's cost at each beside the first.
``DB_SERVER_SIDE_BINDING=false`` measures the same with client-side binding (nothing prepared). These
are the figures behind docs/performance.md; bench/intake.py gives the throughput.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _existing import parse_existing, seed_existing  # noqa: E402
from _setup import RESULTS, write_results  # noqa: E402
from intake import Counter, intake_request, redis_available  # noqa: E402


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def plans(connection) -> dict:
    """How PostgreSQL planned intake's prepared statements on this connection: generic / custom plans.

    A statement still on custom plans after many runs is planned afresh each time (server-side binding
    prepares it, core/settings/database.py, but PostgreSQL judged a plan for the values worth it).
    """
    names = {
        'SELECT "core_employer"."id"': "lookup",
        "SELECT e.": "lookup",  # the lookup before it was written with the ORM
        "SELECT nextval": "tracking number",
        "WITH r0": "write",
    }
    found = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
        for statement, generic, custom in cursor.fetchall():
            for prefix, name in names.items():
                if statement.startswith(prefix) and name not in found:
                    found[name] = f"{generic} generic / {custom} custom"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument(
        "--existing",
        default="0",
        help="complaints already in the table, comma-separated (e.g. 0,100000,1000000): each gets a fresh "
        "database filled by bench/_existing.py and is measured in a process of its own",
    )
    parser.add_argument(
        "--database",
        default="",
        help="run on this existing database (e.g. wagewatch_bench_intake, which bench/intake.py leaves "
        "filled) instead of a fresh one",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also run intake under cProfile and print the functions that cost the most (own time)",
    )
    args = parser.parse_args()
    sizes = parse_existing(args.existing)
    if len(sizes) > 1:
        runs = {}
        for n in sizes:
            command = [sys.executable, __file__, "--requests", str(args.requests), "--existing", str(n)]
            subprocess.run(command, check=True)
            runs[str(n)] = json.loads((RESULTS / "intake_cost.json").read_text())
        summarise(runs)
        return
    run_one(args.requests, sizes[0] if sizes else 0, args.database, profile=args.profile)


def summarise(runs: dict) -> None:
    """Print each size's intake cost beside the empty table's, and write them all."""
    base = runs[min(runs, key=int)]
    print("\nexisting complaints -> intake per request (x the first size)")
    for n, figures in runs.items():
        ratio = {
            key: figures[key] / base[key] if base[key] else 0
            for key in ("intake_python_cpu_ms", "intake_postgres_cpu_ms")
        }
        print(
            f"{int(n):>9,}: Python {figures['intake_python_cpu_ms']:.2f} ms ({ratio['intake_python_cpu_ms']:.2f}), "
            f"PostgreSQL {figures['intake_postgres_cpu_ms']:.2f} ms ({ratio['intake_postgres_cpu_ms']:.2f}), "
            f"wall {figures['intake_wall_ms']:.2f} ms, load {figures['loadavg']}"
        )
    write_results("intake_cost", {"by_existing": runs})


def run_one(requests: int, existing: int, database: str, profile: bool = False) -> None:
    import psycopg

    name = database or "wagewatch_bench_intake_cost"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    if not database:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    redis_url = "redis://127.0.0.1:6379/1" if redis_available("redis://127.0.0.1:6379/1") else ""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_intake",
            "DATABASE_URL": url,
            "REDIS_URL": redis_url,
            "WW_BENCH_CEILING": "1",
            "THROTTLE_INTAKE": "off",
            "THROTTLE_ADDRESS": "off",  # one client address: the per-address ceiling would answer 429
            "DEBUG": "false",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    seeded = seed_existing(url, existing) if existing else 0.0
    from core.choices import Role
    from core.models import District, User

    city, _ = District.objects.get_or_create(code="2102", defaults={"name": "大连市"})
    district, _ = District.objects.get_or_create(code="210211", defaults={"name": "甘井子区", "parent": city})
    for i in range(4):
        User.objects.get_or_create(
            username=f"bench-insp{i}", defaults={"role": Role.INSPECTOR, "district": district}
        )

    client = Client()
    today = datetime.date.today()
    period = (
        (today - datetime.timedelta(days=100)).isoformat(),
        (today - datetime.timedelta(days=10)).isoformat(),
    )
    counter = Counter()
    counter.n = random.randrange(10**7)

    def intake() -> None:
        path, body, headers = intake_request(counter, period)
        response = client.post(path, data=json.dumps(body), content_type="application/json", headers=headers)
        assert response.status_code == 201, response.content

    def ceiling() -> None:
        assert client.post("/bench/ceiling/", data="{}", content_type="application/json").status_code == 201

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    figures: dict = {
        "existing": existing,
        "seeded_in_s": round(seeded, 1),
        "requests": requests,
        "redis": bool(redis_url),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    for label, fn in (("intake", intake), ("ceiling", ceiling)):
        for _ in range(100):  # warm: sequences, caches; each of the body's 40 employers has a group
            fn()
        with CaptureQueriesContext(connection) as captured:
            fn()
        # read now: the next request clears the query log
        statements = [q["sql"].split()[0] for q in captured.captured_queries]
        gc_time = [0.0, 0.0]  # seconds in collections, start of the current one

        def gc_clock(phase, info, gc_time=gc_time):
            if phase == "start":
                gc_time[1] = time.process_time()
            else:
                gc_time[0] += time.process_time() - gc_time[1]

        gc.callbacks.append(gc_clock)
        pg0, cpu0, wall0 = backend_cpu(backend), time.process_time(), time.perf_counter()
        for _ in range(requests):
            fn()
        n = requests
        gc.callbacks.remove(gc_clock)
        figures[f"{label}_gc_cpu_ms"] = round(gc_time[0] / n * 1000, 2)
        figures[f"{label}_statements"] = statements
        figures[f"{label}_wall_ms"] = round((time.perf_counter() - wall0) / n * 1000, 2)
        figures[f"{label}_python_cpu_ms"] = round((time.process_time() - cpu0) / n * 1000, 2)
        figures[f"{label}_postgres_cpu_ms"] = round((backend_cpu(backend) - pg0) / n * 1000, 2)
        if label == "intake":
            figures["intake_plans"] = plans(connection)
    write_results("intake_cost", figures)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile(time.process_time)
        profiler.runcall(lambda: [intake() for _ in range(requests)])
        profiler.dump_stats(str(RESULTS / "intake_cost.prof"))  # for pstats / snakeviz
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
