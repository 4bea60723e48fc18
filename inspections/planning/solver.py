"""Exact campaign planning by an aggregated MILP (HiGHS through scipy.optimize.milp), and a greedy baseline.

The original problem: choose employers, give each one team and one working day, maximise the risk
covered minus the travel cost of visits outside a team's home district, subject to each team-day's
capacity (2 half-day units; a visit takes 1 or 2 units), districts a team may work in, must-visits
and their release days (a follow-up falls on or after the order's due date).

The naive model x[e, t, d] has candidates × teams × days binaries (1.2e8 for the benchmark). Here the
days are cut into *periods* at the distinct release days, identical teams are merged into *groups*,
and employers are merged into *classes* (district, duration); the MILP decides how many visits of
each class each group does in each period, plus which employers are chosen. A post-step, optimal by
construction, turns the counts into a day-by-day plan. docs/planning.md has the proof of exactness.
"""

from __future__ import annotations

import bisect
import heapq
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

DAY_UNITS = 2  # a team-day is two half-day units; a full-day visit takes both
DISP = False  # print HiGHS's log
# HiGHS's presolve spends most of the time on the many near-identical y columns and gains nothing here.
PRESOLVE_MAX_COLUMNS = 5000  # presolve only small models


class PlanInfeasible(Exception):
    """The must-visits cannot all be placed in the remaining capacity."""


@dataclass(frozen=True)
class Candidate:
    key: int
    district: int
    units: int  # 1 = half day, 2 = full day
    risk: float
    must: bool = False
    release: int = 0  # index of the first day the visit may take place


@dataclass(frozen=True)
class TeamSpec:
    key: int
    home: int
    capacity: tuple[int, ...]  # free units per day index (0 = day off or fully locked)
    allowed: frozenset[int] = frozenset()  # other districts it may work in, at a travel cost


@dataclass
class PlanProblem:
    n_days: int
    candidates: list[Candidate]
    teams: list[TeamSpec]
    travel_cost: float = 0.0


@dataclass(frozen=True)
class Assignment:
    candidate: int
    team: int
    day: int
    travel: bool


@dataclass
class PlanResult:
    method: str
    assignments: list[Assignment]
    objective: float
    risk_covered: float
    travel_visits: int
    bound: float | None = None
    gap: float | None = None
    status: str = "optimal"
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)

    @property
    def visits(self) -> int:
        return len(self.assignments)


def evaluate(problem: PlanProblem, assignments: list[Assignment]) -> tuple[float, float, int]:
    """Return (objective, risk covered, travel visits) of a plan; raise ValueError if it is infeasible."""
    by_key = {c.key: c for c in problem.candidates}
    teams = {t.key: t for t in problem.teams}
    used: dict[tuple[int, int], int] = defaultdict(int)
    seen: set[int] = set()
    risk = 0.0
    travel = 0
    for a in assignments:
        c, t = by_key[a.candidate], teams[a.team]
        if c.key in seen:
            raise ValueError(f"candidate {c.key} planned twice")
        seen.add(c.key)
        if a.day < c.release or a.day >= problem.n_days:
            raise ValueError(f"candidate {c.key} before its release day")
        if c.district != t.home and c.district not in t.allowed:
            raise ValueError(f"team {t.key} may not work in district {c.district}")
        used[(t.key, a.day)] += c.units
        if used[(t.key, a.day)] > t.capacity[a.day]:
            raise ValueError(f"team {t.key} over capacity on day {a.day}")
        risk += c.risk
        travel += c.district != t.home
    missing = [c.key for c in problem.candidates if c.must and c.key not in seen]
    if missing:
        raise ValueError(f"must-visits not planned: {missing[:5]}")
    return risk - problem.travel_cost * travel, risk, travel


# ---------------------------------------------------------------------------------------------
# Exact: aggregated MILP + optimal post-step
# ---------------------------------------------------------------------------------------------


@dataclass
class _Model:
    bps: list[int]
    groups: list[tuple[int, frozenset[int], list[TeamSpec]]]  # (home, districts served, teams)
    n2: np.ndarray  # [group, period] days with 2 free units
    n1: np.ndarray  # [group, period] days with 1 free unit
    classes: list[tuple[int, int]]  # (district, units)
    members: list[list[Candidate]]
    relp: dict[int, int]  # candidate key -> release period
    svars: list[tuple[int, int, int]]  # (group, class, period)


def _period_of(bps: list[int], day: int) -> int:
    return bisect.bisect_right(bps, day) - 1


