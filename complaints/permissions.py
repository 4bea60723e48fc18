"""Who may see and act on a case (django-rules predicates and object permissions).

- an assigned inspector may see and work the case, even outside their district;
- an inspector of the case's district (or a city-wide inspector) may see it and take intake decisions;
- a manager of the district (or of the whole city) may see it and do everything, including approvals;
- while a transfer is pending, the receiving district's inspectors and managers see the case too,
  and its managers (or a city manager) accept or return it;
- administrators (IT) see everything through the admin; mediators see no inspection cases.

The rules are plain functions (lists evaluate them for every row of a page, so they stay cheap),
registered as rules predicates for ``user.has_perm(...)`` and used directly as django-fsm permissions.
"""

from __future__ import annotations

import rules

from core.choices import Role

# Attribute holding what complaint_list_page_prefetch loaded for a row (plain tuples).
LIST_CACHE = "_case_list_cache"


def assigned_inspector_ids(complaint) -> set[int]:
    """Return the ids of the inspectors assigned to the case, from the list or prefetch cache when present."""
    if complaint is None or complaint.pk is None:
        return set()
    listed = getattr(complaint, LIST_CACHE, None)
    if listed is not None and "assignments" in listed:
        return {a.inspector_id for a in listed["assignments"]}
    cache = getattr(complaint, "_prefetched_objects_cache", {})
    if "assignments" in cache:
        return {a.inspector_id for a in cache["assignments"]}
    return set(complaint.assignments.values_list("inspector_id", flat=True))


