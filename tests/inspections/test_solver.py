"""The planner on plain data: equals a brute-force optimum of the original model; greedy is never better."""

from __future__ import annotations

import pytest

from inspections.planning.solver import (
    Candidate,
    PlanInfeasible,
    PlanProblem,
    TeamSpec,
    evaluate,
    solve_exact,
    solve_greedy,
)

from .planning_helpers import brute_force, random_problem


@pytest.mark.parametrize("seed", range(25))
def test_exact_equals_brute_force_and_greedy_is_never_better(seed):
    problem = random_problem(seed, n_cands=6, n_teams=2, n_days=3)
    best = brute_force(problem)
    if best is None:
        with pytest.raises(PlanInfeasible):
            solve_exact(problem, mip_rel_gap=0)
        return
    result = solve_exact(problem, mip_rel_gap=0)
    objective, _risk, _travel = evaluate(problem, result.assignments)  # feasible: raises otherwise
    assert objective == pytest.approx(best, abs=1e-6)
    assert result.gap == pytest.approx(0, abs=1e-6)
    greedy = solve_greedy(problem)
    if greedy.status == "ok":
        assert evaluate(problem, greedy.assignments)[0] <= best + 1e-6


def test_greedy_can_be_worse_and_the_exact_plan_is_not():
    # One team-day: greedy takes the riskiest (full-day) visit; two half days together are worth more.
    problem = PlanProblem(
        n_days=1,
        candidates=[Candidate(1, 1, 1, 60.0), Candidate(2, 1, 2, 100.0), Candidate(3, 1, 1, 50.0)],
        teams=[TeamSpec(10, 1, (2,))],
    )
    exact = solve_exact(problem, mip_rel_gap=0)
    greedy = solve_greedy(problem)
    assert exact.objective == pytest.approx(110.0)
    assert {a.candidate for a in exact.assignments} == {1, 3}
    assert greedy.objective == pytest.approx(100.0)


def test_days_off_and_locked_capacity_are_respected():
    # Day 1 is off (capacity 0); day 0 has one unit left after a locked half-day visit.
    problem = PlanProblem(
        n_days=3,
        candidates=[Candidate(i, 1, 1, 10.0 + i) for i in range(6)],
        teams=[TeamSpec(10, 1, (1, 0, 2))],
    )
    result = solve_exact(problem, mip_rel_gap=0)
    days = [a.day for a in result.assignments]
    assert 1 not in days
    assert days.count(0) == 1 and days.count(2) == 2
    assert {a.candidate for a in result.assignments} == {5, 4, 3}


def test_must_visits_are_always_planned_and_not_before_their_release_day():
    problem = PlanProblem(
        n_days=3,
        candidates=[
            Candidate(1, 1, 1, 1.0, must=True, release=2),
            Candidate(2, 2, 2, 1.0, must=True),  # only a travelling team may go
            *[Candidate(10 + i, 1, 1, 50.0) for i in range(8)],
        ],
        teams=[TeamSpec(10, 1, (2, 2, 2)), TeamSpec(11, 1, (2, 2, 2), allowed=frozenset({2}))],
        travel_cost=5.0,
    )
    result = solve_exact(problem, mip_rel_gap=0)
    by = {a.candidate: a for a in result.assignments}
    assert by[1].day == 2
    assert by[2].team == 11 and by[2].travel
    assert evaluate(problem, result.assignments)


def test_too_many_must_visits_is_reported_not_silently_dropped():
    problem = PlanProblem(
        n_days=1,
        candidates=[Candidate(i, 1, 2, 1.0, must=True) for i in range(2)],
        teams=[TeamSpec(10, 1, (2,))],
    )
    with pytest.raises(PlanInfeasible):
        solve_exact(problem)


def test_a_medium_instance_is_solved_with_a_small_proven_gap():
    problem = random_problem(7, n_cands=400, n_teams=6, n_days=10)
    problem.candidates = [c for c in problem.candidates if not c.must]
    result = solve_exact(problem, mip_rel_gap=1e-4)
    evaluate(problem, result.assignments)
    assert result.gap < 1e-3
    assert solve_greedy(problem).objective <= result.bound + 1e-6


@pytest.mark.parametrize("spare", [False, True], ids=["full", "capacity-to-spare"])
def test_visits_go_to_the_earliest_days_and_must_visits_first(spare):
    """No team-day has room while a visit it could take waits for later; no must-visit of a class comes
    after an ordinary visit of that class it could have swapped with."""
    import random

    rng = random.Random(5)
    teams = [
        TeamSpec(key=100 + k, home=1 + k % 2, capacity=tuple(rng.choice([2, 2, 2, 1, 0]) for _ in range(12)))
        for k in range(6)
    ]
    cands = [
        Candidate(
            i,
            1 + i % 2,
            rng.choice([1, 1, 2]),
            round(rng.uniform(1, 100), 2),
            must=i % 9 == 0,
            release=rng.choice([0, 0, 0, 3, 6]),
        )
        for i in range(40 if spare else 200)
    ]
    problem = PlanProblem(n_days=12, candidates=cands, teams=teams)
    result = solve_exact(problem)
    by_key = {c.key: c for c in cands}
    used: dict = {}
    for a in result.assignments:
        used[(a.team, a.day)] = used.get((a.team, a.day), 0) + by_key[a.candidate].units
    for a in result.assignments:
        c = by_key[a.candidate]
        team = next(t for t in teams if t.key == a.team)
        for d in range(c.release, a.day):  # an earlier day of the same team with room for it
            assert team.capacity[d] - used.get((team.key, d), 0) < c.units, (a, d)
        if c.must:
            for b in result.assignments:
                o = by_key[b.candidate]
                if (o.district, o.units) == (c.district, c.units) and not o.must and b.day < a.day:
                    assert b.day < c.release or a.day < o.release, (a, b)
