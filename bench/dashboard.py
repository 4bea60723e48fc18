"""Benchmark the campaign dashboard with 1,000,000 complaints and 200,000 employers in PostgreSQL.

Run: /work/main/.venv/bin/python bench/dashboard.py      (target: dashboard figures p99 < 200 ms)

Rows are generated in SQL (generate_series). The figures are precomputed into FigureCell rows by
figures_refresh (a periodic task and on every completed visit); the page, the live panel and the API
read those. The refresh time itself is reported too.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time

from _setup import fresh_database, write_results

EMPLOYERS = 200_000
COMPLAINTS = 1_000_000
VISITS = 20_000
REPEAT = 300

EMPLOYER_SQL = {
    "name": "'基准企业' || g",
    "normalised_name": "'基准企业' || g",
    "credit_code": "'B' || lpad(g::text, 17, '0')",
    "credit_code_checksum_ok": "true",
    "address": "'大连市'",
    "district_id": "%(d0)s + (g %% 10)",
    "sector": "(ARRAY['construction','manufacturing','catering','logistics','retail'])[1 + g %% 5]",
    "headcount": "10 + (g * 37) %% 500",
    "migrant_worker_count": "(g * 17) %% 10",
    "is_construction_project": "g %% 5 = 0",
    "has_wage_account": "g %% 3 = 0",
    "has_wage_deposit": "g %% 4 = 0",
    "created_at": "now()",
    "updated_at": "now()",
}
COMPLAINT_SQL = {
    "tracking_number": "'2102-2026-' || lpad(g::text, 7, '0')",
    "access_code_hash": "'x'",
    "kind": "'complaint'",
    "category": "CASE WHEN g %% 7 = 0 THEN 'overtime_pay' ELSE 'wage_arrears' END",
    "source": "'online'",
    "status": "(ARRAY['received','accepted','investigating','ordered','complied','closed','closed','closed','not_accepted','resolved'])[1 + (g * 7) %% 10]",
    "district_id": "%(d0)s + (g %% 10)",
    "employer_id": "%(e0)s + (g * 13) %% %(ne)s",
    "amount_owed": "((g * 7919) %% 200000)::numeric",
    "workers_affected": "1 + g %% 20",
    "description": "'基准'",
    "received_at": "timestamp '2025-06-01' + ((g * 7) %% 600) * interval '1 day'",
    "accepted_on": "date '2025-06-03' + ((g * 7) %% 600)::int",
    "closed_at": "CASE WHEN (g * 7) %% 10 IN (5,6,7) THEN timestamp '2025-07-01' + ((g * 11) %% 600) * interval '1 day' END",
    "created_at": "now()",
    "updated_at": "timestamp '2025-07-01' + ((g * 11) %% 600) * interval '1 day'",
}


def insert_series(model, exprs: dict, n: int, params: dict) -> None:
    """INSERT ... SELECT from generate_series; fields not given take their Python default (robust to new columns)."""
    from django.db import connection

    cols, sels, values = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "generated", False):  # a GeneratedField is computed by the database
            continue
        cols.append(f'"{f.column}"')
        if f.name in exprs or f.column in exprs:
            sels.append(exprs.get(f.name, exprs.get(f.column)))
        elif f.null:
            sels.append("NULL")
        else:
            default = f.get_default()
            sels.append("%(v" + str(len(values)) + ")s")
            params = {**params, f"v{len(values)}": default}
            values.append(default)
    sql = f'INSERT INTO "{model._meta.db_table}" ({", ".join(cols)}) SELECT {", ".join(sels)} FROM generate_series(1::bigint, {n}) AS g'
    with connection.cursor() as cur:
        cur.execute(sql, params)
        cur.execute(f'ANALYZE "{model._meta.db_table}"')


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return round(1000 * s[min(len(s) - 1, int(q * len(s)))], 2)


def main() -> None:
    fresh_database("wagewatch_bench_dashboard")
    from django.test import Client

    from complaints.models import Complaint
    from core.choices import Role
    from core.models import District, Employer, User
    from inspections.choices import Outcome, VisitStatus
    from inspections.models import Campaign, Team, Visit
    from inspections.selectors import dashboard_figures
    from inspections.services.dashboard import figures_refresh

    city = District.objects.create(code="2102", name="大连市")
    districts = [District.objects.create(code=f"2102{i:02d}", name=f"区{i}", parent=city) for i in range(10)]
    d0 = districts[0].pk
    t0 = time.perf_counter()
    insert_series(Employer, EMPLOYER_SQL, EMPLOYERS, {"d0": d0})
    e0 = Employer.objects.order_by("pk").values_list("pk", flat=True).first()
    insert_series(Complaint, COMPLAINT_SQL, COMPLAINTS, {"d0": d0, "e0": e0, "ne": EMPLOYERS})
    t_load = time.perf_counter() - t0
    manager = User.objects.create_user("mgr", password="x", role=Role.MANAGER)
    a = User.objects.create_user("ia", password="x", role=Role.INSPECTOR)
    b = User.objects.create_user("ib", password="x", role=Role.INSPECTOR)
    campaign = Campaign.objects.create(
        name="bench",
        starts_on=datetime.date(2025, 11, 17),
        ends_on=datetime.date(2026, 2, 6),
        goal_employers=25_000,
    )
    campaign.districts.set(districts)
    team = Team.objects.create(
        campaign=campaign, name="T", inspector_a=a, inspector_b=b, home_district=districts[0]
    )
    rng = random.Random(1)
    Visit.objects.bulk_create(
        [
            Visit(
                campaign=campaign,
                employer_id=e0 + i,
                district_id=d0 + i % 10,
                team=team,
                date=campaign.starts_on + datetime.timedelta(days=rng.randrange(80)),
                status=VisitStatus.COMPLETED,
                outcome=rng.choice([Outcome.NO_VIOLATION, Outcome.NO_VIOLATION, Outcome.ORDER]),
            )
            for i in range(VISITS)
        ],
        batch_size=5000,
    )
    t0 = time.perf_counter()
    figures_refresh(campaign=campaign, announce=False)
    t_refresh = time.perf_counter() - t0

    selector, page, api = [], [], []
    client = Client()
    client.force_login(manager)
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        fig = dashboard_figures(campaign=campaign)
        selector.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        r = client.get(f"/staff/campaigns/{campaign.pk}/dashboard/panel/")
        page.append(time.perf_counter() - t0)
        assert r.status_code == 200
        t0 = time.perf_counter()
        r = client.get(f"/api/v1/campaigns/{campaign.pk}/figures/")
        api.append(time.perf_counter() - t0)
        assert r.status_code == 200
    write_results(
        "dashboard",
        {
            "complaints": Complaint.objects.count(),
            "employers": Employer.objects.count(),
            "completed_visits": VISITS,
            "load_seconds": round(t_load, 1),
            "figures_refresh_seconds": round(t_refresh, 2),
            "selector_p50_ms": pct(selector, 0.5),
            "selector_p99_ms": pct(selector, 0.99),
            "panel_html_p50_ms": pct(page, 0.5),
            "panel_html_p99_ms": pct(page, 0.99),
            "api_p50_ms": pct(api, 0.5),
            "api_p99_ms": pct(api, 0.99),
            "mean_api_ms": round(1000 * statistics.mean(api), 2),
            "total_cases_filed": float(fig["totals"]["cases_filed"]),
            "open_arrears": float(fig["totals"]["open_arrears"]),
        },
    )


if __name__ == "__main__":
    main()