def _role(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return getattr(user, "role", None) or None


def _same_district(user, complaint) -> bool:
    return user.district_id is None or user.district_id == complaint.district_id


def check_assigned(user, complaint) -> bool:
    return (
        complaint is not None
        and _role(user) == Role.INSPECTOR
        and user.pk in assigned_inspector_ids(complaint)
    )


def check_district_inspector(user, complaint) -> bool:
    return complaint is not None and _role(user) == Role.INSPECTOR and _same_district(user, complaint)


def check_district_manager(user, complaint) -> bool:
    return complaint is not None and _role(user) == Role.MANAGER and _same_district(user, complaint)


def check_incoming(user, complaint) -> bool:
    """Staff of the office a pending transfer is addressed to (劳动保障监察条例 第十三条)."""
    return (
        complaint is not None
        and complaint.transfer_to_id is not None
        and _role(user) in (Role.INSPECTOR, Role.MANAGER)
        and user.district_id == complaint.transfer_to_id
    )


def check_receive_transfer(user, complaint) -> bool:
    """Accept or return a pending transfer: a manager of the receiving office, or a city manager.

    The city office is the offices' common superior, which settles a dispute over jurisdiction.
    """
    return (
        complaint is not None
        and complaint.transfer_to_id is not None
        and _role(user) == Role.MANAGER
        and (user.district_id is None or user.district_id == complaint.transfer_to_id)
    )


def check_admin(user, complaint=None) -> bool:
    return _role(user) == Role.ADMIN or bool(user is not None and user.is_authenticated and user.is_superuser)


def check_view(user, complaint) -> bool:
    """Read a case (and join its live "case-<id>" group)."""
    if complaint is None:
        return False
    return (
        check_district_manager(user, complaint)
        or check_district_inspector(user, complaint)
        or check_assigned(user, complaint)
        or check_incoming(user, complaint)
        or check_admin(user)
    )


def check_triage(user, complaint) -> bool:
    """Intake decisions (accept, not accept, refer, ask for more material) and assigning inspectors."""
    return check_district_inspector(user, complaint) or check_district_manager(user, complaint)


def check_work(user, complaint) -> bool:
    """Work an opened case: investigation, orders, payments, closing."""
    return check_district_manager(user, complaint) or check_assigned(user, complaint)


def check_approve(user, complaint) -> bool:
    """Approvals reserved to the head of the team (第十七条 extension, police transfer, reopening)."""
    return check_district_manager(user, complaint)


def check_see_claimants(user, complaint) -> bool:
    """Claimants' ID numbers and phones in full: assigned inspectors and the managers."""
    return check_district_manager(user, complaint) or check_assigned(user, complaint)


def check_manager(user, obj=None) -> bool:
    return _role(user) == Role.MANAGER


def check_city_manager(user, complaint=None) -> bool:
    """The city office (a manager with no district): supervises the districts' cases (挂牌督办)."""
    return _role(user) == Role.MANAGER and user.district_id is None


def check_note(user, complaint) -> bool:
    """Write an internal note: inspectors and managers who may see the case (not IT, not mediators)."""
    return _role(user) in (Role.INSPECTOR, Role.MANAGER) and check_view(user, complaint)


def check_record_complaint(user, district) -> bool:
    """Record a complaint on a worker's behalf (counter, hotline, letter, referral) for a district.

    The district's inspectors and managers, and the city-wide ones for any district; not mediators
    (another body) nor administrators (IT).
    """
    return (
        district is not None
        and _role(user) in (Role.INSPECTOR, Role.MANAGER)
        and (user.district_id is None or user.district_id == district.pk)
    )


def check_record_complaint_any(user, obj=None) -> bool:
    """Open the recording page: someone who may record for at least one district."""
    return _role(user) in (Role.INSPECTOR, Role.MANAGER)


def check_import_clues(user, obj=None) -> bool:
    """Import clues handed down by the clue platform or the 12345 hotline: the managers.

    A district manager's rows must name their own district (checked per row with ``check_record_complaint``).
    """
    return _role(user) == Role.MANAGER


CHECKS = {
    "complaints.view_complaint": check_view,
    "complaints.see_claimants": check_see_claimants,
    "complaints.assign_complaint": check_triage,
    "complaints.bulk_assign": check_manager,
    "complaints.identify_employer": check_triage,
    "complaints.accept_complaint": check_triage,
    "complaints.decline_complaint": check_triage,
    "complaints.refer_complaint": check_triage,
    "complaints.request_supplement": check_triage,
    "complaints.start_investigation": check_work,
    "complaints.extend_deadline": check_approve,
    "complaints.issue_order": check_work,
    "complaints.record_compliance": check_work,
    "complaints.record_non_compliance": check_work,
    "complaints.order_surcharge": check_work,
    "complaints.decide_penalty": check_work,
    "complaints.transfer_to_police": check_approve,
    "complaints.propose_blacklist": check_work,
    "complaints.resolve_complaint": check_work,
    "complaints.withdraw_case": check_work,
    "complaints.close_complaint": check_work,
    "complaints.reopen_complaint": check_approve,
    # Inspection and interview records (笔录): whoever works the case.
    "complaints.record_investigation": check_work,
    # 移送管辖: the sending office's manager transfers; the receiving office's manager answers.
    "complaints.transfer_complaint": check_approve,
    "complaints.receive_transfer": check_receive_transfer,
    "complaints.merge_complaint": check_triage,
    "complaints.unlink_complaint": check_triage,
    "complaints.group_act": check_triage,
    "complaints.supervise_complaint": check_city_manager,
    "complaints.add_note": check_note,
}

# Rules predicates (rules calls them with (user, obj)); obj None never grants a case permission.
is_assigned = rules.predicate(check_assigned, name="is_assigned")
can_view = rules.predicate(check_view, name="can_view_complaint")

for _name, _check in CHECKS.items():
    rules.set_perm(_name, rules.predicate(_check, name=_name))

# Permissions on a district (or none), not on a case.
rules.set_perm(
    "complaints.record_complaint", rules.predicate(check_record_complaint, name="complaints.record_complaint")
)
rules.set_perm(
    "complaints.record_complaint_any",
    rules.predicate(check_record_complaint_any, name="complaints.record_complaint_any"),
)
rules.set_perm("complaints.import_clues", rules.predicate(check_import_clues, name="complaints.import_clues"))


def transition_permission(name: str):
    """Return a django-fsm permission callable (instance, user) for a rules permission name."""
    check = CHECKS[name]

    def allowed(instance, user) -> bool:
        return bool(user is not None and user.is_active and check(user, instance))

    allowed.__name__ = name.replace(".", "_")
    return allowed
