"""The staff actions on a case by name: which ones a user may take now, their checks and services.

Transitions come from django-fsm (available user transitions: state, conditions, rules permissions);
"assign", "identify_employer", "unlink" and the city office's "supervise" and "supervision_lift"
change the case without changing its state.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from .case_states import STAFF_TRANSITIONS
from .choices import OPEN_STATUSES, ReferralKind
from .models import Complaint
from .services.assignment import complaint_assign
from .services.case_transitions import (
    IDENTIFIABLE_STATUSES,
    SERVICES,
    blocked_reasons,
    complaint_identify_employer,
    transition_check,
)
from .services.merge import complaint_merge, complaint_unlink, unlink_check
from .services.supervision import complaint_supervise, complaint_supervision_lift, supervise_check
from .services.transfer import (
    complaint_transfer,
    complaint_transfer_accept,
    complaint_transfer_return,
    transfer_pending_check,
)

ACTIONS: dict[str, Callable[..., Complaint]] = {
    **SERVICES,
    "assign": complaint_assign,
    "identify_employer": complaint_identify_employer,
    "transfer": complaint_transfer,
    "transfer_accept": complaint_transfer_accept,
    "transfer_return": complaint_transfer_return,
    "merge": complaint_merge,
    "unlink": complaint_unlink,
    "supervise": complaint_supervise,
    "supervision_lift": complaint_supervision_lift,
}

# Answers to a pending transfer: without one there is nothing to answer (409, not 403).
TRANSFER_ANSWERS = ("transfer_accept", "transfer_return")


def can_assign(complaint: Complaint, user) -> bool:
    return complaint.status in OPEN_STATUSES and user.has_perm("complaints.assign_complaint", complaint)


def available_actions(complaint: Complaint, user) -> list[str]:
    """Return the actions ``user`` may take on the case now, in workbench order."""
    names = {t.name for t in complaint.get_available_user_status_transitions(user)}
    actions = [name for name in STAFF_TRANSITIONS if name in names]
    if can_assign(complaint, user):
        actions.insert(0, "assign")
    if can_identify_employer(complaint, user):
        actions.insert(0, "identify_employer")
    if complaint.group_id is not None and user.has_perm("complaints.unlink_complaint", complaint):
        actions.append("unlink")
    if complaint.status in OPEN_STATUSES and user.has_perm("complaints.supervise_complaint", complaint):
        actions.append("supervision_lift" if complaint.supervision_due else "supervise")
    return actions


def can_identify_employer(complaint: Complaint, user) -> bool:
    return (
        complaint.employer_id is None
        and complaint.status in IDENTIFIABLE_STATUSES
        and user.has_perm("complaints.identify_employer", complaint)
    )


def blocked_actions(complaint: Complaint, user) -> list[tuple[str, list[str]]]:
    """Return actions the user could take in this state but whose legal conditions do not hold yet."""
    result = []
    available = {t.name for t in complaint.get_available_status_transitions()}
    for name in STAFF_TRANSITIONS:
        if name in available:
            continue
        reasons = blocked_reasons(complaint, user, name)
        if reasons:
            result.append((name, reasons))
    return result


def precheck(complaint: Complaint, user, action: str) -> None:
    """Raise 404/409/403 before a form is even read (so no field errors leak to someone not allowed)."""
    if action not in ACTIONS:
        raise Http404
    if action == "identify_employer":
        if complaint.status not in IDENTIFIABLE_STATUSES:
            raise TransitionNotAllowed(
                gettext("The employer can only be identified before a decision."), object=complaint
            )
        if not user.has_perm("complaints.identify_employer", complaint):
            raise PermissionDenied(gettext("You may not take this action on this case."))
        return
    if action == "assign":
        if complaint.status not in OPEN_STATUSES:
            raise TransitionNotAllowed(
                gettext("Inspectors can only be assigned to open cases."), object=complaint
            )
        if not user.has_perm("complaints.assign_complaint", complaint):
            raise PermissionDenied(gettext("You may not assign inspectors to this case."))
        return
    if action == "unlink":
        unlink_check(complaint, user)
        return
    if action == "supervise":
        supervise_check(complaint, user)
        return
    if action == "supervision_lift":
        if not user.has_perm("complaints.supervise_complaint", complaint):
            raise PermissionDenied(gettext("Only the city office supervises a district's case."))
        return
    if action in TRANSFER_ANSWERS:
        transfer_pending_check(complaint)
    transition_check(complaint, user, action, conditions=False)


def perform(complaint: Complaint, user, action: str, kwargs: dict) -> Complaint:
    """Call the action's service.

    A referral to mediation is one action: the complaint closes as referred and becomes a mediation
    request with its data and evidence (mediation's service calls complaint_refer in the same transaction).
    """
    if action == "refer" and kwargs.get("referral_kind") == ReferralKind.MEDIATION:
        from mediation.services.requests import complaint_refer_to_mediation

        complaint_refer_to_mediation(complaint=complaint, by=user, reason=kwargs.get("reason", ""))
        return Complaint.objects.get(pk=complaint.pk)
    return ACTIONS[action](complaint=complaint, by=user, **kwargs)
