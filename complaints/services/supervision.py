"""Supervision of a district's case by the city office (挂牌督办).

The city office (a manager with no district) flags an open case of a district with the date by which
it expects the case handled, and lifts the flag. The due date is kept on the case
(``Complaint.supervision_due``): both offices' workbenches show it, it counts as one of the case's
deadlines (``complaints.deadlines.open_deadline``), the deadline scan warns of it and reports it
overdue to the district and to the city office (``complaints/services/watch.py``), and the dashboard
lists the supervised cases.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from core.choices import Role
from core.models import User
from core.services import audit_record
from notifications.services import event_record

from .. import deadlines
from ..choices import OPEN_STATUSES, CaseEventKind
from ..models import Complaint, Supervision
from .case_transitions import _require, lock_for_change
from .events import case_event_payload, case_groups


def supervise_check(complaint: Complaint, by: User) -> None:
    """Raise TransitionNotAllowed (409) or PermissionDenied (403) for flagging or lifting supervision."""
    if complaint.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            gettext("Only an open case can be supervised."), object=complaint, method=None
        )
    if not by.has_perm("complaints.supervise_complaint", complaint):
        raise PermissionDenied(gettext("Only the city office supervises a district's case."))


def _district_managers(complaint: Complaint) -> list[User]:
    return list(User.objects.filter(role=Role.MANAGER, district_id=complaint.district_id, is_active=True))


def _record(fresh: Complaint, by: User, action: str, reason: str, changes: dict, text: str) -> None:
    deadlines.update_next_deadline(fresh)
    fresh.save(update_fields=["supervision_due", "next_deadline", "updated_at"])
    audit_record(
        subject=fresh,
        action=action,
        actor=by,
        from_status=fresh.status,
        to_status=fresh.status,
        reason=reason,
        changes=changes,
    )
    recipients = [u for u in _district_managers(fresh) + list(fresh.inspectors.all()) if u.pk != by.pk]
    event_record(
        kind=CaseEventKind.CASE_SUPERVISED,
        text=text,
        payload=case_event_payload(
            fresh,
            actor=by,
            action=action,
            supervision_due=fresh.supervision_due.isoformat() if fresh.supervision_due else None,
        ),
        groups=case_groups(fresh) + [f"user-{u.pk}" for u in recipients],
        recipients=recipients,
    )


def complaint_supervise(
    *, complaint: Complaint, by: User, due_date: datetime.date | None, reason: str
) -> Complaint:
    """Flag the case for supervision by the city office, to be handled by ``due_date``."""
    _require(due_date=due_date, reason=(reason or "").strip())
    assert due_date is not None  # _require refused it missing
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": gettext("The due date must be after today.")})
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        supervise_check(fresh, by)
        if fresh.supervision_due is not None:
            raise ValidationError(
                gettext("The case is already under supervision: lift it first to set a new date.")
            )
        Supervision.objects.create(complaint=fresh, due_date=due_date, reason=reason, flagged_by=by)
        fresh.supervision_due = due_date
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("%(number)s is under the city office's supervision, to be handled by %(due)s") % {
                "number": fresh.tracking_number,
                "due": due_date.isoformat(),
            }
        _record(fresh, by, "supervise", reason, {"supervision_due": [None, due_date.isoformat()]}, text)
    return fresh


def complaint_supervision_lift(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """Lift the city office's supervision of the case."""
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        if not by.has_perm("complaints.supervise_complaint", fresh):
            raise PermissionDenied(gettext("Only the city office supervises a district's case."))
        active = fresh.supervisions.filter(lifted_at__isnull=True).first()
        if active is None:
            raise TransitionNotAllowed(
                gettext("The case is not under supervision."), object=fresh, method=None
            )
        active.lifted_by = by
        active.lifted_at = timezone.now()
        active.save(update_fields=["lifted_by", "lifted_at"])
        before = fresh.supervision_due
        fresh.supervision_due = None
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("%(number)s: supervision lifted") % {"number": fresh.tracking_number}
        _record(
            fresh,
            by,
            "supervision_lift",
            note,
            {"supervision_due": [before.isoformat() if before else None, None]},
            text,
        )
    return fresh
