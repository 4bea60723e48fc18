"""Fill a migrated bench database with N existing complaints, so that intake is measured on a grown table.

    seed_existing(database_url, n)

One ``INSERT … SELECT generate_series`` inside PostgreSQL (no Python per row), then ``VACUUM ANALYZE`` (as
autovacuum would leave a table in production). The spread is meant to look like a city after a few
years:

* received at 250,000 a year up to now (1,000,000 complaints are four years of them), ids rising with
  the date (as a live system assigns them);
* 20,000 employers in 10 districts; a few employers get many complaints (a square of a uniform draw);
  the 40 employers the intake benchmarks file against (``大连基准测试{k}建筑工程有限公司``) are big, long
  known employers: together a tenth of all complaints, most of them long closed;
* statuses by age: complaints of the last 90 days are open (any open status), older ones closed, not
  accepted or withdrawn, except 3 % of the last year's still open (a long investigation, an order not
  complied with);
* periods of work that end before the complaint, one in five still continuing;
* resident ID numbers of a region (``210211…``) that the benchmarks' own workers (``110105…``) never use.

The districts and employers are made here if missing; the benchmarks make their users themselves.
"""

from __future__ import annotations

import time

PER_YEAR = 250_000  # complaints filed in a year
BENCH_EMPLOYERS = 40
EMPLOYERS = 20_000
DISTRICTS = [
    ("210202", "中山区"),
    ("210203", "西岗区"),
    ("210204", "沙河口区"),
    ("210211", "甘井子区"),
    ("210212", "旅顺口区"),
    ("210213", "金州区"),
    ("210214", "普兰店区"),
    ("210224", "长海县"),
    ("210281", "瓦房店市"),
    ("210283", "庄河市"),
]
OPEN = ["received", "needs_supplement", "accepted", "investigating", "ordered", "not_complied"]
DONE = ["closed", "closed", "closed", "not_accepted", "withdrawn"]


def bench_employer_name(k: int) -> str:
    """The name bench/intake.py's k-th employer is filed under (it files against k = n % 40)."""
    return f"大连基准测试{k}建筑工程有限公司"


def _setup_rows(cur) -> None:
    cur.execute(
        "INSERT INTO core_district (code, name, parent_id) VALUES ('2102', '大连市', NULL) "
        "ON CONFLICT DO NOTHING"
    )
    for code, name in DISTRICTS:
        cur.execute(
            "INSERT INTO core_district (code, name, parent_id) "
            "SELECT %s, %s, id FROM core_district WHERE code = '2102' ON CONFLICT DO NOTHING",
            [code, name],
        )


def _not_null_defaults(cur, table: str, given: set[str]) -> dict[str, str]:
    """SQL literals for NOT NULL columns without a default that this seeder does not know (added later)."""
    cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND is_generated = 'NEVER'",
        [table],
    )
    neutral = {"boolean": "false", "jsonb": "'{}'::jsonb", "json": "'{}'::json"}
    numeric = {"integer", "bigint", "smallint", "numeric", "double precision", "real"}
    return {
        name: neutral.get(dtype, "0" if dtype in numeric else "''")
        for name, dtype in cur.fetchall()
        if name not in given and name != "id"
    }


EMPLOYER_COLUMNS = {
    "credit_code": "''",
    "credit_code_checksum_ok": "true",
    "address": "''",
    "sector": "'construction'",
    "headcount": "100",
    "migrant_worker_count": "50",
    "is_construction_project": "true",
    "has_wage_account": "false",
    "has_wage_deposit": "false",
    "created_at": "now() - interval '5 years'",
    "updated_at": "now() - interval '5 years'",
}


def _employers(cur) -> None:
    """20,000 employers spread over the districts; the first 40 are the benchmarks' (in 甘井子区)."""
    from core.identifiers import normalise_employer_name

    cur.execute("SELECT count(*) FROM core_employer WHERE name LIKE '大连既有%'")
    if cur.fetchone()[0]:
        return
    cur.execute("SELECT code, id FROM core_district")
    district = dict(cur.fetchall())
    cur.execute("SELECT name FROM core_employer")
    known = {row[0] for row in cur.fetchall()}
    rows = []
    for k in range(EMPLOYERS):
        if k < BENCH_EMPLOYERS:
            name, code = bench_employer_name(k), "210211"
        else:
            name, code = f"大连既有{k:05d}有限公司", DISTRICTS[k % len(DISTRICTS)][0]
        if name not in known:
            rows.append((name, normalise_employer_name(name), district[code]))
    given = {"name", "normalised_name", "district_id", *EMPLOYER_COLUMNS}
    columns = {**EMPLOYER_COLUMNS, **_not_null_defaults(cur, "core_employer", given)}
    cur.execute(
        "CREATE TEMP TABLE seed_names (k serial, name text, normalised_name text, district_id bigint)"
    )
    with cur.copy("COPY seed_names (name, normalised_name, district_id) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(
        f"INSERT INTO core_employer (name, normalised_name, district_id, {', '.join(columns)}) "
        f"SELECT name, normalised_name, district_id, {', '.join(columns.values())} FROM seed_names ORDER BY k"
    )
    cur.execute("DROP TABLE seed_names")


