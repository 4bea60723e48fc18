"""The campaign planner: an exact aggregated MILP (HiGHS via scipy) and a greedy baseline.

Pure Python on plain dataclasses, no database: services/planning.py loads the data and stores results.
The formulation and the proof that the aggregation is exact are in docs/planning.md.
"""

from .solver import (  # noqa: F401
    Assignment,
    Candidate,
    PlanProblem,
    PlanResult,
    TeamSpec,
    solve_exact,
    solve_greedy,
)
