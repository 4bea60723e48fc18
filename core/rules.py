"""Role predicates (django-rules); every role check in the project goes through these."""

from __future__ import annotations

import rules

from .choices import Role


@rules.predicate
def is_staff_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None))


@rules.predicate
def is_inspector(user) -> bool:
    return is_staff_member(user) and user.role == Role.INSPECTOR


@rules.predicate
def is_mediator(user) -> bool:
    return is_staff_member(user) and user.role == Role.MEDIATOR


@rules.predicate
def is_manager(user) -> bool:
    return is_staff_member(user) and user.role == Role.MANAGER


@rules.predicate
def is_admin(user) -> bool:
    return is_staff_member(user) and (user.role == Role.ADMIN or user.is_superuser)


@rules.predicate
def is_citywide(user) -> bool:
    return is_staff_member(user) and user.district_id is None


@rules.predicate
def in_same_district(user, obj) -> bool:
    """True when the object's district is the user's, or the user works for the whole city."""
    if not is_staff_member(user) or obj is None:
        return False
    if user.district_id is None:
        return True
    district_id = getattr(obj, "district_id", None)
    return district_id is not None and district_id == user.district_id


@rules.predicate
def acts_for_district(user, district) -> bool:
    """True when the district is the user's, or the user works for the whole city."""
    if not is_staff_member(user) or district is None:
        return False
    return user.district_id is None or district.pk == user.district_id


is_case_worker = is_inspector | is_manager
is_district_manager = is_manager & in_same_district

rules.add_rule("core.is_staff_member", is_staff_member)
rules.add_rule("core.is_inspector", is_inspector)
rules.add_rule("core.is_mediator", is_mediator)
rules.add_rule("core.is_manager", is_manager)
rules.add_rule("core.is_admin", is_admin)
rules.add_perm("core.view_employer", is_staff_member)
rules.add_perm("core.confirm_credit_code", is_inspector | is_manager | is_admin)
rules.add_perm("core.manage_calendar", is_admin)
