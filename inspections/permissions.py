"""Permissions of the campaign (django-rules); object permission inspections.view_campaign is the contract."""

from __future__ import annotations

import rules

from core.rules import is_admin, is_inspector, is_manager, is_staff_member


@rules.predicate
def covers_user_district(user, campaign) -> bool:
    """True for city-wide staff, or when the campaign includes the user's district."""
    if campaign is None or not is_staff_member(user):
        return False
    if user.district_id is None:
        return True
    return campaign.districts.filter(pk=user.district_id).exists()


@rules.predicate
def in_visit_team(user, visit) -> bool:
    team = getattr(visit, "team", None)
    return team is not None and user.pk in (team.inspector_a_id, team.inspector_b_id)


@rules.predicate
def manages_visit_campaign(user, visit) -> bool:
    return visit is not None and is_manager(user) and covers_user_district(user, visit.campaign)


is_campaign_staff = is_inspector | is_manager | is_admin

rules.add_perm("inspections.view_campaign_list", is_campaign_staff)
rules.add_perm("inspections.view_campaign", is_campaign_staff & covers_user_district)
rules.add_perm("inspections.add_campaign", is_manager)
rules.add_perm("inspections.manage_campaign", is_manager & covers_user_district)
rules.add_perm("inspections.view_visit", (is_inspector & in_visit_team) | manages_visit_campaign | is_admin)
rules.add_perm("inspections.complete_visit", (is_inspector & in_visit_team) | manages_visit_campaign)
rules.add_perm("inspections.import_ledger", is_manager | is_admin)
