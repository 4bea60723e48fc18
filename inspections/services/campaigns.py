"""Campaigns and inspector teams."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.choices import Role, Sector
from core.concurrency import lock_for_change
from core.models import District, User
from core.rules import acts_for_district, is_district_manager
from core.services import audit_record
from notifications.services import event_record

from ..models import Campaign, Team
from .risk import weights_clean


def _check_manager(user) -> None:
    if not user.has_perm("inspections.add_campaign"):
        raise PermissionDenied(_("Only a manager may plan a campaign."))


@transaction.atomic
def campaign_create(
    *,
    created_by: User,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    districts: list[District],
    sectors: list[str] | None = None,
    goal_employers: int = 0,
    goal_arrears_cleared: int = 0,
    weights: dict | None = None,
    travel_cost: float = 15.0,
) -> Campaign:
    """Create a campaign over some districts and sectors."""
    _check_manager(created_by)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The campaign cannot end before it starts.")})
    if not districts:
        raise ValidationError({"districts": _("Choose at least one district.")})
    if created_by.district_id and any(d.pk != created_by.district_id for d in districts):
        raise PermissionDenied(_("A district manager plans only for the own district."))
    sectors = list(sectors or [])
    if any(s not in Sector.values for s in sectors):
        raise ValidationError({"sectors": _("Unknown sector.")})
    if travel_cost < 0:
        raise ValidationError({"travel_cost": _("Enter zero or more.")})
    campaign = Campaign.objects.create(
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        sectors=sectors,
        goal_employers=goal_employers,
        goal_arrears_cleared=goal_arrears_cleared,
        weights=weights_clean(weights or {}),
        travel_cost=travel_cost,
        created_by=created_by,
    )
    campaign.districts.set(districts)
    event_record(
        kind="campaign.created",
        text=_("Campaign %(name)s created") % {"name": campaign.name},
        payload={"campaign_id": campaign.pk, "actor_id": created_by.pk},
        groups=[f"campaign-{campaign.pk}"] + [f"district-{d.pk}" for d in districts],
    )
    return campaign


@transaction.atomic
def campaign_set_weights(*, campaign: Campaign, weights: dict, changed_by: User) -> Campaign:
    """Change the risk weights; scores are recomputed so the ranking follows at once."""
    if not changed_by.has_perm("inspections.manage_campaign", campaign):
        raise PermissionDenied(_("Only a manager of every district of this campaign may change its weights."))
    campaign.weights = weights_clean(weights)
    # Not a transition: written whatever the status became meanwhile (it follows the dates).
    Campaign.objects.filter(pk=campaign.pk).update(weights=campaign.weights)
    from .risk import risk_compute

    risk_compute(campaign=campaign)
    return campaign


@transaction.atomic
def team_create(
    *,
    campaign: Campaign,
    created_by: User,
    name: str,
    inspector_a: User,
    inspector_b: User,
    home_district: District,
    may_travel: bool = False,
    unavailable: list[datetime.date] | None = None,
) -> Team:
    """Form a team of two inspectors (劳动保障监察条例 第十五条: investigations need at least two)."""
    if not created_by.has_perm("inspections.manage_campaign_district", campaign):
        raise PermissionDenied(_("You may not change this campaign."))
    if not acts_for_district(created_by, home_district) or not all(
        is_district_manager(created_by, who) for who in (inspector_a, inspector_b)
    ):
        raise PermissionDenied(_("A district manager forms teams only of the own district's inspectors."))
    if inspector_a.pk == inspector_b.pk:
        raise ValidationError({"inspector_b": _("A team needs two different inspectors.")})
    for who in (inspector_a, inspector_b):
        if who.role != Role.INSPECTOR or not who.is_active:
            raise ValidationError({"inspector_a": _("Both members must be active inspectors.")})
    if not campaign.districts.filter(pk=home_district.pk).exists():
        raise ValidationError({"home_district": _("The home district is not part of the campaign.")})
    return Team.objects.create(
        campaign=campaign,
        name=name.strip() or f"{inspector_a} / {inspector_b}",
        inspector_a=inspector_a,
        inspector_b=inspector_b,
        home_district=home_district,
        may_travel=may_travel,
        unavailable=sorted({d.isoformat() for d in unavailable or []}),
    )


@transaction.atomic
def campaign_close(*, campaign: Campaign, closed_by: User) -> Campaign:
    """Finish the campaign (a manager of it): its plan and figures stay as they are."""
    if not closed_by.has_perm("inspections.manage_campaign", campaign):
        raise PermissionDenied(_("Only a manager of this campaign may finish it."))
    campaign = lock_for_change(campaign, seen={"status": campaign.status})
    before = campaign.status
    campaign.close()
    campaign.save(update_fields=["status"])
    audit_record(subject=campaign, action="closed", actor=closed_by, from_status=before)
    event_record(
        kind="campaign.closed",
        text=_("%(name)s is finished") % {"name": campaign.name},
        payload={"campaign_id": campaign.pk, "actor_id": closed_by.pk},
        groups=[f"campaign-{campaign.pk}"],
    )
    return campaign
