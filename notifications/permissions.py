"""Who receives what: the groups a connection joins, and the groups an event is sent to (registry.py).

A connection joins ``user-<id>`` and the group of its district and role, ``district-<id>.<role>``
(``city.<role>`` for city-wide staff), plus the page groups (``<subject>-<id>``) it asks for and the
subject's object permission allows. An event names logical groups (``district-<id>``, ``city``,
``case-<id>``, ``user-<id>``); ``event_routes`` turns them into the groups its kind may reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rules
from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from core.rules import is_staff_member

from . import registry

_PAGE_GROUP = re.compile(r"^([a-z]{1,32})-(\d{1,18})$")
_USER_GROUP = re.compile(r"^user-\d{1,18}$")


def scope_group(user) -> str:
    """Return the logical group of the user's area: ``district-<id>``, or ``city`` for city-wide staff."""
    return f"district-{user.district_id}" if user.district_id else "city"


def role_group(area: str, role: str) -> str:
    """Return the channel-layer group of one role in one area (``district-3.inspector``)."""
    return f"{area}.{role}"


def base_groups(user) -> list[str]:
    """Return the groups every connection of this staff member joins: their own, and their area's for their role."""
    return [f"user-{user.pk}", role_group(scope_group(user), user.role)]


def covered_by_base(user, group: str) -> bool:
    """Return whether the connection already gets this logical group's events (its own user and area)."""
    if group in (f"user-{user.pk}", scope_group(user)):
        return True
    return user.district_id is None and group.startswith("district-")  # city-wide: every district


def event_routes(kind: str, groups: Iterable[str]) -> list[str]:
    """Return the channel-layer groups an event of ``kind`` addressed to logical ``groups`` goes to."""
    spec = registry.kind_spec(kind)
    routes: list[str] = []
    for group in groups:
        if _USER_GROUP.match(group):
            routes.append(group)
        elif spec is None:
            continue  # an unregistered kind reaches only the users it addresses
        elif group == "city" or group.startswith("district-"):
            routes += [role_group(group, role) for role in sorted(spec.roles)]
        elif group.startswith(f"{spec.subject.prefix}-"):
            routes.append(group)
    return list(dict.fromkeys(routes))


def subject_allowed(user, subject: registry.Subject, obj) -> bool:
    """Return whether this staff member may see the subject ``obj`` (its page's object permission)."""
    if not is_staff_member(user) or obj is None:
        return False
    if subject.perm is None:
        return True
    return rules.perm_exists(subject.perm) and user.has_perm(subject.perm, obj)


def group_allowed(user, group: str) -> bool:
    """Return whether this user may join the page group ``group`` (e.g. ``case-12``)."""
    if not is_staff_member(user):
        return False
    match = _PAGE_GROUP.match(group or "")
    subject = registry.SUBJECTS.get(match.group(1)) if match else None
    if subject is None:
        return False
    try:
        obj = apps.get_model(subject.model).objects.get(pk=int(match.group(2)))
    except (LookupError, ObjectDoesNotExist):
        return False
    return subject_allowed(user, subject, obj)
