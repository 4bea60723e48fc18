"""One action on every complaint of a group at once (assign, accept, order), all or nothing.

Intake groups the complaints of different workers against the same employer and an overlapping
period (``Complaint.group``). A group action runs the action's own service on each open case of the
group in one transaction: the cases whose state does not admit the action are left as they are and
listed as skipped; if the action fails on any case it is the group's failure (nothing is changed),
and the error names that case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed, can_proceed

from core.models import User

from ..choices import OPEN_STATUSES
from ..models import Complaint
from .assignment import complaint_assign
from .case_transitions import complaint_accept, complaint_issue_order


@dataclass
class GroupActionResult:
    done: list[Complaint] = field(default_factory=list)
    skipped: list[Complaint] = field(default_factory=list)


def _order(*, complaint: Complaint, by: User, due_date, reason: str) -> Complaint:
    """Order each employer payment of what its own case claims (the amount the worker stated)."""
    if complaint.amount_owed is None:
        raise ValidationError(
            gettext("No amount is claimed in this case: issue its order on its own page, with the amount.")
        )
    return complaint_issue_order(
        complaint=complaint, by=by, due_date=due_date, amount=complaint.amount_owed, reason=reason
    )


# action: (applies to the case in its state, the service run on it)
GROUP_ACTIONS: dict[str, tuple[Callable[[Complaint], bool], Callable[..., Complaint]]] = {
    "assign": (lambda c: c.status in OPEN_STATUSES, complaint_assign),
    "accept": (lambda c: can_proceed(c.accept, check_conditions=False), complaint_accept),
    "issue_order": (lambda c: can_proceed(c.issue_order, check_conditions=False), _order),
}


def group_members(complaint: Complaint) -> list[Complaint]:
    """Return the open cases of the complaint's group (itself included), oldest first."""
    if complaint.group_id is None:
        return [complaint] if complaint.status in OPEN_STATUSES else []
    return list(
        Complaint.objects.filter(group_id=complaint.group_id, status__in=list(OPEN_STATUSES))
        .select_related("district", "employer")
        .order_by("received_at", "id")
    )


def group_action_check(complaint: Complaint, by: User, action: str) -> None:
    """Raise PermissionDenied (403) or TransitionNotAllowed (409) before the action's input is read."""
    if action not in GROUP_ACTIONS:
        raise ValidationError(gettext("This action cannot be taken on a whole group."))
    if not by.has_perm("complaints.group_act", complaint):
        raise PermissionDenied(gettext("You may not take this action on this case."))
    if complaint.group_id is None:
        raise TransitionNotAllowed(gettext("This case is not in a group."), object=complaint, method=None)


def _named(case: Complaint, exc: Exception) -> Exception:
    """Return the same kind of error, its message prefixed with the case it came from."""
    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    text = "; ".join(f"{case.tracking_number}: {m}" for m in messages)
    if isinstance(exc, ValidationError):
        return ValidationError(text)
    if isinstance(exc, PermissionDenied):
        return PermissionDenied(text)
    return TransitionNotAllowed(text, object=case, method=None)


def complaint_group_act(*, complaint: Complaint, by: User, action: str, **kwargs) -> GroupActionResult:
    """Take ``action`` on every open case of the complaint's group: all of them, or none."""
    group_action_check(complaint, by, action)
    applies, service = GROUP_ACTIONS[action]
    result = GroupActionResult()
    with transaction.atomic():
        for case in group_members(complaint):
            if not by.has_perm("complaints.view_complaint", case):
                raise PermissionDenied(
                    gettext("%(number)s: you may not act on this case of the group.")
                    % {"number": case.tracking_number}
                )
            if not applies(case):
                result.skipped.append(case)
                continue
            try:
                result.done.append(service(complaint=case, by=by, **kwargs))
            except (ValidationError, PermissionDenied, TransitionNotAllowed) as exc:
                raise _named(case, exc) from exc
        if not result.done:
            raise TransitionNotAllowed(
                gettext("No case of the group is in a state for this action."), object=complaint, method=None
            )
    return result
