"""Plan versions: every confirmed plan is kept, and an earlier one can be restored.

Restoring brings back the earlier version's visits from today on, as far as they still make sense:
employers inspected, removed or locked since are left as they are, must-visits and follow-ups booked
since are kept, and a visit goes back only to a working day its team is available with room left.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import lock_for_change
from core.models import User
from core.services import audit_record
from core.workdays import is_working_day
from notifications.services import event_record

from ..choices import CampaignStatus, VisitKind, VisitStatus
from ..models import Campaign, PlanRun, PlanVersion, Visit
from ..planning.solver import DAY_UNITS
from .plan_changes import plan_apply, planned_snapshot


def plan_version_record(
    *, campaign: Campaign, run: PlanRun | None, from_date: datetime.date, by: User, restored_from=None
) -> PlanVersion:
    """Record the campaign's planned visits as its next plan version (inside the change's transaction)."""
    items, risk = planned_snapshot(campaign)
    number = (PlanVersion.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        campaign=campaign,
        number=number,
        plan_run=run,
        restored_from=restored_from,
        from_date=from_date,
        visits=items,
        visit_count=len(items),
        risk_covered=risk,
        created_by=by,
    )


def _restorable(
    campaign: Campaign, version: PlanVersion, today: datetime.date
) -> tuple[list[dict], int, set[int]]:
    """Return the version's items that can come back from today on, how many cannot, and the
    must-visits planned now that stay where they are."""
    stays = Visit.objects.filter(campaign=campaign).filter(
        Q(status__in=[VisitStatus.COMPLETED, VisitStatus.REMOVED])
        | Q(status=VisitStatus.PLANNED, locked=True)
        | Q(status=VisitStatus.PLANNED, date__lt=today)
        | Q(status=VisitStatus.PLANNED, kind__in=[VisitKind.MUST, VisitKind.FOLLOW_UP])
    )
    teams = {t.pk: set(t.unavailable or []) for t in campaign.teams.all()}
    used: dict[tuple[int, str], int] = defaultdict(int)
    taken: set[int] = set()
    musts: dict[int, Visit] = {}  # must-visits planned now, which the version's booking may move
    for v in stays:
        movable = v.status == VisitStatus.PLANNED and not v.locked and v.date >= today
        if movable:
            musts[v.employer_id] = v
        else:
            taken.add(v.employer_id)
        if v.status != VisitStatus.REMOVED and v.team_id:
            used[(v.team_id, v.date.isoformat())] += v.units
    items, skipped = [], 0
    for it in version.visits:
        day = datetime.date.fromisoformat(it["d"])
        if day < today or it["e"] in taken:
            continue
        now = musts.get(it["e"])
        if now is not None and now.team_id:
            used[(now.team_id, now.date.isoformat())] -= now.units
        ok = (
            it["t"] in teams
            and it["d"] not in teams[it["t"]]
            and is_working_day(day).working
            and day <= campaign.ends_on
            and (it["n"] is None or it["d"] >= it["n"])
            and used[(it["t"], it["d"])] + it["u"] <= DAY_UNITS
        )
        if not ok:
            if now is not None and now.team_id:
                used[(now.team_id, now.date.isoformat())] += now.units
            skipped += 1
            continue
        used[(it["t"], it["d"])] += it["u"]
        items.append(it)
        musts.pop(it["e"], None)
    return items, skipped, set(musts)


@transaction.atomic
def plan_version_restore(*, version: PlanVersion, restored_by: User, note: str = "") -> PlanVersion:
    """Bring back an earlier plan version from today on; record the result as a new version."""
    campaign = version.campaign
    if not restored_by.has_perm("inspections.manage_campaign", campaign):
        raise PermissionDenied(_("Only a manager of every district of this campaign may restore its plan."))
    campaign = lock_for_change(campaign, seen={"status": campaign.status})
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("The campaign is finished; it is not planned any more."))
    latest = PlanVersion.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"]
    if version.number == latest:
        raise ValidationError(_("This is the current plan; there is nothing to restore."))
    today = timezone.localdate()
    items, skipped, musts_now = _restorable(campaign, version, today)
    current = Visit.objects.filter(
        campaign=campaign, status=VisitStatus.PLANNED, locked=False, date__gte=today
    )
    # Must-visits planned now that the version did not have stay where they are.
    current = current.exclude(employer_id__in=musts_now)
    counts = plan_apply(
        campaign=campaign, run=version.plan_run, current=current, items=items, actor=restored_by
    )
    new = plan_version_record(
        campaign=campaign, run=None, from_date=today, by=restored_by, restored_from=version
    )
    PlanRun.objects.filter(campaign=campaign, decision="proposed").update(decision="superseded")
    audit_record(
        subject=campaign,
        action="plan_restored",
        actor=restored_by,
        reason=note.strip()[:500],
        changes={
            "restored_version": version.number,
            "version": new.number,
            "not_restorable": skipped,
            **counts,
        },
    )
    event_record(
        kind="campaign.planned",
        text=_("Plan version %(old)s restored as version %(n)s") % {"old": version.number, "n": new.number},
        payload={"campaign_id": campaign.pk, "version": new.number, "actor_id": restored_by.pk},
        groups=[f"campaign-{campaign.pk}"],
    )
    return new
