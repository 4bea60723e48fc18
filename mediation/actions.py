"""One table of the actions staff can take on a request, shared by the API and the pages.

Each entry turns parsed input into one service call; permission and state checks stay in the services.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User

from . import services
from .models import AgreementTerm, MediationRequest, MediationSession, Room


def _room(data: dict) -> Room | None:
    if data.get("room") in (None, ""):
        return None
    room = data["room"] if isinstance(data["room"], Room) else Room.objects.filter(pk=data["room"]).first()
    if room is None:
        raise ValidationError({"room": _("No such room.")})
    return room


def _mediator(data: dict, default=None):
    value = data.get("mediator")
    if value in (None, ""):
        if default is None:
            raise ValidationError({"mediator": _("Choose a mediator.")})
        return default
    mediator = value if isinstance(value, User) else User.objects.filter(pk=value, role="mediator").first()
    if mediator is None:
        raise ValidationError({"mediator": _("No such mediator.")})
    return mediator


def _times(data: dict):
    if not data.get("start_at") or not data.get("end_at"):
        raise ValidationError({"start_at": _("Give the start and end of the session.")})
    return data["start_at"], data["end_at"]


def _session(request: MediationRequest, data: dict) -> MediationSession:
    session = request.sessions.filter(pk=data.get("session") or 0).first()
    if session is None:
        raise Http404
    return session


def _schedule(request, by, data):
    start_at, end_at = _times(data)
    return services.session_book(
        request=request,
        by=by,
        mediator=_mediator(data, request.mediator),
        start_at=start_at,
        end_at=end_at,
        room=_room(data),
        remote=bool(data.get("remote")),
        attendees=data.get("attendees") or 3,
    )


def _reschedule(request, by, data):
    session = _session(request, data)
    start_at, end_at = _times(data)
    return services.session_reschedule(
        session=session,
        by=by,
        start_at=start_at,
        end_at=end_at,
        reason=data.get("reason", ""),
        room=_room(data),
        remote=bool(data.get("remote")),
        mediator=_mediator(data, session.mediator),
        attendees=data.get("attendees") or 3,
    )


def _cancel(request, by, data):
    return services.session_cancel(session=_session(request, data), by=by, reason=data.get("reason", ""))


def _term(request, by, data):
    term = AgreementTerm.objects.filter(request=request, pk=data.get("term") or 0).first()
    if term is None:
        raise Http404
    return services.term_record_performed(term=term, by=by, performed_on=data.get("performed_on"))


ACTIONS: dict[str, tuple[Callable, str]] = {
    "accept": (lambda r, by, d: services.mediation_accept(request=r, by=by), gettext_lazy("Accept")),
    "decline": (
        lambda r, by, d: services.mediation_decline(request=r, by=by, reason=d.get("reason", "")),
        gettext_lazy("Decline"),
    ),
    "schedule": (_schedule, gettext_lazy("Book a session")),
    "reschedule": (_reschedule, gettext_lazy("Move a session")),
    "cancel_session": (_cancel, gettext_lazy("Cancel a session")),
    "start_session": (
        lambda r, by, d: services.mediation_start_session(request=r, by=by),
        gettext_lazy("Start the session"),
    ),
    "adjourn": (
        lambda r, by, d: services.mediation_adjourn(request=r, by=by, reason=d.get("reason", "")),
        gettext_lazy("Adjourn (meet again)"),
    ),
    "reach_agreement": (
        lambda r, by, d: services.mediation_reach_agreement(
            request=r, by=by, terms=d.get("terms") or [], notes=d.get("notes", "")
        ),
        gettext_lazy("Record the agreement"),
    ),
    "fail": (
        lambda r, by, d: services.mediation_fail(request=r, by=by, reason=d.get("reason", "")),
        gettext_lazy("Mediation failed"),
    ),
    "term_performed": (_term, gettext_lazy("Term performed")),
    "record_performed": (
        lambda r, by, d: services.mediation_record_performed(request=r, by=by),
        gettext_lazy("Agreement performed"),
    ),
    "record_not_performed": (
        lambda r, by, d: services.mediation_record_not_performed(
            request=r, by=by, reason=d.get("reason", "")
        ),
        gettext_lazy("Agreement not performed"),
    ),
    "follow_up": (
        lambda r, by, d: services.mediation_follow_up(
            request=r, by=by, kind=d.get("kind", ""), note=d.get("note") or d.get("reason", "")
        ),
        gettext_lazy("Record the follow-up"),
    ),
}


def action_run(*, request: MediationRequest, by, action: str, data: dict):
    """Run one named action; unknown names are a 404."""
    if action not in ACTIONS:
        raise Http404
    return ACTIONS[action][0](request, by, data)
