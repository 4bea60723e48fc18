"""Helpers every mediation service shares: permission checks, events and SMS texts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from notifications.services import event_record

from ..choices import MediationStatus
from ..models import MediationRequest, MediationSession


def require(user, perm: str, obj=None) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this for this mediation request."))


def event(
    *,
    request: MediationRequest,
    kind: str,
    text: str,
    actor=None,
    recipients=(),
    sms=(),
    extra: dict | None = None,
):
    """Record a mediation.* event for the request's groups (no ID numbers or phones in the payload)."""
    payload = {
        "mediation_id": request.pk,
        "tracking_number": request.tracking_number,
        "status": request.status,
        "status_label": str(MediationStatus(request.status).label),
        "district_id": request.district_id,
        "deadline": request.deadline.isoformat(),
        "actor_id": getattr(actor, "pk", None),
        **(extra or {}),
    }
    return event_record(
        kind=kind,
        text=text,
        payload=payload,
        groups=[f"mediation-{request.pk}", f"district-{request.district_id}"],
        recipients=[r for r in recipients if r is not None],
        sms=[(to, body) for to, body in sms if to],
    )


def in_chinese(fn):
    """Compose an SMS in the site language (Chinese), whatever the language of the current request."""

    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return fn(*args, **kwargs)

    return wrapper


def _when(session: MediationSession) -> str:
    start = timezone.localtime(session.start_at)
    end = timezone.localtime(session.end_at)
    return f"{formats.date_format(start, 'Y-m-d')} {start:%H:%M}–{end:%H:%M}"


def _place(session: MediationSession) -> str:
    if session.remote or session.room is None:
        return _("remote (the mediator will call you)")
    location = f"（{session.room.location}）" if session.room.location else ""
    return f"{session.room.name}{location}"


@in_chinese
def sms_accepted(request: MediationRequest) -> str:
    return _(
        "[Wagewatch] Your mediation request %(number)s has been accepted. The mediation period ends on "
        "%(deadline)s. We will send you the time of the session."
    ) % {"number": request.tracking_number, "deadline": request.deadline.isoformat()}


@in_chinese
def sms_scheduled(request: MediationRequest, session: MediationSession) -> str:
    return _(
        "[Wagewatch] Mediation session for %(number)s: %(when)s, %(place)s. Please bring your evidence."
    ) % {
        "number": request.tracking_number,
        "when": _when(session),
        "place": _place(session),
    }


@in_chinese
def sms_reminder(request: MediationRequest, session: MediationSession) -> str:
    return _("[Wagewatch] Reminder: mediation session for %(number)s at %(when)s, %(place)s.") % {
        "number": request.tracking_number,
        "when": _when(session),
        "place": _place(session),
    }


@in_chinese
def sms_lapsed(request: MediationRequest) -> str:
    return _(
        "[Wagewatch] No mediation agreement was reached for %(number)s within %(days)s days of receipt. "
        "You may now apply to the labour dispute arbitration commission (劳动争议调解仲裁法 第十四条)."
    ) % {"number": request.tracking_number, "days": settings.WAGEWATCH["MEDIATION_CALENDAR_DAYS"]}


def party_sms(request: MediationRequest, body: str) -> list[tuple[str, str]]:
    """Return the SMS list for both parties (the worker and the employer's contact, when known)."""
    return [(request.applicant_mobile, body), (request.employer_contact_mobile, body)]
