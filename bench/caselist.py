"""Benchmark the staff case list (API and HTML) over 1,000,000 complaints on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wagewatch_bench_cases \
        /work/main/.venv/bin/python bench/caselist.py [--rows 1000000] [--requests 200] [--refill]

Creates and migrates the database if needed, fills it once with a reproducible seed (COPY in batches),
then measures GET /api/v1/cases/ and the HTML list (25 a page) for typical filters through Django's
in-process test client: p50/p99 latency over N requests each and the SQL queries per request.
Prints the figures and writes bench/results/caselist.json.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/wagewatch_bench_cases"
os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

SEED = 20261126
N_DISTRICTS = 10
N_EMPLOYERS = 20_000
BATCH = 50_000


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _defaults_for(table: str, given: list[str]) -> dict[str, object]:
    """Fill NOT NULL columns this script does not know (added by other apps later) with neutral values."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
            [table],
        )
        rows = cursor.fetchall()
    neutral = {"boolean": "f", "integer": "0", "bigint": "0", "smallint": "0", "numeric": "0", "jsonb": "{}"}
    return {name: neutral.get(dtype, "") for name, dtype in rows if name not in given and name != "id"}


def fill(rows: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from complaints.choices import CaseStatus
    from core.choices import Role
    from core.models import District, Employer, User

    rnd = random.Random(SEED)
    today = timezone.localdate()
    print(f"filling {rows:,} complaints (seed {SEED}) ...", flush=True)
    started = time.perf_counter()
    city, _ = District.objects.get_or_create(code="2102", defaults={"name": "大连市"})
    names = [
        "中山区",
        "西岗区",
        "沙河口区",
        "甘井子区",
        "旅顺口区",
        "金州区",
        "普兰店区",
        "长海县",
        "瓦房店市",
        "庄河市",
    ]
    codes = [
        "210202",
        "210203",
        "210204",
        "210211",
        "210212",
        "210213",
        "210214",
        "210224",
        "210281",
        "210283",
    ]
    districts = [
        District.objects.get_or_create(code=c, defaults={"name": n, "parent": city})[0]
        for c, n in zip(codes, names, strict=True)
    ]
    words = ["建筑", "劳务", "餐饮", "物流", "机械", "电子", "食品", "装饰", "物业", "服装", "船舶", "化工"]
    employers = [
        Employer(
            name=f"大连{rnd.choice(words)}{i:05d}{rnd.choice(['有限公司', '工程有限公司', '股份有限公司'])}",
            district=districts[i % N_DISTRICTS],
        )
        for i in range(N_EMPLOYERS)
    ]
    for e in employers:
        e.normalised_name = e.name
    Employer.objects.bulk_create(employers, batch_size=5000)
    employers = list(Employer.objects.values_list("pk", "name", "district_id"))
    by_district: dict[int, list] = {}
    for e in employers:
        by_district.setdefault(e[2], []).append(e)
    for d in districts:
        User.objects.get_or_create(
            username=f"bench-mgr-{d.code}",
            defaults={"role": Role.MANAGER, "district": d, "display_name": f"{d.name}科长"},
        )
        User.objects.get_or_create(
            username=f"bench-insp-{d.code}",
            defaults={"role": Role.INSPECTOR, "district": d, "display_name": f"{d.name}监察员"},
        )
    User.objects.get_or_create(
        username="bench-citymgr", defaults={"role": Role.MANAGER, "display_name": "市局科长"}
    )

    open_states = [
        CaseStatus.RECEIVED,
        CaseStatus.NEEDS_SUPPLEMENT,
        CaseStatus.ACCEPTED,
        CaseStatus.INVESTIGATING,
        CaseStatus.ORDERED,
        CaseStatus.COMPLIED,
        CaseStatus.NOT_COMPLIED,
        CaseStatus.RESOLVED,
    ]
    done_states = [CaseStatus.CLOSED, CaseStatus.NOT_ACCEPTED, CaseStatus.REFERRED, CaseStatus.WITHDRAWN]
    columns = [
        "tracking_number",
        "access_code_hash",
        "kind",
        "category",
        "source",
        "status",
        "district_id",
        "employer_id",
        "employer_name_given",
        "employer_credit_code_given",
        "employer_address_given",
        "project_name",
        "amount_owed",
        "period_start",
        "period_end",
        "continuing",
        "workers_affected",
        "description",
        "complainant_name",
        "complainant_id_number",
        "complainant_mobile",
        "outside_limitation",
        "received_at",
        "acceptance_due",
        "acceptance_due_provisional",
        "accepted_on",
        "investigation_due",
        "investigation_due_provisional",
        "extended",
        "order_due",
        "closed_at",
        "next_deadline",
        "created_at",
        "updated_at",
    ]
    extra = _defaults_for("complaints_complaint", columns)
    all_columns = columns + list(extra)
    categories = ["wage_arrears"] * 8 + ["overtime_pay", "holiday_pay"]
    null = "\\N"
    with connection.cursor() as cursor:
        raw = cursor.connection
        for start in range(0, rows, BATCH):
            buf = io.StringIO()
            for i in range(start, min(rows, start + BATCH)):
                d = districts[i % N_DISTRICTS]
                emp = rnd.choice(by_district[d.pk])
                received = today - datetime.timedelta(days=rnd.randint(0, 1000))
                is_open = rnd.random() < 0.35
                status = rnd.choice(open_states) if is_open else rnd.choice(done_states)
                deadline = (
                    today + datetime.timedelta(days=rnd.randint(-40, 90))
                    if is_open and status != CaseStatus.NEEDS_SUPPLEMENT
                    else None
                )
                ts = f"{received.isoformat()} 09:{i % 60:02d}:00+08"
                accepted = received + datetime.timedelta(days=3)
                values = [
                    f"{d.code[:4]}-{received.year}-{i:07d}",
                    "x" * 64,
                    "complaint",
                    rnd.choice(categories),
                    "online",
                    status,
                    str(d.pk),
                    str(emp[0]),
                    emp[1],
                    "",
                    "",
                    "",
                    f"{rnd.randint(5, 5000) * 100}.00",
                    (received - datetime.timedelta(days=120)).isoformat(),
                    (received - datetime.timedelta(days=10)).isoformat(),
                    "f",
                    str(rnd.choice([1, 1, 1, 2, 5, 12])),
                    "拖欠工资",
                    "张*",
                    "",
                    "",
                    "f",
                    ts,
                    (received + datetime.timedelta(days=7)).isoformat(),
                    "f",
                    accepted.isoformat()
                    if status
                    not in (
                        CaseStatus.RECEIVED,
                        CaseStatus.NEEDS_SUPPLEMENT,
                        CaseStatus.NOT_ACCEPTED,
                        CaseStatus.REFERRED,
                    )
                    else null,
                    (accepted + datetime.timedelta(days=84)).isoformat(),
                    "f",
                    "f",
                    null,
                    ts if not is_open else null,
                    deadline.isoformat() if deadline else null,
                    ts,
                    ts,
                ] + [str(v) for v in extra.values()]
                buf.write("\t".join(values) + "\n")
            buf.seek(0)
            with (
                raw.cursor() as c,
                c.copy(f"COPY complaints_complaint ({', '.join(all_columns)}) FROM STDIN") as copy,
            ):
                copy.write(buf.read())
            raw.commit()
            print(f"  {min(rows, start + BATCH):,} rows  ({time.perf_counter() - started:.0f} s)", flush=True)
        # Assign each district's bench inspector to ~5% of the open cases of the district.
        # (id / 10): ids cycle through the districts, so a plain id modulus would pick one district only.
        cursor.execute(
            "INSERT INTO complaints_assignment (complaint_id, inspector_id, assigned_at) "
            "SELECT c.id, u.id, now() FROM complaints_complaint c "
            "JOIN core_district d ON d.id = c.district_id "
            "JOIN core_user u ON u.username = 'bench-insp-' || d.code "
            "WHERE c.next_deadline IS NOT NULL AND (c.id / 10) % 20 = 0"
        )
        raw.commit()
    # Set the visibility map so that capped counts can be index-only scans, as autovacuum would in production.
    with connection.cursor() as cursor:
        cursor.connection.autocommit = True
        cursor.execute("VACUUM ANALYZE complaints_complaint")
        cursor.execute("VACUUM ANALYZE complaints_assignment")
        cursor.execute("VACUUM ANALYZE core_employer")
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def measure(requests: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.models import District, User

    district = District.objects.get(code="210211")
    city_manager = User.objects.get(username="bench-citymgr")
    district_manager = User.objects.get(username="bench-mgr-210211")
    inspector = User.objects.get(username="bench-insp-210211")
    employer_fragment = "建筑0123"
    tracking_fragment = "2102-2025-00012"
    scenarios = [
        ("district+status", city_manager, f"district={district.pk}&status=investigating"),
        ("district manager queue (open)", district_manager, "open=true"),
        ("overdue (whole city)", city_manager, "overdue=true"),
        ("due within 3 working days", city_manager, "due_within=3"),
        ("text search: employer", city_manager, f"q={employer_fragment}"),
        ("text search: tracking number", city_manager, f"q={tracking_fragment}"),
        ("my cases (inspector)", inspector, "mine=true&open=true"),
    ]
    results = {}
    for surface, base in (("api", "/api/v1/cases/?"), ("html", "/staff/cases/?view=all&")):
        for name, user, query in scenarios:
            client = Client()
            client.force_login(user)
            url = base + query
            for _ in range(5):  # warm up caches and connections
                client.get(url)
            timings, cpu, queries, rows = [], [], [], 0
            first = client.get(url)
            paged = (first.json()["count"] if surface == "api" else 0) > 25 or b"page=2" in first.content
            for i in range(requests):
                page_url = url + ("&page=2" if paged and i % 4 == 3 else "")
                with CaptureQueriesContext(connection) as ctx:
                    t0, c0 = time.perf_counter(), time.thread_time()
                    response = client.get(page_url)
                    timings.append((time.perf_counter() - t0) * 1000)
                    cpu.append((time.thread_time() - c0) * 1000)
                assert response.status_code == 200, (page_url, response.status_code)
                queries.append(len(ctx.captured_queries))
                if surface == "api" and i == 0:
                    rows = response.json()["count"]
            timings.sort()
            cpu.sort()
            key = f"{surface}: {name}"
            results[key] = {
                "url": url,
                "requests": requests,
                "p50_ms": round(statistics.median(timings), 1),
                "p99_ms": round(timings[max(0, int(len(timings) * 0.99) - 1)], 1),
                "max_ms": round(timings[-1], 1),
                # CPU time of the request in this process (excludes waiting for a CPU on a shared machine).
                "cpu_p50_ms": round(statistics.median(cpu), 1),
                "cpu_p99_ms": round(cpu[max(0, int(len(cpu) * 0.99) - 1)], 1),
                "queries_per_request": sorted(set(queries)),
                "matches_counted_up_to_cap": rows if surface == "api" else None,
            }
            r = results[key]
            print(
                f"{key:42s} p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  "
                f"(cpu p50 {r['cpu_p50_ms']:5.1f} p99 {r['cpu_p99_ms']:5.1f})  queries {r['queries_per_request']}",
                flush=True,
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--refill", action="store_true", help="delete the bench data and fill again")
    args = parser.parse_args()
    ensure_database()
    setup_django()
    from django.db import connection

    from complaints.models import Complaint

    if connection.vendor != "postgresql":
        sys.exit("bench/caselist.py needs PostgreSQL (DATABASE_URL)")
    if args.refill:
        from core.db_guards import TRUNCATE_SETTING

        with connection.cursor() as cursor:
            # The bench database's audit trail is emptied on purpose (core/db_guards.py).
            cursor.execute(f"SET {TRUNCATE_SETTING} = 'allow'")
            cursor.execute(
                "TRUNCATE complaints_complaint, complaints_assignment, complaints_auditentry, core_employer CASCADE"
            )
    existing = Complaint.objects.count()
    if existing < args.rows:
        if existing:
            sys.exit(f"{existing:,} rows present but {args.rows:,} wanted: run with --refill")
        fill(args.rows)
    count = Complaint.objects.count()
    print(f"{count:,} complaints in {connection.settings_dict['NAME']}", flush=True)
    load_before = os.getloadavg()
    results = measure(args.requests)
    load_after = os.getloadavg()
    out = {
        "database": connection.settings_dict["NAME"],
        "complaints": count,
        "page_size": 25,
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "client": "django.test.Client, in process",
        "cpus": os.cpu_count(),
        "load_average_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "results": results,
    }
    path = ROOT / "bench" / "results" / "caselist.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
