"""Transitions of a mediation request, each in a transaction with its permission check, audit and events."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.services import audit_record

from ..choices import FollowUp, MediationStatus, SessionStatus
from ..models import Booking, MediationRequest
from .common import event, require, sms_accepted, sms_lapsed


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    return reason


def _apply(
    request: MediationRequest,
    *,
    by: User | None,
    transition: str,
    reason: str = "",
    public: bool = True,
    sms: list | None = None,
    before_save: Callable[[MediationRequest], None] | None = None,
    changes: dict | None = None,
) -> MediationRequest:
    """Run one transition: check, change, save (ConcurrentTransition on a stale copy), audit, event."""
    if by is not None:
        require(by, "mediation.change_request", request)
    with transaction.atomic():
        before = request.status
        getattr(request, transition)()
        if before_save:
            before_save(request)
        request.save()
        audit_record(
            subject=request,
            action=transition,
            actor=by,
            from_status=before,
            reason=reason,
            changes=changes,
            public=public,
        )
        event(
            request=request,
            kind="mediation.transitioned",
            text=_("Mediation %(number)s: %(status)s")
            % {"number": request.tracking_number, "status": MediationStatus(request.status).label},
            actor=by,
            recipients=[request.mediator] if request.mediator_id and request.mediator != by else [],
            sms=sms or [],
            extra={"action": transition},
        )
    return request


def _cancel_open_sessions(request: MediationRequest, reason: str) -> None:
    now = timezone.now()
    open_sessions = request.sessions.filter(status=SessionStatus.SCHEDULED, start_at__gt=now)
    Booking.objects.filter(session__in=open_sessions).update(active=False)
    open_sessions.update(status=SessionStatus.CANCELLED, cancel_reason=reason[:300], updated_at=now)


def mediation_decline(*, request: MediationRequest, by: User, reason: str) -> MediationRequest:
    reason = _need_reason(reason)

    def keep(r: MediationRequest) -> None:
        r.outcome_reason = reason

    return _apply(request, by=by, transition="decline", reason=reason, before_save=keep)


def mediation_start_session(*, request: MediationRequest, by: User) -> MediationRequest:
    """Open the session now under way; the session nearest to now is marked held."""

    def hold(r: MediationRequest) -> None:
        now = timezone.now()
        current = r.sessions.filter(status=SessionStatus.SCHEDULED).order_by("start_at").first()
        if current is not None:
            current.status = SessionStatus.HELD
            current.save(update_fields=["status", "updated_at"])
        r.updated_at = now

    return _apply(request, by=by, transition="start_session", before_save=hold, public=False)


def mediation_adjourn(*, request: MediationRequest, by: User, reason: str = "") -> MediationRequest:
    """End the session without agreement; another session may be booked within the period."""
    return _apply(request, by=by, transition="adjourn", reason=(reason or "").strip())


def mediation_fail(*, request: MediationRequest, by: User, reason: str) -> MediationRequest:
    reason = _need_reason(reason)

    def keep(r: MediationRequest) -> None:
        r.outcome_reason = reason
        _cancel_open_sessions(r, reason)

    return _apply(request, by=by, transition="fail", reason=reason, before_save=keep)


def mediation_record_performed(*, request: MediationRequest, by: User) -> MediationRequest:
    return _apply(request, by=by, transition="record_performed")


def mediation_record_not_performed(*, request: MediationRequest, by: User, reason: str) -> MediationRequest:
    """The employer did not perform: the worker may apply for arbitration (第十五条)."""
    reason = _need_reason(reason)

    def keep(r: MediationRequest) -> None:
        r.outcome_reason = reason

    return _apply(request, by=by, transition="record_not_performed", reason=reason, before_save=keep)


def mediation_follow_up(
    *, request: MediationRequest, by: User, kind: str, note: str = ""
) -> MediationRequest:
    """Record the follow-up of a non-performed agreement: arbitration (第十五条) or payment order (第十六条)."""
    if kind not in FollowUp.values:
        raise ValidationError({"kind": _("Choose arbitration or a payment order.")})
    if kind == FollowUp.PAYMENT_ORDER and not set(request.matters) & {"wages", "overtime_pay", "holiday_pay"}:
        # 第十六条: a payment order is for agreements on unpaid pay only.
        raise ValidationError({"kind": _("A payment order applies to agreements on unpaid pay only.")})

    def keep(r: MediationRequest) -> None:
        r.follow_up_kind = kind
        r.follow_up_note = (note or "").strip()

    return _apply(
        request,
        by=by,
        transition="follow_up",
        reason=(note or "").strip(),
        before_save=keep,
        changes={"kind": kind},
    )


def mediation_lapse(*, request: MediationRequest) -> MediationRequest:
    """No agreement within the period (第十四条): lapse, cancel booked sessions, tell the worker by SMS."""
    reason = _("No agreement within %(days)s days of receipt; either party may apply for arbitration.") % {
        "days": (request.deadline - timezone.localtime(request.received_at).date()).days
    }

    def keep(r: MediationRequest) -> None:
        r.outcome_reason = reason
        _cancel_open_sessions(r, reason)

    return _apply(
        request,
        by=None,
        transition="lapse",
        reason=reason,
        sms=[(request.applicant_mobile, sms_lapsed(request))],
        before_save=keep,
    )


def mediation_accept(*, request: MediationRequest, by: User, mediator=None) -> MediationRequest:
    """Accept a request (the accepting mediator takes it) and tell the worker the period by SMS."""
    mediator = mediator or (by if getattr(by, "role", "") == "mediator" else None)

    def assign(r: MediationRequest) -> None:
        if mediator is not None and r.mediator_id is None:
            r.mediator = mediator

    return _apply(
        request,
        by=by,
        transition="accept",
        before_save=assign,
        sms=[(request.applicant_mobile, sms_accepted(request))],
    )
