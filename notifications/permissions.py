"""Who may join which websocket group: kept in one place so the consumer only asks ``group_allowed``.

``case-<id>``, ``mediation-<id>`` and ``campaign-<id>`` follow the owning apps' object permissions
(rules: ``complaints.view_complaint``, ``mediation.view_request``, ``inspections.view_campaign``).
``job-<id>`` carries only progress counts of a ledger import or plan run: any staff member may
follow a job that exists (unless the campaign app registers ``inspections.view_job``).
"""

from __future__ import annotations

import re

import rules
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from core.rules import is_staff_member

_GROUP = re.compile(r"^(case|mediation|campaign|job)-(\d{1,18})$")

# prefix → (object permission or None for "any staff member", model "app_label.Model")
OBJECT_GROUPS: dict[str, tuple[str | None, str]] = {
    "case": ("complaints.view_complaint", "complaints.Complaint"),
    "mediation": ("mediation.view_request", "mediation.MediationRequest"),
    "campaign": ("inspections.view_campaign", "inspections.Campaign"),
    "job": ("inspections.view_job", "inspections.Job"),
}


def base_groups(user) -> list[str]:
    """Return the groups every connection of this staff member joins: their own and their district's."""
    return [f"user-{user.pk}", f"district-{user.district_id}" if user.district_id else "city"]


def covered_by_base(user, group: str) -> bool:
    """Return whether the connection already gets this group's events (city-wide staff: every district)."""
    return user.district_id is None and group.startswith("district-")


def group_allowed(user, group: str) -> bool:
    """Return whether this user may join the page group ``group`` (e.g. ``case-12``)."""
    if not is_staff_member(user):
        return False
    match = _GROUP.match(group or "")
    if not match:
        return False
    perm, label = OBJECT_GROUPS[match.group(1)]
    try:
        obj = apps.get_model(label).objects.get(pk=int(match.group(2)))
    except (LookupError, ObjectDoesNotExist):
        return False
    if perm is None or not rules.perm_exists(perm):
        return match.group(1) == "job"  # an object permission that is not registered refuses
    return user.has_perm(perm, obj)
