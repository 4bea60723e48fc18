"""Permissions of the campaign (django-rules); object permission inspections.view_campaign is the contract.

A district manager acts within the district; acts on the whole of a campaign that spans several
districts (planning, risk weights, scoring) are the city manager's. City-wide staff have no district.
"""

from __future__ import annotations

import rules

from core.rules import in_same_district, is_admin, is_inspector, is_manager, is_staff_member


@rules.predicate
def covers_user_district(user, campaign) -> bool:
    """True for city-wide staff, or when the campaign includes the user's district."""
    if campaign is None or not is_staff_member(user):
        return False
    if user.district_id is None:
        return True
    return campaign.districts.filter(pk=user.district_id).exists()


@rules.predicate
def within_user_district(user, campaign) -> bool:
    """True for city-wide staff, or when the campaign covers the user's district and no other."""
    if not covers_user_district(user, campaign):
        return False
    return user.district_id is None or not campaign.districts.exclude(pk=user.district_id).exists()


@rules.predicate
def in_visit_team(user, visit) -> bool:
    team = getattr(visit, "team", None)
    return team is not None and user.pk in (team.inspector_a_id, team.inspector_b_id)


@rules.predicate
def manages_visit(user, visit) -> bool:
    """A manager of the campaign whose district the visited workplace is in (or a city-wide one)."""
    return (
        visit is not None
        and is_manager(user)
        and in_same_district(user, visit)
        and covers_user_district(user, visit.campaign)
    )


@rules.predicate
def oversees_visit(user, visit) -> bool:
    """A manager who sees the visit on the plan: the workplace's or the team's home district."""
    if visit is None or not is_manager(user) or not covers_user_district(user, visit.campaign):
        return False
    team = getattr(visit, "team", None)
    home = team.home_district_id if team is not None else None
    return user.district_id is None or user.district_id in (visit.district_id, home)


is_campaign_staff = is_inspector | is_manager | is_admin

rules.add_perm("inspections.view_campaign_list", is_campaign_staff)
rules.add_perm("inspections.view_campaign", is_campaign_staff & covers_user_district)
rules.add_perm("inspections.add_campaign", is_manager)
# The whole campaign: plan and re-plan, risk weights, rescoring.
rules.add_perm("inspections.manage_campaign", is_manager & within_user_district)
# The own district's part of a campaign: its teams (inspections.services.campaigns.team_create checks
# the members and home district), its dashboard figures.
rules.add_perm("inspections.manage_campaign_district", is_manager & covers_user_district)
rules.add_perm("inspections.view_visit", (is_inspector & in_visit_team) | oversees_visit | is_admin)
rules.add_perm("inspections.change_visit_plan", manages_visit)
rules.add_perm("inspections.complete_visit", (is_inspector & in_visit_team) | manages_visit)
rules.add_perm("inspections.import_ledger", is_manager | is_admin)
# The map of the campaign's employers (risk, state, check-ins): managers, within their district.
rules.add_perm("inspections.view_campaign_map", (is_manager | is_admin) & covers_user_district)
