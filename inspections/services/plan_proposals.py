"""A plan is a proposal first: the manager sees what it changes, then confirms or discards it.

Confirming writes the plan into the campaign's visits (plan_changes.plan_apply) and records a new
plan version (plan_versions.py); it is refused when a visit changed since the proposal was computed
(a visit recorded, locked, removed or moved: the proposal's basis no longer holds).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import lock_for_change
from core.exceptions import StateConflict
from core.models import User
from core.services import audit_record
from notifications.services import event_record

from ..choices import CampaignStatus, JobStatus, PlanDecision
from ..models import Campaign, PlanRun
from .plan_changes import plan_apply, plan_basis, replaceable_visits
from .plan_versions import plan_version_record


def _check_decision(run: PlanRun, user: User) -> Campaign:
    if not user.has_perm("inspections.manage_campaign", run.campaign):
        raise PermissionDenied(_("Only a manager of every district of this campaign may decide on its plan."))
    run = lock_for_change(run, seen={"decision": run.decision, "status": run.status})
    if run.status != JobStatus.DONE:
        raise ValidationError(_("This plan has not been computed; there is nothing to decide."))
    if run.decision != PlanDecision.PROPOSED:
        raise StateConflict(
            _("This proposal was already decided: %(decision)s.") % {"decision": run.get_decision_display()}
        )
    return Campaign.objects.select_for_update().get(pk=run.campaign_id)


@transaction.atomic
def plan_confirm(*, run: PlanRun, confirmed_by: User, note: str = "") -> PlanRun:
    """Write the proposed plan into the campaign's visits and record it as a new plan version."""
    campaign = _check_decision(run, confirmed_by)
    run = PlanRun.objects.get(pk=run.pk)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is finished; it is not planned any more."))
    if plan_basis(campaign) != run.basis:
        raise StateConflict(
            _(
                "The campaign's visits changed after this proposal was computed (a visit was recorded, "
                "locked, removed or moved). Compute a new proposal."
            )
        )
    counts = plan_apply(
        campaign=campaign,
        run=run,
        current=replaceable_visits(campaign, run.from_date),
        items=run.proposal,
        actor=confirmed_by,
    )
    version = plan_version_record(campaign=campaign, run=run, from_date=run.from_date, by=confirmed_by)
    run.decision, run.decided_by, run.decided_at = PlanDecision.CONFIRMED, confirmed_by, timezone.now()
    run.save(update_fields=["decision", "decided_by", "decided_at"])
    PlanRun.objects.filter(campaign=campaign, decision=PlanDecision.PROPOSED).exclude(pk=run.pk).update(
        decision=PlanDecision.SUPERSEDED
    )
    audit_record(
        subject=campaign,
        action="plan_confirmed",
        actor=confirmed_by,
        reason=note.strip()[:500],
        changes={
            "plan_run": run.pk,
            "version": version.number,
            "from_date": run.from_date.isoformat(),
            **counts,
        },
    )
    event_record(
        kind="campaign.planned",
        text=_("Plan version %(n)s confirmed: %(visits)s visits")
        % {"n": version.number, "visits": version.visit_count},
        payload={
            "campaign_id": campaign.pk,
            "plan_run_id": run.pk,
            "version": version.number,
            "actor_id": confirmed_by.pk,
        },
        groups=[f"campaign-{campaign.pk}"],
    )
    return run


@transaction.atomic
def plan_discard(*, run: PlanRun, discarded_by: User, note: str = "") -> PlanRun:
    """Drop a proposal: the campaign's visits stay as they are."""
    campaign = _check_decision(run, discarded_by)
    run = PlanRun.objects.get(pk=run.pk)
    run.decision, run.decided_by, run.decided_at = PlanDecision.DISCARDED, discarded_by, timezone.now()
    run.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(
        subject=campaign,
        action="plan_discarded",
        actor=discarded_by,
        reason=note.strip()[:500],
        changes={"plan_run": run.pk, "from_date": run.from_date.isoformat()},
    )
    return run
