"""Who may join which websocket group: kept in one place so the consumer only asks ``group_allowed``.

``case-<id>``, ``mediation-<id>`` and ``campaign-<id>`` follow the owning apps' object permissions
(rules: ``complaints.view_complaint``, ``mediation.view_request``, ``inspections.view_campaign``).
Until an app registers its permission, a conservative fallback applies: same district (or city-wide
staff), or assigned to the case.
"""

from __future__ import annotations

import re

import rules
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from core.rules import in_same_district, is_staff_member

_GROUP = re.compile(r"^(case|mediation|campaign|job)-(\d{1,18})$")

# prefix → (permission, candidate models "app_label.Model" in the order they are tried)
OBJECT_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "case": ("complaints.view_complaint", ("complaints.Complaint",)),
    "mediation": (
        "mediation.view_request",
        ("complaints.MediationRequest", "mediation.MediationRequest", "mediation.Request"),
    ),
    "campaign": ("inspections.view_campaign", ("inspections.Campaign",)),
}


def base_groups(user) -> list[str]:
    """Return the groups every connection of this staff member joins: their own and their district's."""
    return [f"user-{user.pk}", f"district-{user.district_id}" if user.district_id else "city"]


def _load(models: tuple[str, ...], pk: int):
    for label in models:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        try:
            return model.objects.get(pk=pk)
        except ObjectDoesNotExist:
            return None
    return None


def _fallback_allows(user, obj) -> bool:
    if in_same_district(user, obj):
        return True
    inspectors = getattr(obj, "inspectors", None)
    return bool(inspectors is not None and inspectors.filter(pk=user.pk).exists())


def group_allowed(user, group: str) -> bool:
    """Return whether this user may join the page group ``group`` (e.g. ``case-12``)."""
    if not is_staff_member(user):
        return False
    match = _GROUP.match(group or "")
    if not match:
        return False
    prefix, pk = match.group(1), int(match.group(2))
    if prefix == "job":
        # Background jobs carry only progress counts, and their ids are shown only to who started them.
        return True
    perm, models = OBJECT_GROUPS[prefix]
    obj = _load(models, pk)
    if obj is None:
        return False
    if rules.perm_exists(perm):
        return user.has_perm(perm, obj)
    return _fallback_allows(user, obj)