def _build(problem: PlanProblem) -> _Model:
    nd = problem.n_days
    cands = [c for c in problem.candidates if c.release < nd]
    bps = sorted({0} | {max(0, c.release) for c in cands})
    n_p = len(bps)
    grouped: dict[tuple, list[TeamSpec]] = defaultdict(list)
    for t in problem.teams:
        grouped[(t.home, t.allowed - {t.home}, t.capacity)].append(t)
    groups = []
    n2 = np.zeros((len(grouped), n_p), dtype=int)
    n1 = np.zeros((len(grouped), n_p), dtype=int)
    for gi, ((home, allowed, cap), teams) in enumerate(grouped.items()):
        groups.append((home, frozenset({home}) | allowed, teams))
        for d in range(nd):
            p = _period_of(bps, d)
            if cap[d] >= 2:
                n2[gi, p] += len(teams)
            elif cap[d] == 1:
                n1[gi, p] += len(teams)
    by_class: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    for c in cands:
        by_class[(c.district, c.units)].append(c)
    classes = list(by_class)
    members = [by_class[k] for k in classes]
    relp = {c.key: bps.index(max(0, c.release)) for c in cands}
    svars = []
    for gi, (_home, served, _teams) in enumerate(groups):
        for ki, (district, units) in enumerate(classes):
            if district not in served:
                continue
            first = min(relp[c.key] for c in members[ki])
            for p in range(first, n_p):
                if (n2[gi, p] if units == 2 else 2 * n2[gi, p] + n1[gi, p]) > 0:
                    svars.append((gi, ki, p))
    return _Model(bps, groups, n2, n1, classes, members, relp, svars)


def _solve_milp(problem: PlanProblem, m: _Model, time_limit: float, mip_rel_gap: float):
    """Build and solve the aggregated model; return (scipy result, number of y columns, size stats).

    Columns: y[e] (employer chosen, continuous: integral at every vertex, see docs/planning.md),
    s[g, k, p] (visits of class k by team group g in period p, integer) and the slack
    D[k, b] = (slots of class k in periods >= b) - (chosen employers of class k released >= b) >= 0,
    kept by the recursion D[k, b] = D[k, b+1] + sum_g s[g, k, b] - sum_{rel(e)=b} y[e], D[k, 0] = 0.
    The recursion keeps the matrix linear in size instead of quadratic in the number of periods.
    """
    cands = [c for ms in m.members for c in ms]
    n_p = len(m.bps)
    ny, ns, nk = len(cands), len(m.svars), len(m.classes)
    nd_ = nk * n_p
    ncol = ny + ns + nd_

    def dcol(ki: int, b: int) -> int:
        return ny + ns + ki * n_p + b

    cost = np.zeros(ncol)
    lb = np.zeros(ncol)
    ub = np.full(ncol, np.inf)
    rows, cols, vals, lo, hi = [], [], [], [], []
    # One recursion row per (class, period).
    rec_row = {(ki, b): ki * n_p + b for ki in range(nk) for b in range(n_p)}
    r = nk * n_p
    lo.extend([0.0] * r), hi.extend([0.0] * r)
    for i, c in enumerate(cands):
        cost[i] = -c.risk
        lb[i], ub[i] = (1.0 if c.must else 0.0), 1.0
    ki_of = {c.key: ki for ki, ms in enumerate(m.members) for c in ms}
    for i, c in enumerate(cands):
        rows.append(rec_row[(ki_of[c.key], m.relp[c.key])]), cols.append(i), vals.append(-1.0)
    for ki in range(nk):
        for b in range(n_p):
            rows.append(rec_row[(ki, b)]), cols.append(dcol(ki, b)), vals.append(-1.0)
            if b + 1 < n_p:
                rows.append(rec_row[(ki, b)]), cols.append(dcol(ki, b + 1)), vals.append(1.0)
        ub[dcol(ki, 0)] = 0.0  # every slot of a class is used by a chosen employer
    cap_rows: dict[tuple[int, int], int] = {}
    full_rows: dict[tuple[int, int], int] = {}
    for j, (gi, ki, p) in enumerate(m.svars):
        col = ny + j
        district, units = m.classes[ki]
        if district != m.groups[gi][0]:
            cost[col] = problem.travel_cost
        ub[col] = m.n2[gi, p] if units == 2 else 2 * m.n2[gi, p] + m.n1[gi, p]
        rows.append(rec_row[(ki, p)]), cols.append(col), vals.append(1.0)
        key = (gi, p)
        if key not in cap_rows:
            cap_rows[key] = r
            lo.append(-np.inf), hi.append(float(2 * m.n2[gi, p] + m.n1[gi, p]))
            r += 1
        rows.append(cap_rows[key]), cols.append(col), vals.append(float(units))
        if units == 2:
            if key not in full_rows:
                full_rows[key] = r
                lo.append(-np.inf), hi.append(float(m.n2[gi, p]))
                r += 1
            rows.append(full_rows[key]), cols.append(col), vals.append(1.0)
    a = coo_matrix((vals, (rows, cols)), shape=(r, ncol)).tocsr()
    integrality = np.concatenate([np.zeros(ny), np.ones(ns), np.zeros(nd_)])
    res = milp(
        cost,
        constraints=LinearConstraint(a, np.array(lo), np.array(hi)),
        integrality=integrality,
        bounds=Bounds(lb, ub),
        options={
            "time_limit": time_limit,
            "mip_rel_gap": mip_rel_gap,
            "disp": DISP,
            "presolve": ncol <= PRESOLVE_MAX_COLUMNS,
        },
    )
    return res, ny, {"variables": ncol, "integer_variables": ns, "constraints": r, "nonzeros": a.nnz}


