"""Benchmark the campaign planner: 20,000 candidates, 100 teams, 60 working days.

Run: DATABASE server at BENCH_PG (default postgres://postgres@127.0.0.1:5432);
    /work/main/.venv/bin/python bench/plan.py
Targets: plan time < 30 s, optimality gap < 1 %; reports the gain over the greedy baseline.
"""

from __future__ import annotations

import random
import time

from _setup import fresh_database, write_results

N_CANDIDATES = 20_000
N_TEAMS = 100
N_DAYS = 60
N_FOLLOW_UPS = 200
N_OPEN_CASES = 300


def main() -> None:
    fresh_database("wagewatch_bench_plan")
    from core.choices import Role, Sector
    from core.models import District, Employer, User
    from core.workdays import working_days_in
    from inspections.choices import VisitKind
    from inspections.models import Campaign, PlanRun, RiskScore, Team, Visit
    from inspections.services.planning import build_problem, plan_execute
    from inspections.services.risk import visit_units

    rng = random.Random(2026)
    city = District.objects.create(code="2102", name="大连市")
    districts = [District.objects.create(code=f"2102{i:02d}", name=f"区{i}", parent=city) for i in range(10)]
    start = __import__("datetime").date(2026, 11, 16)
    end = start
    while len(working_days_in(start, end)[0]) < N_DAYS:
        end += __import__("datetime").timedelta(days=1)
    days = working_days_in(start, end)[0]
    campaign = Campaign.objects.create(name="bench", starts_on=start, ends_on=end, travel_cost=15.0)
    campaign.districts.set(districts)
    sectors = [Sector.CONSTRUCTION, Sector.MANUFACTURING, Sector.CATERING, Sector.LOGISTICS, Sector.RETAIL]
    emps = []
    for i in range(N_CANDIDATES):
        sector = rng.choice(sectors)
        head = rng.choice([8, 20, 40, 80, 150, 400])
        emps.append(
            Employer(
                name=f"企业{i}",
                normalised_name=f"企业{i}",
                credit_code=f"B{i:017d}",
                district=rng.choice(districts),
                sector=sector,
                headcount=head,
            )
        )
    Employer.objects.bulk_create(emps, batch_size=5000)
    scores = []
    for i, e in enumerate(emps):
        scores.append(
            RiskScore(
                campaign=campaign,
                employer=e,
                district_id=e.district_id,
                score=round(rng.betavariate(2, 5) * 100, 2),
                factors={},
                must_visit=i < N_OPEN_CASES,
                units=visit_units(sector=e.sector, headcount=e.headcount),
            )
        )
    RiskScore.objects.bulk_create(scores, batch_size=5000)
    users = User.objects.bulk_create(
        [
            User(username=f"i{k}", role=Role.INSPECTOR, district=districts[k // 20 % 10])
            for k in range(2 * N_TEAMS)
        ]
    )
    teams = []
    for k in range(N_TEAMS):
        off = [d.isoformat() for d in days if rng.random() < 0.05]
        teams.append(
            Team(
                campaign=campaign,
                name=f"T{k}",
                inspector_a=users[2 * k],
                inspector_b=users[2 * k + 1],
                home_district=districts[k % 10],
                may_travel=k % 5 == 0,
                unavailable=off,
            )
        )
    Team.objects.bulk_create(teams)
    # Follow-ups of earlier orders: must-visits not before their due dates (spread over the campaign).
    follow = []
    for e in emps[N_OPEN_CASES : N_OPEN_CASES + N_FOLLOW_UPS]:
        due = rng.choice(days[5:50])
        follow.append(
            Visit(
                campaign=campaign,
                employer=e,
                district_id=e.district_id,
                team=rng.choice(teams),
                date=due,
                units=visit_units(sector=e.sector, headcount=e.headcount),
                kind=VisitKind.FOLLOW_UP,
                earliest=due,
                risk=30.0,
            )
        )
    Visit.objects.bulk_create(follow)
    campaign.risk_computed_at = __import__("django.utils.timezone", fromlist=["x"]).now()
    campaign.save()

    t0 = time.perf_counter()
    problem, _days, _meta = build_problem(campaign, start)
    t_build = time.perf_counter() - t0
    manager = User.objects.create(username="bench-manager", role=Role.MANAGER)
    run = PlanRun.objects.create(campaign=campaign, from_date=start, requested_by=manager)
    t0, c0 = time.perf_counter(), time.process_time()
    plan_execute(run_id=run.pk)
    t_total, c_total = time.perf_counter() - t0, time.process_time() - c0
    run.refresh_from_db()
    assert run.status == "done", run.message
    # The proposal is written into the campaign's visits when a manager confirms it.
    from inspections.services.plan_proposals import plan_confirm

    t0 = time.perf_counter()
    plan_confirm(run=run, confirmed_by=manager)
    t_confirm = time.perf_counter() - t0
    run.refresh_from_db()
    assert Visit.objects.filter(campaign=campaign, status="planned").count() == run.visits
    write_results(
        "plan",
        {
            "candidates": len(problem.candidates),
            "teams": N_TEAMS,
            "working_days": len(days),
            "must_visits": sum(c.must for c in problem.candidates),
            "visits_planned": run.visits,
            "solver_seconds": round(run.seconds, 2),
            "plan_job_seconds_total": round(t_total, 2),
            "plan_job_cpu_seconds": round(c_total, 2),
            "confirm_seconds": round(t_confirm, 2),
            "load_average_1min": round(__import__("os").getloadavg()[0], 1),
            "load_seconds": round(t_build, 2),
            "objective": round(run.objective, 2),
            "dual_bound": round(run.bound, 2),
            "gap_percent": round(100 * run.gap, 4),
            "greedy_objective": round(run.greedy_objective, 2),
            "gain_over_greedy_percent": round(
                100 * (run.objective - run.greedy_objective) / run.greedy_objective, 2
            ),
            "greedy_seconds": run.stats.get("greedy_seconds"),
            "model": {
                k: run.stats.get(k)
                for k in (
                    "variables",
                    "integer_variables",
                    "constraints",
                    "nonzeros",
                    "periods",
                    "team_groups",
                    "classes",
                )
            },
        },
    )


if __name__ == "__main__":
    main()
