"""Mediation tracking numbers (``2102M-2026-000012``) and the worker's view through intake's tracking.

Numbers come from the shared TrackingSequence through ``next_tracking_number(prefix="<city>M")``. The
public tracking page and ``/api/v1/track/{tracking_number}/`` are intake's; mediation registers its
lookup, fetch, API body and page template in ``complaints/tracking_registry.py``, and the browsers that
proved a request's code are remembered in intake's ``complaints/tracking_session.py``.
"""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import timezone

from complaints.tracking_codes import access_code_matches, hash_access_code, next_tracking_number

NUMBER_RE = re.compile(r"^\d{4}M-\d{4}-\d{6}$")
KIND = "mediation"


def mediation_prefix(district_code: str) -> str:
    return f"{(district_code or '0000')[:4]}M"


def next_mediation_number(*, district_code: str, year: int) -> str:
    """Draw the next mediation tracking number (shared sequence table, prefix ``<city>M``)."""
    return next_tracking_number(
        district_code=district_code, year=year, prefix=mediation_prefix(district_code)
    )


def is_mediation_number(tracking_number: str) -> bool:
    return bool(NUMBER_RE.match((tracking_number or "").strip().upper()))


def fetch(tracking_number: str):
    from .models import MediationRequest

    return (
        MediationRequest.objects.select_related("district", "employer", "mediator")
        .filter(tracking_number=(tracking_number or "").strip().upper())
        .first()
    )


def lookup(tracking_number: str, access_code: str):
    """Return the request for a number + access code, or None; the same work whether it exists or not."""
    request = fetch(tracking_number) if is_mediation_number(tracking_number) else None
    if request is None:
        hash_access_code(access_code or "")  # answer like a wrong code, also in timing
        return None
    return request if access_code_matches(access_code or "", request.access_code_hash) else None


def _steps(request) -> list[dict]:
    """The worker's progress: received → accepted → session booked → agreement → performed."""
    from django.utils.translation import gettext as _

    labels = [_("Received"), _("Accepted"), _("Session booked"), _("Agreement"), _("Performed")]
    reached = {
        "requested": 0,
        "accepted": 1,
        "scheduled": 2,
        "in_session": 2,
        "agreement_reached": 3,
        "performed": 4,
        "not_performed": 3,
    }.get(request.status, -1)
    return [
        {"label": label, "done": i < reached or (i == reached == 4), "current": i == reached}
        for i, label in enumerate(labels)
    ]


def context(request_obj, http_request) -> dict:
    from .choices import SessionStatus
    from .selectors import public_timeline

    sessions = [s for s in request_obj.sessions.select_related("room") if s.status != SessionStatus.CANCELLED]
    return {
        "mreq": request_obj,
        "sessions": sessions,
        "timeline": public_timeline(request_obj),
        "terms": request_obj.terms.all(),
        "steps": _steps(request_obj),
    }


def serialize(request_obj, http_request) -> dict:
    """The body of GET /api/v1/track/{number}/ for a mediation request (no personal data)."""
    from .choices import SessionStatus

    number = request_obj.tracking_number
    return {
        "type": KIND,
        "tracking_number": number,
        "status": request_obj.status,
        "status_label": str(request_obj.get_status_display()),
        "received_at": request_obj.received_at.isoformat(),
        "deadline": request_obj.deadline.isoformat(),
        "deadline_provisional": request_obj.deadline_provisional,
        "matters": request_obj.get_matters_display(),
        "sessions": [
            {
                "id": s.pk,
                "start": timezone.localtime(s.start_at).isoformat(),
                "end": timezone.localtime(s.end_at).isoformat(),
                "remote": s.remote,
                "room": s.room.name if s.room else None,
                "location": s.room.location if s.room else "",
                "status": s.status,
            }
            for s in request_obj.sessions.select_related("room")
            if s.status != SessionStatus.CANCELLED
        ],
        "agreement": {
            "terms": [
                {
                    "description": t.description,
                    "amount": str(t.amount) if t.amount is not None else None,
                    "due_date": t.due_date.isoformat(),
                    "performed_on": t.performed_on.isoformat() if t.performed_on else None,
                    "overdue": t.is_overdue,
                }
                for t in request_obj.terms.all()
            ],
            "pdf_url": reverse("mediation:api-track-agreement", args=[number])
            if request_obj.agreement_pdf
            else None,
        },
        "timeline": [
            {"at": e.at.isoformat(), "text": e.label, "reason": e.reason}
            for e in request_obj.audit.filter(public=True).order_by("at", "id")
        ],
    }


def recover(*, tracking_number: str, mobile: str) -> bool:
    from .services import mediation_access_code_reissue

    return mediation_access_code_reissue(tracking_number=tracking_number, mobile=mobile)


def register_with_intake() -> None:
    """Register mediation requests with intake's trackables registry."""
    from complaints import tracking_registry

    tracking_registry.register(
        NUMBER_RE,
        lookup,
        name=KIND,
        fetch=fetch,
        serialize=serialize,
        template="mediation/track_detail.html",
        context=context,
        recover=recover,
    )