def _select(m: _Model, slots: dict[tuple[int, int, int], int]) -> dict[int, list[Candidate]]:
    """Choose employers per class: matroid greedy (must first, then by risk) under the suffix capacities."""
    n_p = len(m.bps)
    chosen: dict[int, list[Candidate]] = {}
    per_class = defaultdict(lambda: np.zeros(n_p, dtype=int))
    for (_gi, ki, p), n in slots.items():
        per_class[ki][p] += n
    for ki, ms in enumerate(m.members):
        cap_suffix = np.cumsum(per_class[ki][::-1])[::-1] if ki in per_class else np.zeros(n_p, int)
        used = np.zeros(n_p, dtype=int)
        picked: list[Candidate] = []
        total = int(cap_suffix[0])
        for c in sorted(ms, key=lambda c: (not c.must, -c.risk, c.key)):
            if len(picked) >= total and not c.must:
                break
            rp = m.relp[c.key]
            if np.all(used[: rp + 1] + 1 <= cap_suffix[: rp + 1]):
                used[: rp + 1] += 1
                picked.append(c)
            elif c.must:
                raise PlanInfeasible(f"must-visit {c.key} has no slot")
        chosen[ki] = picked
    return chosen


def _place(problem: PlanProblem, m: _Model, slots, chosen) -> list[Assignment]:
    """Give each chosen employer a (group, period) slot, then a team and a day: as early as possible.

    The value of a plan depends only on who is visited and by which group, so each group's visits are
    then packed into its earliest team-days (must-visits first, then by risk; _pack_early); should that
    packing not fit them all, the per-period placement (which always fits) is kept.
    """
    per_period: dict[int, list[Assignment]] = defaultdict(list)
    per_group: dict[int, list[Candidate]] = defaultdict(list)
    for (gi, p), items in _fill_slots(m, slots, chosen).items():
        per_period[gi] += _place_in_period(problem, m, gi, p, items)
        per_group[gi] += items
    out: list[Assignment] = []
    for gi, items in per_group.items():
        early = _pack_early(problem.n_days, m.groups[gi][0], m.groups[gi][2], items)
        out += early if early is not None else per_period[gi]
    return _musts_first(problem, out)


def _musts_first(problem: PlanProblem, assignments: list[Assignment]) -> list[Assignment]:
    """Give must-visits the earliest team-days of their class (district, length), across team groups.

    Within a class the team-days used stay the same, so every team-day keeps its load and every team
    its visits per class: the plan's value does not change. Must-visits take the earliest of those
    team-days from their release on; the others then take the rest, latest release first. A must-visit
    only ever moves earlier, which leaves the others later days and so never less choice.
    """
    by_key = {c.key: c for c in problem.candidates}
    home = {t.key: t.home for t in problem.teams}
    classes: dict[tuple[int, int], list[Assignment]] = defaultdict(list)
    for a in assignments:
        c = by_key[a.candidate]
        classes[(c.district, c.units)].append(a)
    out: list[Assignment] = []
    for members in classes.values():
        slots = sorted((a.day, a.team) for a in members)
        free = [True] * len(slots)
        cands = [by_key[a.candidate] for a in members]
        order = sorted((c for c in cands if c.must), key=lambda c: (c.release, -c.risk, c.key))
        order += sorted((c for c in cands if not c.must), key=lambda c: (-c.release, -c.risk, c.key))
        placed = []
        for c in order:
            k = next((i for i, (day, _t) in enumerate(slots) if free[i] and day >= c.release), None)
            if k is None:
                placed = members  # cannot happen (see above); keep the placement as it was
                break
            free[k] = False
            day, team = slots[k]
            placed.append(Assignment(c.key, team, day, c.district != home[team]))
        out += placed
    return out


