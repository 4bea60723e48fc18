"""Cost of one intake request, in process: statements, Python CPU and PostgreSQL backend CPU.

    /work/main/.venv/bin/python bench/intake_cost.py [--requests 400]

No server and no load generator: the Django test client posts the same body as bench/intake.py to
``POST /api/v1/complaints/`` and to the one-row ceiling view, one request at a time, on a fresh
database ``wagewatch_bench_intake_cost`` (bench settings: throttle off, Redis at 127.0.0.1:6379/1 when
it answers). Per request it prints the statements sent (their first word), the CPU time of this process and the CPU time
of the PostgreSQL backend serving it (read from /proc, so Linux only), how PostgreSQL planned intake's
prepared statements (generic or custom plans), and writes bench/results/intake_cost.json.
``DB_SERVER_SIDE_BINDING=false`` measures the same with client-side binding (nothing prepared). These are the figures behind docs/performance.md; bench/intake.py gives
the throughput.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from _setup import write_results  # noqa: E402
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
    names = {"SELECT e.": "lookup", "SELECT nextval": "tracking number", "WITH r0": "write"}
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
        "--database",
        default="",
        help="run on this existing database (e.g. wagewatch_bench_intake, which bench/intake.py leaves "
        "filled) instead of a fresh one",
    )
    args = parser.parse_args()

    import psycopg

    name = args.database or "wagewatch_bench_intake_cost"
    if not args.database:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    redis_url = "redis://127.0.0.1:6379/1" if redis_available("redis://127.0.0.1:6379/1") else ""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_intake",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "REDIS_URL": redis_url,
            "WW_BENCH_CEILING": "1",
            "THROTTLE_INTAKE": "off",
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
    figures: dict = {"requests": args.requests, "redis": bool(redis_url)}
    for label, fn in (("intake", intake), ("ceiling", ceiling)):
        for _ in range(100):  # warm: sequences, caches; each of the body's 40 employers has a group
            fn()
        with CaptureQueriesContext(connection) as captured:
            fn()
        # read now: the next request clears the query log
        statements = [q["sql"].split()[0] for q in captured.captured_queries]
        pg0, cpu0, wall0 = backend_cpu(backend), time.process_time(), time.perf_counter()
        for _ in range(args.requests):
            fn()
        n = args.requests
        figures[f"{label}_statements"] = statements
        figures[f"{label}_wall_ms"] = round((time.perf_counter() - wall0) / n * 1000, 2)
        figures[f"{label}_python_cpu_ms"] = round((time.process_time() - cpu0) / n * 1000, 2)
        figures[f"{label}_postgres_cpu_ms"] = round((backend_cpu(backend) - pg0) / n * 1000, 2)
        if label == "intake":
            figures["intake_plans"] = plans(connection)
    write_results("intake_cost", figures)


if __name__ == "__main__":
    main()
