"""Who may see and act on a case (django-rules predicates and object permissions).

- an assigned inspector may see and work the case, even outside their district;
- an inspector of the case's district (or a city-wide inspector) may see it and take intake decisions;
- a manager of the district (or of the whole city) may see it and do everything, including approvals;
- administrators (IT) see everything through the admin; mediators see no inspection cases.
"""

from __future__ import annotations

import rules

from core.rules import in_same_district, is_admin, is_inspector, is_manager


def assigned_inspector_ids(complaint) -> set[int]:
    """Return the ids of the inspectors assigned to the case, from the prefetch cache when present."""
    if complaint is None or complaint.pk is None:
        return set()
    cache = getattr(complaint, "_prefetched_objects_cache", {})
    if "assignments" in cache:
        return {a.inspector_id for a in cache["assignments"]}
    return set(complaint.assignments.values_list("inspector_id", flat=True))


@rules.predicate
def is_assigned(user, complaint) -> bool:
    if complaint is None or not is_inspector(user):
        return False
    return user.pk in assigned_inspector_ids(complaint)


is_district_inspector = is_inspector & in_same_district
is_district_manager = is_manager & in_same_district

# Reading a case (and joining its live "case-<id>" group).
can_view = is_assigned | is_district_inspector | is_district_manager | is_admin
# Intake decisions (accept, not accept, refer, ask for more material) and assignment by inspectors.
can_triage = is_district_inspector | is_district_manager
# Working an opened case: investigation, orders, payments, closing.
can_work = is_assigned | is_district_manager
# Approvals reserved to the head of the team (第十七条 extension; transfers; reopening).
can_approve = is_district_manager
# Claimants' ID numbers and phones are shown in full only to the people who need them.
can_see_claimants = is_assigned | is_district_manager

PERMISSIONS = {
    "complaints.view_complaint": can_view,
    "complaints.see_claimants": can_see_claimants,
    "complaints.assign_complaint": can_triage,
    "complaints.bulk_assign": is_manager,
    "complaints.accept_complaint": can_triage,
    "complaints.identify_employer": can_triage,
    "complaints.decline_complaint": can_triage,
    "complaints.refer_complaint": can_triage,
    "complaints.request_supplement": can_triage,
    "complaints.start_investigation": can_work,
    "complaints.extend_deadline": can_approve,
    "complaints.issue_order": can_work,
    "complaints.record_compliance": can_work,
    "complaints.record_non_compliance": can_work,
    "complaints.order_surcharge": can_work,
    "complaints.decide_penalty": can_work,
    "complaints.transfer_to_police": can_approve,
    "complaints.propose_blacklist": can_work,
    "complaints.resolve_complaint": can_work,
    "complaints.withdraw_case": can_work,
    "complaints.close_complaint": can_work,
    "complaints.reopen_complaint": can_approve,
}

for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