COMPLAINT_COLUMNS = {
    "tracking_number": "'2102-' || extract(year FROM s.received)::int || '-S' || lpad(s.i::text, 7, '0')",
    "access_code_hash": "md5(s.i::text) || md5(s.i::text)",
    "kind": "CASE WHEN s.r3 < 0.1 THEN 'clue' ELSE 'complaint' END",
    "category": "CASE WHEN s.r3 < 0.8 THEN 'wage_arrears' ELSE 'overtime_pay' END",
    "source": "'online'",
    "status": "s.status",
    "district_id": "e.district_id",
    "employer_id": "e.id",
    "employer_name_given": "e.name",
    "employer_credit_code_given": "''",
    "employer_address_given": "''",
    "project_name": "''",
    "amount_owed": "round((500 + s.r2 * 50000)::numeric, 2)",
    "period_start": "s.period_start",
    "period_end": "CASE WHEN s.r3 < 0.2 THEN NULL ELSE s.period_end END",
    "continuing": "s.r3 < 0.2",
    "workers_affected": "1 + (s.r2 * 5)::int",
    "description": "'拖欠工资，多次讨要未果。'",
    "complainant_name": "'王某'",
    "complainant_id_number": "'210211' || lpad((s.i % 1000000000000)::text, 12, '0')",
    "complainant_mobile": "'139' || lpad((s.i % 100000000)::text, 8, '0')",
    "outside_limitation": "false",
    "idempotency_key": "''",
    "received_at": "s.received",
    "acceptance_due": "s.received::date + 7",
    "acceptance_due_provisional": "false",
    "accepted_on": "CASE WHEN s.status IN ('received', 'needs_supplement', 'not_accepted') THEN NULL "
    "ELSE s.received::date + 3 END",
    "investigation_due": "s.received::date + 84",
    "investigation_due_provisional": "false",
    "extended": "false",
    "order_due": "NULL",
    "closed_at": "CASE WHEN s.is_open THEN NULL ELSE s.received + interval '60 days' END",
    "next_deadline": "CASE WHEN s.is_open THEN s.received::date + 84 END",
    "created_at": "s.received",
    "updated_at": "s.received",
}


def _existing_columns(cur, table: str) -> set[str]:
    cur.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table])
    return {row[0] for row in cur.fetchall()}


def _complaints(cur, n: int) -> None:
    present = _existing_columns(cur, "complaints_complaint")
    known = {k: v for k, v in COMPLAINT_COLUMNS.items() if k in present}
    columns = {**known, **_not_null_defaults(cur, "complaints_complaint", set(known))}
    days = n / PER_YEAR * 365
    cur.execute("SELECT setseed(0.20261126)")
    # r1 picks the employer, r2 amounts, r3 kind/category/continuing, r4 the status, r5 a late closing.
    cur.execute(
        f"""
        CREATE TEMP TABLE seed_employer AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, district_id, name FROM core_employer
        WHERE name LIKE '大连既有%' OR name LIKE '大连基准测试%';
        CREATE INDEX ON seed_employer (k);
        INSERT INTO complaints_complaint ({", ".join(columns)})
        SELECT {", ".join(columns.values())}
        FROM (
            SELECT g.i, g.r1, g.r2, g.r3, g.received, g.is_open,
                   CASE WHEN g.is_open THEN (ARRAY{OPEN!r})[1 + floor(g.r4 * {len(OPEN)})::int]
                        ELSE (ARRAY{DONE!r})[1 + floor(g.r4 * {len(DONE)})::int] END AS status,
                   g.received::date - 30 - floor(g.r2 * 365)::int AS period_start,
                   g.received::date - floor(g.r3 * 30)::int AS period_end
            FROM (
                SELECT i, r1, r2, r3, r4, received,
                       received > now() - interval '90 days'
                       OR (received > now() - interval '1 year' AND r5 < 0.03) AS is_open
                FROM (
                    SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                           random() AS r5,
                           now() - interval '1 day' * {days} * (1 - (i - 1)::float / {n}) AS received
                    FROM generate_series(1, {n}) AS i
                ) raw
            ) g
        ) s
        JOIN seed_employer e ON e.k = CASE
            WHEN s.r1 < 0.1 THEN floor(s.r1 * 10 * {BENCH_EMPLOYERS})::int
            ELSE {BENCH_EMPLOYERS} + floor(((s.r1 - 0.1) / 0.9) ^ 2 * {EMPLOYERS - BENCH_EMPLOYERS})::int
        END
        ORDER BY s.i;
        DROP TABLE seed_employer;
        """
    )


def seed_existing(database_url: str, n: int) -> float:
    """Add ``n`` complaints (and their employers and districts) to a migrated database; return seconds."""
    import psycopg

    started = time.perf_counter()
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        _setup_rows(cur)
        if n:
            _employers(cur)
            _complaints(cur, n)
        conn.commit()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def parse_existing(text: str) -> list[int]:
    """``0,100000,1000000`` -> [0, 100000, 1000000]."""
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
