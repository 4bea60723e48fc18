"""Planning: turn risk scores, teams and the calendar into visits; lock, remove, re-plan.

The solver itself (inspections/planning/solver.py) is pure; this module loads the data, runs it as a
Celery job with live progress, and writes the plan as Visit rows. Completed visits, locked visits and
removed items are kept across re-plans; follow-ups keep their "not before" date.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import lock_for_change
from core.exceptions import StateConflict
from core.models import User
from core.services import audit_record
from core.workdays import working_days_in
from notifications.services import event_record

from ..choices import CampaignStatus, JobStatus, PlanMethod, VisitKind, VisitStatus
from ..models import Campaign, Job, PlanRun, RiskScore, Visit
from ..planning.solver import (
    DAY_UNITS,
    Candidate,
    PlanInfeasible,
    PlanProblem,
    TeamSpec,
    solve_exact,
    solve_greedy,
)
from .jobs import job_progress

logger = logging.getLogger("wagewatch.planning")


def _plannable_from(
    campaign: Campaign, *, requested_by: User, from_date: datetime.date | None
) -> datetime.date:
    """Check the campaign can be planned now by this user; return the first day to plan."""
    if not requested_by.has_perm("inspections.manage_campaign", campaign):
        raise PermissionDenied(_("Only a manager of every district of this campaign may plan it."))
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is finished; it is not planned any more."))
    if not campaign.teams.exists():
        raise ValidationError(_("Form at least one inspector team first."))
    # Past days stay as they are: a plan starts today at the earliest.
    from_date = max(from_date or timezone.localdate(), timezone.localdate(), campaign.starts_on)
    if from_date > campaign.ends_on:
        raise ValidationError(_("The campaign is over; there is nothing left to plan."))
    if PlanRun.objects.filter(campaign=campaign, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).exists():
        raise StateConflict(_("A plan is already being computed for this campaign."))
    return from_date


def plan_request(
    *,
    campaign: Campaign,
    requested_by: User,
    from_date: datetime.date | None = None,
    method: str = PlanMethod.MILP,
) -> PlanRun:
    """Queue the computation of a plan proposal from a date on; the job runs after commit.

    Nothing in the campaign changes until a manager confirms the proposal (plan_confirm).
    """
    from .campaign_status import campaign_status_follow_dates

    campaign = campaign_status_follow_dates(campaign=campaign)
    from_date = _plannable_from(campaign, requested_by=requested_by, from_date=from_date)
    with transaction.atomic():
        run = PlanRun.objects.create(
            campaign=campaign,
            method=method,
            from_date=from_date,
            requested_by=requested_by,
            job=Job.objects.create(kind="plan"),
        )
        from ..tasks import plan_task

        def enqueue() -> None:
            try:
                plan_task.delay(run.pk)
            except Exception:
                logger.warning("Could not enqueue plan run %s", run.pk)

        transaction.on_commit(enqueue)
    return run


def _progress(run: PlanRun, done: int, total: int, stage: str) -> None:
    PlanRun.objects.filter(pk=run.pk).update(done=done, total=total, stage=stage, status=run.status)
    job_progress(run.job_id, done=done, total=total, status=run.status, stage=stage)


def build_problem(campaign: Campaign, from_date: datetime.date):
    """Return (problem, days, keys) for planning from from_date on, with kept visits taken out."""
    days, _provisional = working_days_in(max(from_date, campaign.starts_on), campaign.ends_on)
    index = {d: i for i, d in enumerate(days)}
    teams = list(campaign.teams.all())
    # Kept as they are: completed, removed and locked visits, and every visit before the first day.
    kept = list(
        Visit.objects.filter(campaign=campaign).filter(
            Q(status__in=[VisitStatus.COMPLETED, VisitStatus.REMOVED])
            | Q(status=VisitStatus.PLANNED, locked=True)
            | Q(status=VisitStatus.PLANNED, date__lt=from_date)
        )
    )
    excluded = {
        v.employer_id for v in kept
    }  # inspected, removed, locked or booked earlier: not planned again
    used: dict[tuple[int, datetime.date], int] = {}
    for v in kept:
        if v.status != VisitStatus.REMOVED and v.team_id and v.date in index:
            used[(v.team_id, v.date)] = used.get((v.team_id, v.date), 0) + v.units
    district_ids = list(campaign.districts.values_list("pk", flat=True))
    specs = []
    for t in teams:
        off = set(t.unavailable or [])
        cap = tuple(0 if d.isoformat() in off else max(DAY_UNITS - used.get((t.pk, d), 0), 0) for d in days)
        allowed = frozenset(district_ids) if t.may_travel else frozenset()
        specs.append(TeamSpec(key=t.pk, home=t.home_district_id, capacity=cap, allowed=allowed))
    # Follow-ups still to do: must-visits not before the order's due date.
    follow = {
        v.employer_id: v
        for v in Visit.objects.filter(
            campaign=campaign,
            status=VisitStatus.PLANNED,
            locked=False,
            kind=VisitKind.FOLLOW_UP,
            date__gte=from_date,
        )
    }
    cands: list[Candidate] = []
    meta: dict[int, dict] = {}
    scores = RiskScore.objects.filter(campaign=campaign).exclude(employer_id__in=excluded | set(follow))
    for s in scores.values("employer_id", "district_id", "score", "must_visit", "units"):
        if s["score"] <= 0 and not s["must_visit"]:
            continue
        cands.append(
            Candidate(s["employer_id"], s["district_id"], s["units"], float(s["score"]), s["must_visit"])
        )
        meta[s["employer_id"]] = {"kind": VisitKind.MUST if s["must_visit"] else VisitKind.PLANNED}
    last = days[-1] if days else None
    for f in follow.values():
        if last is None or (f.earliest and f.earliest > last):
            continue  # due after the campaign: kept as scheduled, outside this plan
        cands.append(
            Candidate(f.employer_id, f.district_id, f.units, f.risk, True, _release_index(days, f.earliest))
        )
        meta[f.employer_id] = {
            "kind": VisitKind.FOLLOW_UP,
            "earliest": f.earliest,
            "follow_up_of": f.follow_up_of_id,
        }
    problem = PlanProblem(n_days=len(days), candidates=cands, teams=specs, travel_cost=campaign.travel_cost)
    return problem, days, meta


def _release_index(days: list[datetime.date], earliest: datetime.date | None) -> int:
    if earliest is None:
        return 0
    for i, d in enumerate(days):
        if d >= earliest:
            return i
    return len(days)


def plan_execute(*, run_id: int) -> PlanRun:
    """Compute a queued plan: solve, compare with the greedy baseline, and keep it as a proposal."""
    run = PlanRun.objects.select_related("campaign").get(pk=run_id)
    if run.status in (JobStatus.DONE, JobStatus.FAILED):
        return run
    campaign = run.campaign
    run.status = JobStatus.RUNNING
    _progress(run, 0, 5, "load")
    try:
        if campaign.risk_computed_at is None:
            from .risk import risk_compute

            risk_compute(campaign=campaign)
        problem, days, meta = build_problem(campaign, run.from_date)
        greedy = solve_greedy(problem)
        if run.method == PlanMethod.GREEDY:
            result = greedy
        else:
            result = solve_exact(problem, progress=lambda d, t, s: _progress(run, d, t + 1, s))
    except PlanInfeasible as exc:
        return _finish_failed(
            run, _("The must-visits do not fit in the teams' capacity: %(why)s") % {"why": exc}
        )
    _store(run, campaign, problem, days, meta, result, greedy)
    return run


def _finish_failed(run: PlanRun, message: str) -> PlanRun:
    run.status, run.message, run.finished_at = JobStatus.FAILED, message, timezone.now()
    run.save()
    _progress(run, run.total, run.total, "failed")
    return run


@transaction.atomic
def _store(run, campaign, problem, days, meta, result, greedy) -> None:
    """Keep the computed plan on the run as a proposal, with what it would change."""
    from .plan_changes import plan_basis, proposal_changes

    by_key = {c.key: c for c in problem.candidates}
    items = []
    for a in sorted(result.assignments, key=lambda a: (a.day, a.team, a.candidate)):
        m = meta.get(a.candidate, {})
        c = by_key[a.candidate]
        earliest = m.get("earliest")
        items.append(
            {
                "e": a.candidate,
                "g": c.district,
                "t": a.team,
                "d": days[a.day].isoformat(),
                "u": c.units,
                "k": str(m.get("kind", VisitKind.PLANNED)),
                "r": c.risk,
                "n": earliest.isoformat() if earliest else None,
                "f": m.get("follow_up_of"),
            }
        )
    run.proposal = items
    run.basis = plan_basis(campaign)
    run.changes = proposal_changes(campaign=campaign, from_date=run.from_date, items=items)
    run.status = JobStatus.DONE
    run.objective, run.risk_covered, run.bound, run.gap = (
        result.objective,
        result.risk_covered,
        result.bound,
        result.gap,
    )
    run.greedy_objective = greedy.objective
    run.visits, run.seconds = result.visits, result.seconds
    run.stats = {
        **result.stats,
        "candidates": len(problem.candidates),
        "days": len(days),
        "teams": len(problem.teams),
        "greedy_visits": greedy.visits,
        "greedy_seconds": round(greedy.seconds, 3),
        "status": result.status,
    }
    run.finished_at = timezone.now()
    run.done = run.total
    run.stage = "done"
    run.save()
    event_record(
        kind="campaign.plan_proposed",
        text=_("A plan proposal with %(n)s visits awaits confirmation") % {"n": result.visits},
        payload={"campaign_id": campaign.pk, "plan_run_id": run.pk, "visits": result.visits},
        groups=[f"campaign-{campaign.pk}"],
    )
    transaction.on_commit(
        lambda: job_progress(run.job_id, done=run.total, total=run.total, status=run.status)
    )


@transaction.atomic
def visit_set_locked(*, visit: Visit, locked: bool, changed_by: User) -> Visit:
    """Lock a planned visit (kept as it is by re-planning) or unlock it."""
    if not changed_by.has_perm("inspections.change_visit_plan", visit):
        raise PermissionDenied(_("Only a manager of the visit's district may change it."))
    visit = lock_for_change(visit, seen={"version": visit.version})
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Only planned visits can be locked or unlocked."))
    visit.locked = locked
    visit.version += 1
    visit.save(update_fields=["locked", "version"])
    audit_record(subject=visit, action="locked" if locked else "unlocked", actor=changed_by)
    _plan_changed(visit, changed_by)
    return visit


@transaction.atomic
def visit_remove(*, visit: Visit, removed_by: User, reason: str = "") -> Visit:
    """Take a planned visit out of the plan; re-planning will not bring the employer back."""
    if not removed_by.has_perm("inspections.change_visit_plan", visit):
        raise PermissionDenied(_("Only a manager of the visit's district may change it."))
    visit = lock_for_change(visit, seen={"version": visit.version})
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("Only planned visits can be removed."))
    if visit.kind in (VisitKind.MUST, VisitKind.FOLLOW_UP):
        raise ValidationError(_("A must-visit (open case or follow-up) cannot be removed; move it instead."))
    visit.remove()
    visit.version += 1
    visit.save(update_fields=["status", "locked", "version"])
    audit_record(subject=visit, action="removed", actor=removed_by, changes={"reason": reason[:500]})
    _plan_changed(visit, removed_by)
    return visit


def _plan_changed(visit: Visit, actor) -> None:
    event_record(
        kind="campaign.plan_changed",
        text=_("The plan was changed"),
        payload={"campaign_id": visit.campaign_id, "visit_id": visit.pk, "actor_id": actor.pk},
        groups=[f"campaign-{visit.campaign_id}"],
    )
