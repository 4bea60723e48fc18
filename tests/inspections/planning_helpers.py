"""Random small planning instances and a brute-force optimum of the original (un-aggregated) model."""

from __future__ import annotations

import itertools
import random

from inspections.planning.solver import Candidate, PlanProblem, TeamSpec


def random_problem(seed: int, *, n_cands: int = 5, n_teams: int = 2, n_days: int = 3) -> PlanProblem:
    rng = random.Random(seed)
    districts = [1, 2]
    teams = []
    for k in range(n_teams):
        cap = tuple(rng.choice([0, 1, 2, 2, 2]) for _ in range(n_days))
        allowed = frozenset(districts) if rng.random() < 0.5 else frozenset()
        teams.append(TeamSpec(key=100 + k, home=rng.choice(districts), capacity=cap, allowed=allowed))
    cands = []
    for i in range(n_cands):
        must = rng.random() < 0.15
        cands.append(
            Candidate(
                key=i,
                district=rng.choice(districts),
                units=rng.choice([1, 1, 2]),
                risk=round(rng.uniform(1, 100), 2),
                must=must,
                release=rng.choice([0, 0, 0, 1, 2]) if n_days > 2 else 0,
            )
        )
    return PlanProblem(n_days=n_days, candidates=cands, teams=teams, travel_cost=rng.choice([0.0, 5.0, 30.0]))


def brute_force(problem: PlanProblem) -> float | None:
    """Return the optimum objective by enumerating every x[e] in {skip} ∪ {(team, day)}; None if infeasible."""
    options = []
    for c in problem.candidates:
        opts = [] if c.must else [None]
        for t in problem.teams:
            if c.district != t.home and c.district not in t.allowed:
                continue
            for d in range(c.release, problem.n_days):
                if t.capacity[d] >= c.units:
                    opts.append((t, d))
        options.append(opts)
    best = None
    for combo in itertools.product(*options):
        used: dict = {}
        ok = True
        value = 0.0
        for c, o in zip(problem.candidates, combo, strict=True):
            if o is None:
                continue
            t, d = o
            used[(t.key, d)] = used.get((t.key, d), 0) + c.units
            if used[(t.key, d)] > t.capacity[d]:
                ok = False
                break
            value += c.risk - (problem.travel_cost if c.district != t.home else 0.0)
        if ok and (best is None or value > best + 1e-9):
            best = value
    return best
