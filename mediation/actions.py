"""The actions staff take on a mediation request: one table naming each action's form and typed function.

The API (``MediationActionApi``) and the pages (``request_act``, ``schedule``) dispatch through
``ACTIONS``: the form declares and validates the action's input for both, and the function takes the
form's cleaned data as keyword arguments and calls one service. Permission and state checks stay in
the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User

from . import services
from .forms import (
    ActionForm,
    AgreementForm,
    BookForm,
    CancelSessionForm,
    FollowUpForm,
    NoInputForm,
    ReasonForm,
    RescheduleForm,
    TermPerformedForm,
)
from .models import AgreementTerm, MediationRequest, MediationSession, Room

DEFAULT_ATTENDEES = 3


def _mediator(chosen: User | None, default: User | None) -> User:
    if chosen is not None:
        return chosen
    if default is None:
        raise ValidationError({"mediator": _("Choose a mediator.")})
    return default


def _session(request: MediationRequest, pk: int) -> MediationSession:
    session = request.sessions.filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def mediation_schedule(
    *,
    request: MediationRequest,
    by: User,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    mediator: User | None = None,
    room: Room | None = None,
    remote: bool = False,
    attendees: int | None = None,
    reason: str = "",
) -> MediationSession:
    """Book a session, held by the request's mediator unless another is chosen."""
    return services.session_book(
        request=request,
        by=by,
        mediator=_mediator(mediator, request.mediator),
        start_at=start_at,
        end_at=end_at,
        room=room,
        remote=remote,
        attendees=attendees or DEFAULT_ATTENDEES,
    )


def mediation_reschedule(
    *,
    request: MediationRequest,
    by: User,
    session: int,
    start_at: datetime.datetime,
    end_at: datetime.datetime,
    mediator: User | None = None,
    room: Room | None = None,
    remote: bool = False,
    attendees: int | None = None,
    reason: str = "",
) -> MediationSession:
    """Move one of the request's booked sessions (404 if it is not one of them)."""
    booked = _session(request, session)
    return services.session_reschedule(
        session=booked,
        by=by,
        start_at=start_at,
        end_at=end_at,
        reason=reason,
        room=room,
        remote=remote,
        mediator=_mediator(mediator, booked.mediator),
        attendees=attendees or DEFAULT_ATTENDEES,
    )


def mediation_cancel_session(
    *, request: MediationRequest, by: User, session: int, reason: str = ""
) -> MediationSession:
    """Cancel one of the request's booked sessions (404 if it is not one of them)."""
    return services.session_cancel(session=_session(request, session), by=by, reason=reason)


def mediation_term_performed(
    *, request: MediationRequest, by: User, term: int, performed_on: datetime.date | None = None
) -> AgreementTerm:
    """Record that one term of the request's agreement was performed (404 if it is not one of them)."""
    found = AgreementTerm.objects.filter(request=request, pk=term).first()
    if found is None:
        raise Http404
    return services.term_record_performed(term=found, by=by, performed_on=performed_on)


@dataclass(frozen=True)
class MediationAction:
    label: Promise
    form: type[ActionForm]
    run: Callable[..., object]


ACTIONS: dict[str, MediationAction] = {
    "accept": MediationAction(gettext_lazy("Accept"), NoInputForm, services.mediation_accept),
    "decline": MediationAction(gettext_lazy("Decline"), ReasonForm, services.mediation_decline),
    "schedule": MediationAction(gettext_lazy("Book a session"), BookForm, mediation_schedule),
    "reschedule": MediationAction(gettext_lazy("Move a session"), RescheduleForm, mediation_reschedule),
    "cancel_session": MediationAction(
        gettext_lazy("Cancel a session"), CancelSessionForm, mediation_cancel_session
    ),
    "start_session": MediationAction(
        gettext_lazy("Start the session"), NoInputForm, services.mediation_start_session
    ),
    "adjourn": MediationAction(gettext_lazy("Adjourn (meet again)"), ReasonForm, services.mediation_adjourn),
    "reach_agreement": MediationAction(
        gettext_lazy("Record the agreement"), AgreementForm, services.mediation_reach_agreement
    ),
    "fail": MediationAction(gettext_lazy("Mediation failed"), ReasonForm, services.mediation_fail),
    "term_performed": MediationAction(
        gettext_lazy("Term performed"), TermPerformedForm, mediation_term_performed
    ),
    "record_performed": MediationAction(
        gettext_lazy("Agreement performed"), NoInputForm, services.mediation_record_performed
    ),
    "record_not_performed": MediationAction(
        gettext_lazy("Agreement not performed"), ReasonForm, services.mediation_record_not_performed
    ),
    "follow_up": MediationAction(
        gettext_lazy("Record the follow-up"), FollowUpForm, services.mediation_follow_up
    ),
}


def action_get(name: str) -> MediationAction:
    """Return the named action; unknown names are a 404."""
    if name not in ACTIONS:
        raise Http404
    return ACTIONS[name]