def _pack_early(
    n_days: int, home: int, teams: list[TeamSpec], items: list[Candidate]
) -> list[Assignment] | None:
    """Fill the group's team-days from the first day on with the visits already released.

    On a free team-day a must-visit goes first, then a full-day visit (it needs a whole day), then the
    riskiest half-day visit. Return None if some visit found no day (the caller keeps its placement).
    """
    pending = sorted(items, key=lambda c: c.release)
    fulls: list[tuple] = []
    halves: list[tuple] = []
    nxt = 0
    out: list[Assignment] = []
    for d in range(n_days):
        while nxt < len(pending) and pending[nxt].release <= d:
            c = pending[nxt]
            heapq.heappush(fulls if c.units == 2 else halves, (not c.must, -c.risk, c.key, c))
            nxt += 1
        for t in teams:
            free = t.capacity[d]
            while free > 0 and (halves or (fulls and free >= 2)):
                heap = halves
                if free >= 2 and fulls and (not halves or fulls[0][0] <= halves[0][0]):
                    heap = fulls  # a full-day visit unless a half-day must-visit waits
                c = heapq.heappop(heap)[3]
                free -= c.units
                out.append(Assignment(c.key, t.key, d, c.district != home))
    return out if len(out) == len(items) else None


def _fill_slots(m: _Model, slots, chosen) -> dict[tuple[int, int], list[Candidate]]:
    """Put each chosen employer in the first (group, period) slot with room from its release on."""
    remaining = dict(slots)
    by_kp: dict[tuple[int, int], list[int]] = defaultdict(list)
    for gi, ki, p in slots:
        by_kp[(ki, p)].append(gi)
    buckets: dict[tuple[int, int], list[Candidate]] = defaultdict(list)
    n_p = len(m.bps)
    for ki, picked in chosen.items():
        # Most constrained first: later release has a subset of the periods of an earlier one.
        for c in sorted(picked, key=lambda c: -m.relp[c.key]):
            slot = next(
                (
                    (gi, p)
                    for p in range(m.relp[c.key], n_p)
                    for gi in by_kp.get((ki, p), ())
                    if remaining[(gi, ki, p)] > 0
                ),
                None,
            )
            if slot is None:
                raise PlanInfeasible(f"no slot left for {c.key}")
            gi, p = slot
            remaining[(gi, ki, p)] -= 1
            buckets[(gi, p)].append(c)
    return buckets


def _place_in_period(
    problem: PlanProblem, m: _Model, gi: int, p: int, items: list[Candidate]
) -> list[Assignment]:
    """Give the employers of one (group, period) slot a team-day each: full days first, then half days."""
    home, _served, teams = m.groups[gi]
    n_p = len(m.bps)
    first, last = m.bps[p], (m.bps[p + 1] if p + 1 < n_p else problem.n_days)
    free = [[t.key, d, t.capacity[d]] for d in range(first, last) for t in teams if t.capacity[d] > 0]
    fulls = [c for c in items if c.units == 2]
    halves = [c for c in items if c.units == 1]
    out: list[Assignment] = []
    two = iter([f for f in free if f[2] >= 2])
    for c in fulls:
        f = next(two)
        f[2] -= 2
        out.append(Assignment(c.key, f[0], f[1], c.district != home))
    units = [f for f in free for _ in range(f[2])]
    for c, f in zip(halves, units, strict=False):
        out.append(Assignment(c.key, f[0], f[1], c.district != home))
    if len(halves) > len(units):
        raise PlanInfeasible("half-day capacity exceeded")
    return out


