"""The mediation agreement (调解协议书): its terms, the PDF, and performance against the due dates."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from core.models import User
from core.services import audit_record

from ..choices import MediationStatus
from ..models import AgreementTerm, MediationRequest
from .common import event, require
from .request_transitions import _apply


def _clean_terms(terms: list[dict]) -> list[dict]:
    if not terms:
        raise ValidationError({"terms": _("An agreement needs at least one term.")})
    out = []
    today = timezone.localdate()
    for i, term in enumerate(terms, start=1):
        description = (term.get("description") or "").strip()
        due = term.get("due_date")
        if isinstance(due, str):
            try:
                due = datetime.date.fromisoformat(due)
            except ValueError:
                due = None
        amount = term.get("amount")
        if amount not in (None, ""):
            try:
                amount = Decimal(str(amount))
                if amount < 0 or amount > settings.WAGEWATCH["MAX_AMOUNT"]:
                    raise InvalidOperation
            except (InvalidOperation, ValueError):
                raise ValidationError(
                    {"terms": _("Term %(n)s: enter the amount in yuan.") % {"n": i}}
                ) from None
        else:
            amount = None
        if not description:
            raise ValidationError({"terms": _("Term %(n)s: say what is to be done.") % {"n": i}})
        if not isinstance(due, datetime.date) or due < today:
            raise ValidationError({"terms": _("Term %(n)s: give a due date from today on.") % {"n": i}})
        out.append({"position": i, "description": description[:300], "amount": amount, "due_date": due})
    return out


def mediation_reach_agreement(
    *, request: MediationRequest, by: User, terms: list[dict], notes: str = ""
) -> MediationRequest:
    """Record the agreement with its terms and store the agreement PDF with the request."""
    from documents.services import document_audit_changes

    from ..pdf import agreement_issue

    clean = _clean_terms(terms)
    if by is not None:
        require(by, "mediation.change_request", request)
    if not can_proceed(request.reach_agreement):
        # Refuse with the transition's own error before a document number is taken or a file written.
        return _apply(request, by=by, transition="reach_agreement")
    with transaction.atomic():
        request.agreement_notes = (notes or "").strip()
        # Render from the rows just written: the request may come from a selector that prefetched
        # its (then empty) terms, and request.terms.all() would answer from that stale cache.
        created = AgreementTerm.objects.bulk_create([AgreementTerm(request=request, **t) for t in clean])
        document = agreement_issue(request, terms=created, by=by)

        def keep(r: MediationRequest) -> None:
            r.agreement_notes = (notes or "").strip()
            r.agreement_pdf.name = document.file.name  # the one stored copy, served as issued

        total = str(sum((t["amount"] or 0) for t in clean))
        request = _apply(
            request,
            by=by,
            transition="reach_agreement",
            before_save=keep,
            changes={"terms": len(clean), "total": total} | document_audit_changes(document),
        )
    return request


def term_record_performed(
    *, term: AgreementTerm, by: User, performed_on: datetime.date | None = None
) -> AgreementTerm:
    """Record that one term was performed; when all are, the agreement is recorded as performed."""
    request = term.request
    require(by, "mediation.change_request", request)
    performed_on = performed_on or timezone.localdate()
    if performed_on > timezone.localdate():
        raise ValidationError({"performed_on": _("The date cannot be in the future.")})
    if request.status != MediationStatus.AGREEMENT_REACHED:
        from django_fsm import TransitionNotAllowed

        raise TransitionNotAllowed(_("The agreement is no longer open."))
    with transaction.atomic():
        term = AgreementTerm.objects.select_for_update().get(pk=term.pk)
        if term.performed_on is not None:
            return term
        term.performed_on = performed_on
        term.save(update_fields=["performed_on"])
        audit_record(
            subject=request,
            action="term_performed",
            actor=by,
            from_status=request.status,
            changes={"term": term.position, "performed_on": performed_on.isoformat()},
            public=True,
        )
        event(
            request=request,
            kind="mediation.term_performed",
            text=_("Agreement %(number)s: term %(n)s performed")
            % {"number": request.tracking_number, "n": term.position},
            actor=by,
            extra={"term_id": term.pk},
        )
        if not request.terms.filter(performed_on__isnull=True).exists():
            from .request_transitions import mediation_record_performed

            mediation_record_performed(request=request, by=by)
    return term
