"""The events of a case: their payload and groups, built here only (the contract is docs/websocket.md)."""

from __future__ import annotations

from ..choices import CaseStatus
from ..models import Complaint


def case_event_payload(complaint: Complaint, *, actor=None, **extra) -> dict:
    """Return the payload of a case event: ids, status and display text, never personal data.

    ``actor`` is the staff member who acted (None for the worker or the system); ``extra`` adds the
    fields of one kind of event (e.g. ``action`` and ``from_status`` of a transition).
    """
    return {
        "case_id": complaint.pk,
        "tracking_number": complaint.tracking_number,
        "status": complaint.status,
        "status_label": str(CaseStatus(complaint.status).label),
        "district_id": complaint.district_id,
        "actor_id": getattr(actor, "pk", None),
        **extra,
    }


def case_groups(complaint: Complaint) -> list[str]:
    """Return the groups of a case event: the case's district and its page."""
    return [f"district-{complaint.district_id}", f"case-{complaint.pk}"]