def solve_exact(
    problem: PlanProblem,
    *,
    time_limit: float = 25.0,
    mip_rel_gap: float = 2e-3,
    progress: Callable[[int, int, str], None] | None = None,
) -> PlanResult:
    """Solve to optimality (or to the gap/time limit) and return the plan with its proven bound."""
    started = time.perf_counter()
    step = progress or (lambda done, total, stage: None)
    late_musts = [c.key for c in problem.candidates if c.must and c.release >= problem.n_days]
    if late_musts:
        raise PlanInfeasible(f"{len(late_musts)} must-visits fall after the last planning day")
    step(1, 4, "build")
    m = _build(problem)
    if not m.svars or not any(m.members):
        if any(c.must for c in problem.candidates):
            raise PlanInfeasible("no capacity for the must-visits")
        return PlanResult("milp", [], 0.0, 0.0, 0, 0.0, 0.0, seconds=time.perf_counter() - started)
    step(2, 4, "solve")
    res, ny, stats = _solve_milp(problem, m, time_limit, mip_rel_gap)
    if res.x is None:
        if res.status == 2:
            raise PlanInfeasible("the must-visits do not fit in the teams' capacity")
        raise PlanInfeasible(f"solver stopped without a plan: {res.message}")
    step(3, 4, "assign")
    svals = np.rint(res.x[ny : ny + len(m.svars)]).astype(int)
    slots = {v: int(n) for v, n in zip(m.svars, svals, strict=True) if n > 0}
    chosen = _select(m, slots)
    assignments = _place(problem, m, slots, chosen)
    objective, risk, travel = evaluate(problem, assignments)
    bound = -float(res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None else None
    if bound is None or not np.isfinite(bound):
        bound = -float(res.fun)
    bound = max(bound, objective)
    gap = (bound - objective) / max(abs(bound), 1e-9) if bound else 0.0
    step(4, 4, "done")
    stats.update(
        periods=len(m.bps),
        team_groups=len(m.groups),
        classes=len(m.classes),
        milp_objective=-float(res.fun),
        solver_gap=float(res.mip_gap) if getattr(res, "mip_gap", None) is not None else None,
        nodes=int(getattr(res, "mip_node_count", 0) or 0),
    )
    return PlanResult(
        "milp",
        assignments,
        objective,
        risk,
        travel,
        bound=bound,
        gap=max(gap, 0.0),
        status="optimal" if res.status == 0 else "time_limit",
        seconds=time.perf_counter() - started,
        stats=stats,
    )


# ---------------------------------------------------------------------------------------------
# Greedy baseline
# ---------------------------------------------------------------------------------------------


def solve_greedy(problem: PlanProblem) -> PlanResult:
    """Baseline: must-visits first, then by risk; each to the first home team-day with room.

    A visit goes to a team from another district only if no home team has room and its risk
    exceeds the travel cost (must-visits always may). It never looks ahead, so it can waste
    capacity (e.g. fill a day with half-day visits that a riskier full-day visit needed).
    """
    started = time.perf_counter()
    nd = problem.n_days
    caps = {t.key: list(t.capacity) for t in problem.teams}
    first_free = {t.key: 0 for t in problem.teams}
    home: dict[int, list[TeamSpec]] = defaultdict(list)
    away: dict[int, list[TeamSpec]] = defaultdict(list)
    for t in problem.teams:
        home[t.home].append(t)
        for d in t.allowed - {t.home}:
            away[d].append(t)

    def place(c: Candidate, teams: list[TeamSpec]) -> tuple[int, int] | None:
        for t in teams:
            cap = caps[t.key]
            d = max(c.release, first_free[t.key])
            while d < nd and cap[d] < c.units:
                d += 1
            if d < nd:
                cap[d] -= c.units
                while first_free[t.key] < nd and cap[first_free[t.key]] == 0:
                    first_free[t.key] += 1
                return t.key, d
        return None

    out: list[Assignment] = []
    unplaced_must = 0
    for c in sorted(problem.candidates, key=lambda c: (not c.must, -c.risk, c.key)):
        spot = place(c, home[c.district])
        travel = False
        if spot is None and (c.must or c.risk > problem.travel_cost):
            spot, travel = place(c, away[c.district]), True
        if spot is None:
            unplaced_must += c.must
            continue
        out.append(Assignment(c.key, spot[0], spot[1], travel))
    placed = {a.candidate for a in out}
    risk = sum(c.risk for c in problem.candidates if c.key in placed)
    travel_n = sum(a.travel for a in out)
    return PlanResult(
        "greedy",
        out,
        risk - problem.travel_cost * travel_n,
        risk,
        travel_n,
        status="ok" if not unplaced_must else "must_visits_unplaced",
        seconds=time.perf_counter() - started,
        stats={"unplaced_must": unplaced_must},
    )
