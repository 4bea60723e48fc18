"""Assigning inspectors to cases (an investigation needs at least two: 劳动保障监察条例 第十五条)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from core.choices import Role
from core.models import User
from core.services import audit_record
from notifications.services import event_record

from ..choices import OPEN_STATUSES
from ..models import Assignment, Complaint
from .case_transitions import lock_for_change
from .events import case_event_payload, case_groups

ASSIGNABLE_STATUSES = OPEN_STATUSES


def assignable_inspectors(complaint: Complaint):
    """Inspectors who may be put on the case: active, of its district or city-wide."""
    from django.db.models import Q

    return User.objects.filter(
        Q(district_id=complaint.district_id) | Q(district__isnull=True), role=Role.INSPECTOR, is_active=True
    ).order_by("display_name", "username")


def _check_inspectors(complaint: Complaint, inspectors: Sequence[User]) -> None:
    if not inspectors:
        raise ValidationError({"inspectors": gettext("Choose at least one inspector.")})
    allowed = set(
        assignable_inspectors(complaint)
        .filter(pk__in=[u.pk for u in inspectors])
        .values_list("pk", flat=True)
    )
    wrong = [str(u) for u in inspectors if u.pk not in allowed]
    if wrong:
        raise ValidationError(
            {
                "inspectors": gettext("Not an active inspector of this district: %(names)s")
                % {"names": ", ".join(wrong)}
            }
        )


def complaint_assign(
    *, complaint: Complaint, by: User, inspectors: Sequence[User], note: str = ""
) -> Complaint:
    """Put inspectors on a case (those already on it stay); audit and tell the new ones."""
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        if fresh.status not in ASSIGNABLE_STATUSES:
            raise TransitionNotAllowed(
                gettext("Inspectors can only be assigned to open cases."), object=fresh, method=None
            )
        if not by.has_perm("complaints.assign_complaint", fresh):
            raise PermissionDenied(gettext("You may not assign inspectors to this case."))
        _check_inspectors(fresh, inspectors)
        existing = set(fresh.assignments.values_list("inspector_id", flat=True))
        new = [u for u in inspectors if u.pk not in existing]
        if not new:
            return fresh
        Assignment.objects.bulk_create(
            [Assignment(complaint=fresh, inspector=u, assigned_by=by) for u in new]
        )
        fresh.save(update_fields=["updated_at"])
        audit_record(
            subject=fresh,
            action="assign",
            actor=by,
            from_status=fresh.status,
            to_status=fresh.status,
            reason=note,
            changes={"inspectors": [[], [str(u) for u in new]], "inspector_ids": [u.pk for u in new]},
        )
        with translation.override(settings.LANGUAGE_CODE):
            text = gettext("%(number)s was assigned to you") % {"number": fresh.tracking_number}
        event_record(
            kind="case.assigned",
            text=text,
            payload=case_event_payload(fresh, actor=by, inspector_ids=[u.pk for u in new]),
            groups=case_groups(fresh) + [f"user-{u.pk}" for u in new],
            recipients=[u for u in new if u.pk != getattr(by, "pk", None)],
        )
    return fresh


def complaints_bulk_assign(
    *, complaints: Iterable[Complaint], by: User, inspectors: Sequence[User]
) -> list[Complaint]:
    """Assign the same inspectors to many cases at once (managers); all or nothing."""
    if not by.has_perm("complaints.bulk_assign"):
        raise PermissionDenied(gettext("Only a manager may assign cases in bulk."))
    with transaction.atomic():
        return [complaint_assign(complaint=c, by=by, inspectors=inspectors) for c in complaints]
