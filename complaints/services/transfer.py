"""Transfers between district offices (移送管辖, 劳动保障监察条例 第十三条).

A case filed with an office that has no jurisdiction over the workplace is transferred to the
competent office, not closed:

1. ``complaint_transfer``: a manager of the case's office sends it, with a reason. The case stays with
   the sending office and names the receiving one (``Complaint.transfer_to``); both offices' staff see
   it; nobody decides on acceptance, and no acceptance period runs, until the receiving office answers.
2. ``complaint_transfer_accept``: a manager of the receiving office (or a city manager, the offices'
   common superior) receives it. The case becomes that office's; its acceptance period runs from this
   receipt; inspectors of the sending office come off the case.
3. ``complaint_transfer_return``: the receiving office disputes its jurisdiction and sends the case
   back, with a reason; the sending office's own period runs again as before. A city manager settles
   a dispute by transferring the case again and receiving it for the competent office.

The worker's tracking number and access code are the case's and do not change; the worker's timeline
says where the case went, and the worker hears by SMS when the competent office has received it.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed

from core.choices import Role
from core.models import District, User

from .. import deadlines
from ..choices import TransferStatus
from ..models import Assignment, Complaint, Transfer
from .case_transitions import _require, _run


def receiving_managers(district_id: int) -> list[User]:
    """Return who answers a transfer to the district: its managers, else the city managers."""
    managers = list(User.objects.filter(role=Role.MANAGER, district_id=district_id, is_active=True))
    return managers or list(User.objects.filter(role=Role.MANAGER, district__isnull=True, is_active=True))


def _pending(complaint: Complaint) -> Transfer:
    transfer = complaint.transfers.filter(status=TransferStatus.PENDING).select_related("to_district").first()
    if complaint.transfer_to_id is None or transfer is None:
        raise TransitionNotAllowed(
            gettext("No transfer of this case is waiting for an answer."), object=complaint, method=None
        )
    return transfer


def transfer_pending_check(complaint: Complaint) -> None:
    """Raise TransitionNotAllowed (409) when no transfer of the case waits for an answer."""
    if complaint.transfer_to_id is None:
        raise TransitionNotAllowed(
            gettext("No transfer of this case is waiting for an answer."), object=complaint, method=None
        )


def complaint_transfer(
    *, complaint: Complaint, by: User, to_district: District | None, reason: str
) -> Complaint:
    """Transfer the case to the district office with jurisdiction over the workplace (第十三条)."""
    _require(to_district=to_district, reason=(reason or "").strip())
    assert to_district is not None  # _require refused it missing

    def apply(c: Complaint) -> dict:
        if to_district.pk == c.district_id:
            raise ValidationError(
                {"to_district": gettext("Choose another district office than the case's own.")}
            )
        c.transfer()
        Transfer.objects.create(
            complaint=c, from_district=c.district, to_district=to_district, reason=reason, requested_by=by
        )
        c.transfer_to = to_district
        deadlines.set_acceptance_due(c, start=timezone.localdate())  # none runs while pending
        return {"from_district": c.district.name, "to_district": to_district.name}

    def text(c: Complaint) -> str:
        return gettext("%(number)s: transferred from %(from)s to %(to)s, waiting for receipt") % {
            "number": c.tracking_number,
            "from": c.district.name,
            "to": to_district.name,
        }

    return _run(
        complaint=complaint,
        by=by,
        action="transfer",
        apply=apply,
        reason=reason,
        public=True,
        event_kind="case.transferred",
        event_text=text,
        extra_groups=lambda c: [f"district-{to_district.pk}"],
        extra_recipients=lambda c: receiving_managers(to_district.pk),
    )


def complaint_transfer_accept(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """Receive a transferred case for the competent office; its acceptance period starts today."""
    transfer_pending_check(complaint)
    sender: dict[str, int | str] = {}

    def apply(c: Complaint) -> dict:
        transfer = _pending(c)
        c.transfer_accept()
        sender.update(id=c.district_id, name=c.district.name)
        transfer.status = TransferStatus.ACCEPTED
        transfer.decided_by = by
        transfer.decided_at = timezone.now()
        transfer.answer = note
        transfer.save(update_fields=["status", "decided_by", "decided_at", "answer"])
        c.district = transfer.to_district
        c.transfer_to = None
        # Inspectors of the sending office come off the case; city-wide inspectors stay.
        leaving = Assignment.objects.filter(complaint=c).exclude(
            Q(inspector__district_id=transfer.to_district_id) | Q(inspector__district__isnull=True)
        )
        removed = [str(a.inspector) for a in leaving.select_related("inspector")]
        leaving.delete()
        # 第十三条: the competent office's periods run from its own receipt.
        deadlines.set_acceptance_due(c, start=timezone.localdate())
        return {
            "from_district": str(sender["name"]),
            "to_district": transfer.to_district.name,
            "received_on": timezone.localdate().isoformat(),
            "inspectors_removed": removed,
        }

    def text(c: Complaint) -> str:
        return gettext("%(number)s: received by %(to)s") % {
            "number": c.tracking_number,
            "to": c.district.name,
        }

    return _run(
        complaint=complaint,
        by=by,
        action="transfer_accept",
        apply=apply,
        reason=note,
        public=True,
        event_kind="case.transferred",
        event_text=text,
        extra_groups=lambda c: [f"district-{sender['id']}"],
    )


def complaint_transfer_return(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Send a transferred case back to the sending office, with the reason (a dispute on jurisdiction)."""
    _require(reason=(reason or "").strip())
    transfer_pending_check(complaint)
    receiver: dict[str, int | str] = {}

    def apply(c: Complaint) -> dict:
        transfer = _pending(c)
        c.transfer_return()
        receiver.update(id=transfer.to_district_id, name=transfer.to_district.name)
        transfer.status = TransferStatus.RETURNED
        transfer.decided_by = by
        transfer.decided_at = timezone.now()
        transfer.answer = reason
        transfer.save(update_fields=["status", "decided_by", "decided_at", "answer"])
        c.transfer_to = None
        # The sending office's own period runs again from where it started.
        deadlines.set_acceptance_due(c, start=deadlines.acceptance_start(c))
        return {"from_district": c.district.name, "to_district": str(receiver["name"])}

    def text(c: Complaint) -> str:
        return gettext("%(number)s: returned by %(to)s to %(from)s") % {
            "number": c.tracking_number,
            "to": receiver["name"],
            "from": c.district.name,
        }

    return _run(
        complaint=complaint,
        by=by,
        action="transfer_return",
        apply=apply,
        reason=reason,
        public=True,
        event_kind="case.transferred",
        event_text=text,
        extra_groups=lambda c: [f"district-{receiver['id']}"],
    )
