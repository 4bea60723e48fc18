"""Every staff transition of a case: permission, required fields, the transition, audit, notice, events.

Each service runs in one transaction: lock the row and check it is still in the state the caller saw
(else ConcurrentTransition → 409), check the state (TransitionNotAllowed → 409), the permission
(PermissionDenied → 403), the legal conditions and required fields (ValidationError → 400), then
change, save, audit, issue the written notice and record the event (SMS to the worker where the
worker should hear of it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import TransitionNotAllowed, can_proceed

from core.concurrency import lock_for_change as core_lock_for_change
from core.models import User
from core.services import audit_record
from documents.services import document_audit_changes
from notifications.services import event_record

from .. import case_states, deadlines
from ..choices import DecisionKind, NoticeKind, ReferralKind
from ..models import CaseOutcome, Complaint, Decision, Payment
from ..notices import notice_issue
from .events import case_event_payload, case_groups

TRACKED_FIELDS = (
    "status",
    "accepted_on",
    "acceptance_due",
    "investigation_due",
    "extended",
    "order_due",
    "closed_at",
    "next_deadline",
    "employer_id",
    "district_id",
    "transfer_to_id",
    "merged_into_id",
    "supervision_due",
)

# Conditions of case_states.py, explained to the user when one does not hold.
CONDITION_MESSAGES: dict[Callable, str | Promise] = {
    case_states.within_limitation: _(
        "The violation is more than two years old (Regulations on Labour Security Supervision, art. 20): "
        "decide not to accept instead."
    ),
    case_states.employer_identified: _(
        "The employer is not identified yet: identify it, or ask the worker for more material."
    ),
    case_states.in_jurisdiction: _("The workplace is not in our jurisdiction: refer the complaint instead."),
    case_states.no_transfer_pending: _(
        "A transfer to another district office is waiting for its answer: that office decides now."
    ),
    case_states.has_two_inspectors: _(
        "An investigation needs at least two inspectors (art. 15): assign a second inspector first."
    ),
    case_states.not_yet_extended: _("The investigation deadline can be extended only once (art. 17)."),
    case_states.order_deadline_passed: _("The order's due date has not passed yet."),
    case_states.surcharge_not_yet_ordered: _("A surcharge has already been ordered in this case."),
    case_states.police_transfer_possible: _(
        "The amounts still unpaid do not reach the criminal thresholds, or the case was already transferred."
    ),
    case_states.blacklist_proposal_possible: _("The employer has already been proposed for the blacklist."),
}

# What the worker is told by SMS (no ID numbers, no amounts beyond what the notice says).
SMS_TEXTS = {
    "accept": _(
        "Your complaint %(number)s has been accepted and a case opened. Track it with your access code."
    ),
    "decline": _("Your complaint %(number)s was not accepted. The written notice is on the tracking page."),
    "refer": _("Your complaint %(number)s has been referred elsewhere. See the notice on the tracking page."),
    "request_supplement": _(
        "Your complaint %(number)s needs more material. Please add it on the tracking page."
    ),
    "issue_order": _("In case %(number)s the employer has been ordered to pay by a deadline."),
    "close": _("Case %(number)s is closed. The closing notice is on the tracking page."),
    "transfer_accept": _(
        "Your complaint %(number)s was transferred to %(office)s, which has jurisdiction over the workplace. "
        "Your tracking number and access code still work."
    ),
    "merge": _(
        "Your complaint %(number)s is handled together with case %(into)s about the same matter, and your "
        "evidence was added to it. Follow it on the tracking page with your own number and access code."
    ),
}


@dataclass(frozen=True)
class PaymentLine:
    worker_name: str
    amount: Decimal


def _snapshot(complaint: Complaint) -> dict:
    return {f: getattr(complaint, f) for f in TRACKED_FIELDS}


def _json(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _diff(before: dict, after: dict) -> dict:
    return {f: [_json(before[f]), _json(after[f])] for f in TRACKED_FIELDS if before[f] != after[f]}


def lock_for_change(complaint: Complaint) -> Complaint:
    """Lock the case row and check nobody changed its state since the caller fetched it."""
    # A transfer sent or answered meanwhile changes who may act, as a change of state does.
    return core_lock_for_change(
        complaint,
        seen={"status": complaint.status, "transfer_to_id": complaint.transfer_to_id},
        related=("district", "employer"),
    )


def transition_check(complaint: Complaint, by: User, action: str, *, conditions: bool = True) -> None:
    """Raise TransitionNotAllowed (409), PermissionDenied (403) or ValidationError (400) for an action."""
    method = getattr(complaint, action)
    if not can_proceed(method, check_conditions=False):
        raise TransitionNotAllowed(
            gettext("This action is not allowed in the current state. Reload to see what can be done now."),
            object=complaint,
            method=method,
        )
    # can_proceed found it: the transition from this state, in django-fsm's public listing.
    transition = next(
        t
        for t in complaint.get_all_status_transitions()
        if t.name == action and t.source in (complaint.status, "*", "+")
    )
    if not transition.has_perm(complaint, by):
        raise PermissionDenied(gettext("You may not take this action on this case."))
    if conditions:
        failed = [c for c in transition.conditions if not c(complaint)]
        if failed:
            raise ValidationError([str(CONDITION_MESSAGES.get(c, c.__doc__ or c.__name__)) for c in failed])


def blocked_reasons(complaint: Complaint, by: User, action: str) -> list[str]:
    """Return why an action the user could otherwise take is blocked now (for the workbench)."""
    try:
        transition_check(complaint, by, action)
    except ValidationError as exc:
        return list(exc.messages)
    except (TransitionNotAllowed, PermissionDenied):
        return []
    return []


def _require(**fields) -> None:
    errors = {
        name: gettext("This field is required.") for name, value in fields.items() if value in (None, "", [])
    }
    if errors:
        raise ValidationError(errors)


def _sms(complaint: Complaint, action: str) -> list[tuple[str, str]]:
    text = SMS_TEXTS.get(action)
    if not text or not complaint.complainant_mobile:
        return []
    into = complaint.merged_into
    with translation.override(settings.LANGUAGE_CODE):
        body = str(text) % {
            "number": complaint.tracking_number,
            "office": complaint.district.name,
            "into": into.tracking_number if into is not None else "",
        }
    return [(complaint.complainant_mobile, body)]


def _run(
    *,
    complaint: Complaint,
    by: User,
    action: str,
    apply: Callable[[Complaint], dict | None],
    reason: str = "",
    public: bool = False,
    notice: str | None = None,
    notice_details: Callable[[Complaint], dict] | None = None,
    event_kind: str = "case.transitioned",
    event_text: Callable[[Complaint], str] | None = None,
    extra_groups: Callable[[Complaint], list[str]] | None = None,
    extra_recipients: Callable[[Complaint], list[User]] | None = None,
) -> Complaint:
    """Run one staff transition with everything around it (see the module docstring).

    The event is a ``case.transitioned`` to the case's district, its page and its inspectors unless
    the caller names another kind, text, groups (e.g. the office a case is transferred to) or recipients.
    """
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        transition_check(fresh, by, action)
        before = _snapshot(fresh)
        extra = apply(fresh) or {}
        deadlines.update_next_deadline(fresh)
        fresh.save()
        changes = _diff(before, _snapshot(fresh)) | extra
        if notice:
            details = {"reason": reason} | (notice_details(fresh) if notice_details else {})
            issued = notice_issue(complaint=fresh, kind=notice, by=by, details=details)
            changes |= {"notice_id": issued.pk}
            if issued.document is not None:
                changes |= document_audit_changes(issued.document)
        audit_record(
            subject=fresh,
            action=action,
            actor=by,
            from_status=before["status"],
            to_status=fresh.status,
            reason=reason,
            changes=changes,
            public=public,
        )
        assigned = list(fresh.inspectors.exclude(pk=getattr(by, "pk", None)))
        assigned += [u for u in (extra_recipients(fresh) if extra_recipients else []) if u.pk != by.pk]
        with translation.override(settings.LANGUAGE_CODE):
            text = (
                event_text(fresh)
                if event_text
                else gettext("%(number)s: %(status)s")
                % {"number": fresh.tracking_number, "status": fresh.get_status_display()}
            )
        event_record(
            kind=event_kind,
            text=text,
            payload=case_event_payload(fresh, actor=by, action=action, from_status=before["status"]),
            groups=case_groups(fresh)
            + (extra_groups(fresh) if extra_groups else [])
            + [f"user-{u.pk}" for u in assigned],
            recipients=assigned,
            sms=_sms(fresh, action),
        )
    return fresh


# --- intake decisions -------------------------------------------------------------------------


def complaint_accept(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """Accept the complaint and open the case (立案) today; the 60-working-day clock starts."""

    def apply(c: Complaint) -> None:
        c.accept()
        deadlines.set_investigation_due(c)

    return _run(
        complaint=complaint,
        by=by,
        action="accept",
        apply=apply,
        reason=note,
        public=True,
        notice=NoticeKind.ACCEPTED,
    )


def complaint_decline(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Decide not to accept (不予受理), with the reason the worker will read."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> None:
        c.decline()
        Decision.objects.create(complaint=c, kind=DecisionKind.NOT_ACCEPTED, reason=reason, decided_by=by)

    return _run(
        complaint=complaint,
        by=by,
        action="decline",
        apply=apply,
        reason=reason,
        public=True,
        notice=NoticeKind.NOT_ACCEPTED,
    )


def complaint_refer(
    *, complaint: Complaint, by: User, reason: str, referral_kind: str, referred_to: str = ""
) -> Complaint:
    """Refer the complaint: another bureau, another department, or mediation/arbitration for a private dispute.

    The mediation app's one-click "refer to mediation" calls this with referral_kind="mediation".
    """
    _require(reason=(reason or "").strip(), referral_kind=referral_kind)
    if referral_kind not in ReferralKind.values:
        raise ValidationError({"referral_kind": gettext("Choose where the complaint is referred to.")})
    if referral_kind in (ReferralKind.OTHER_BUREAU, ReferralKind.OTHER_DEPARTMENT):
        _require(referred_to=(referred_to or "").strip())

    def apply(c: Complaint) -> dict:
        c.refer()
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.REFERRAL,
            reason=reason,
            referral_kind=referral_kind,
            referred_to=referred_to,
            decided_by=by,
        )
        return {"referral_kind": referral_kind, "referred_to": referred_to}

    def details(c: Complaint) -> dict:
        return {"referred_to": referred_to, "referral_label": str(ReferralKind(referral_kind).label)}

    return _run(
        complaint=complaint,
        by=by,
        action="refer",
        apply=apply,
        reason=reason,
        public=True,
        notice=NoticeKind.REFERRED,
        notice_details=details,
    )


def _supplement_details(complaint: Complaint) -> dict:
    """The notice names the day by which the material is needed (the decision's due date)."""
    decision = complaint.decisions.filter(kind=DecisionKind.SUPPLEMENT).last()
    return {"due": decision.due_date if decision else None}


def complaint_request_supplement(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Ask the worker for missing material (补正); the acceptance clock stops until it arrives."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> None:
        c.request_supplement()
        due = deadlines.supplement_due_from(timezone.localdate()).date
        Decision.objects.create(
            complaint=c, kind=DecisionKind.SUPPLEMENT, reason=reason, decided_by=by, due_date=due
        )

    return _run(
        complaint=complaint,
        by=by,
        action="request_supplement",
        apply=apply,
        reason=reason,
        public=True,
        notice=NoticeKind.SUPPLEMENT,
        notice_details=_supplement_details,
    )


def complaint_identify_employer(
    *, complaint: Complaint, by: User, name: str, credit_code: str = "", address: str = ""
) -> Complaint:
    """Identify the employer a worker named (若干规定 第十八条 (二)), finding or creating it; no state change."""
    from core.services import employer_find_or_create

    _require(name=(name or "").strip())
    with transaction.atomic():
        fresh = lock_for_change(complaint)
        if fresh.status not in IDENTIFIABLE_STATUSES:
            raise TransitionNotAllowed(
                gettext("The employer can only be identified before the complaint is decided."), object=fresh
            )
        if not by.has_perm("complaints.identify_employer", fresh):
            raise PermissionDenied(gettext("You may not take this action on this case."))
        employer, created = employer_find_or_create(
            name=name, credit_code=(credit_code or "").strip(), address=address, district=fresh.district
        )
        before = _snapshot(fresh)
        fresh.employer = employer
        fresh.save(update_fields=["employer", "updated_at"])
        audit_record(
            subject=fresh,
            action="identify_employer",
            actor=by,
            from_status=fresh.status,
            to_status=fresh.status,
            changes=_diff(before, _snapshot(fresh))
            | {"employer": str(employer), "employer_created": created},
        )
        event_record(
            kind="case.transitioned",
            text=f"{fresh.tracking_number}: {employer}",
            payload=case_event_payload(fresh, actor=by, action="identify_employer", from_status=fresh.status),
            groups=case_groups(fresh),
        )
    return fresh


IDENTIFIABLE_STATUSES = ("received", "needs_supplement")


# --- investigation ----------------------------------------------------------------------------


def complaint_start_investigation(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """Start the investigation (needs two assigned inspectors: 第十五条)."""
    return _run(
        complaint=complaint,
        by=by,
        action="start_investigation",
        apply=lambda c: c.start_investigation(),
        reason=note,
        public=True,
    )


def complaint_extend_deadline(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Extend the investigation by 30 working days, once, approved by a manager (第十七条)."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> None:
        c.extend_deadline()
        deadlines.set_investigation_due(c)
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.EXTENSION,
            reason=reason,
            due_date=c.investigation_due,
            decided_by=by,
        )

    return _run(complaint=complaint, by=by, action="extend_deadline", apply=apply, reason=reason, public=True)


def complaint_issue_order(
    *, complaint: Complaint, by: User, due_date: datetime.date | None, amount: Decimal | None, reason: str
) -> Complaint:
    """Order the employer to pay / correct by a due date (责令限期支付/改正)."""
    _require(due_date=due_date, amount=amount, reason=(reason or "").strip())
    assert due_date is not None and amount is not None  # _require refused them missing
    if due_date <= timezone.localdate():
        raise ValidationError({"due_date": gettext("The due date must be after today.")})
    if amount <= 0 or amount > settings.WAGEWATCH["MAX_AMOUNT"]:
        raise ValidationError({"amount": gettext("Enter the amount the employer must pay.")})

    def apply(c: Complaint) -> dict:
        c.issue_order()
        c.order_due = due_date
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.ORDER,
            reason=reason,
            amount=amount,
            due_date=due_date,
            decided_by=by,
        )
        return {"amount": str(amount)}

    return _run(
        complaint=complaint,
        by=by,
        action="issue_order",
        apply=apply,
        reason=reason,
        public=True,
        notice=NoticeKind.ORDER,
        notice_details=lambda c: {"amount": amount},
    )


def _payment_lines(payments: Sequence) -> list[PaymentLine]:
    lines = []
    for item in payments or []:
        if isinstance(item, PaymentLine):
            lines.append(item)
        else:
            lines.append(PaymentLine(str(item["worker_name"]).strip(), Decimal(str(item["amount"]))))
    if not lines:
        raise ValidationError({"payments": gettext("Record what each worker was paid.")})
    for line in lines:
        if not line.worker_name or line.amount <= 0 or line.amount > settings.WAGEWATCH["MAX_AMOUNT"]:
            raise ValidationError(
                {"payments": gettext("Each payment needs a worker and an amount above zero.")}
            )
    return lines


def _record_payments(c: Complaint, by: User, lines: list[PaymentLine], paid_on: datetime.date | None) -> dict:
    Payment.objects.bulk_create(
        [
            Payment(
                complaint=c,
                worker_name=line.worker_name,
                amount=line.amount,
                paid_on=paid_on or timezone.localdate(),
                recorded_by=by,
            )
            for line in lines
        ]
    )
    total = sum((line.amount for line in lines), Decimal("0"))
    return {"payments": len(lines), "amount_paid": str(total)}


def complaint_record_compliance(
    *,
    complaint: Complaint,
    by: User,
    payments: Sequence,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> Complaint:
    """Record that the employer complied with the order, with the amount paid to each worker."""
    lines = _payment_lines(payments)

    def apply(c: Complaint) -> dict:
        c.record_compliance()
        return _record_payments(c, by, lines, paid_on)

    return _run(complaint=complaint, by=by, action="record_compliance", apply=apply, reason=note, public=True)


def complaint_record_non_compliance(*, complaint: Complaint, by: User, note: str = "") -> Complaint:
    """Record that the order's deadline passed without payment."""
    return _run(
        complaint=complaint,
        by=by,
        action="record_non_compliance",
        apply=lambda c: c.record_non_compliance(),
        reason=note,
        public=True,
    )


def complaint_order_surcharge(
    *, complaint: Complaint, by: User, rate_percent: int | None, reason: str
) -> Complaint:
    """Order the employer to pay an extra 50%–100% of the amount owed (劳动合同法 第八十五条)."""
    _require(rate_percent=rate_percent, reason=(reason or "").strip())
    assert rate_percent is not None  # _require refused it missing
    if not 50 <= int(rate_percent) <= 100:
        raise ValidationError({"rate_percent": gettext("The surcharge is between 50% and 100%.")})

    def apply(c: Complaint) -> dict:
        c.order_surcharge()
        base = case_states.amount_outstanding(c)
        amount = (base * Decimal(int(rate_percent)) / 100).quantize(Decimal("0.01"))
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.SURCHARGE,
            reason=reason,
            rate_percent=rate_percent,
            amount=amount,
            decided_by=by,
        )
        return {"rate_percent": int(rate_percent), "amount": str(amount)}

    return _run(complaint=complaint, by=by, action="order_surcharge", apply=apply, reason=reason, public=True)


def complaint_decide_penalty(
    *, complaint: Complaint, by: User, amount: Decimal | None, reason: str
) -> Complaint:
    """Record an administrative penalty decision, taken after the employer was heard (第十九条)."""
    _require(amount=amount, reason=(reason or "").strip())
    assert amount is not None  # _require refused it missing
    if amount <= 0 or amount > settings.WAGEWATCH["MAX_AMOUNT"]:
        raise ValidationError({"amount": gettext("Enter the penalty amount.")})

    def apply(c: Complaint) -> dict:
        c.decide_penalty()
        Decision.objects.create(
            complaint=c, kind=DecisionKind.PENALTY, reason=reason, amount=amount, decided_by=by
        )
        return {"amount": str(amount)}

    return _run(complaint=complaint, by=by, action="decide_penalty", apply=apply, reason=reason)


def complaint_transfer_to_police(
    *, complaint: Complaint, by: User, reason: str, referred_to: str = ""
) -> Complaint:
    """Transfer the case to the police (拒不支付劳动报酬罪), approved by a manager."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> dict:
        c.transfer_to_police()
        outstanding = case_states.amount_outstanding(c)
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.POLICE_TRANSFER,
            reason=reason,
            amount=outstanding,
            referred_to=referred_to,
            decided_by=by,
        )
        return {"amount_outstanding": str(outstanding)}

    return _run(
        complaint=complaint, by=by, action="transfer_to_police", apply=apply, reason=reason, public=True
    )


def complaint_propose_blacklist(
    *, complaint: Complaint, by: User, reason: str, mass_incident: bool = False
) -> Complaint:
    """Propose the employer for the arrears blacklist (保障农民工工资支付条例 第四十八条)."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> dict:
        if not (case_states.criminal_threshold_met(c) or mass_incident):
            raise ValidationError(
                gettext(
                    "A blacklist proposal needs arrears at the criminal threshold, or a mass or extreme "
                    "incident caused by the arrears."
                )
            )
        c.propose_blacklist()
        Decision.objects.create(
            complaint=c,
            kind=DecisionKind.BLACKLIST,
            reason=reason,
            amount=case_states.amount_outstanding(c),
            decided_by=by,
        )
        return {"mass_incident": bool(mass_incident), "years": settings.WAGEWATCH["BLACKLIST_YEARS"]}

    return _run(complaint=complaint, by=by, action="propose_blacklist", apply=apply, reason=reason)


def complaint_resolve(
    *,
    complaint: Complaint,
    by: User,
    payments: Sequence,
    paid_on: datetime.date | None = None,
    note: str = "",
) -> Complaint:
    """Record that the employer paid during the investigation."""
    lines = _payment_lines(payments)

    def apply(c: Complaint) -> dict:
        c.resolve()
        return _record_payments(c, by, lines, paid_on)

    return _run(complaint=complaint, by=by, action="resolve", apply=apply, reason=note, public=True)


def complaint_withdraw_case(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Withdraw the case (撤销立案): the violation was minor and is already corrected."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> None:
        c.withdraw_case()
        Decision.objects.create(complaint=c, kind=DecisionKind.WITHDRAWAL, reason=reason, decided_by=by)

    return _run(complaint=complaint, by=by, action="withdraw_case", apply=apply, reason=reason, public=True)


def complaint_close(
    *,
    complaint: Complaint,
    by: User,
    summary: str,
    wages_recovered: Decimal | None = None,
    workers_paid: int | None = None,
    penalties: Decimal | None = None,
) -> Complaint:
    """Close the case with its outcome and send the closing notice (结案)."""
    _require(summary=(summary or "").strip())

    def apply(c: Complaint) -> dict:
        c.close()
        paid = [p for p in c.payments.all()]
        recovered = (
            wages_recovered if wages_recovered is not None else sum((p.amount for p in paid), Decimal("0"))
        )
        workers = workers_paid if workers_paid is not None else len({p.worker_name for p in paid})
        fines = penalties
        if fines is None:
            fines = sum(
                (d.amount or Decimal("0") for d in c.decisions.filter(kind=DecisionKind.PENALTY)),
                Decimal("0"),
            )
        CaseOutcome.objects.update_or_create(
            complaint=c,
            defaults={
                "wages_recovered": recovered,
                "workers_paid": workers,
                "penalties": fines,
                "summary": summary,
                "closed_by": by,
                "closed_at": timezone.now(),
            },
        )
        return {"wages_recovered": str(recovered), "workers_paid": workers, "penalties": str(fines)}

    def details(c: Complaint) -> dict:
        outcome = c.outcome
        return {
            "wages_recovered": outcome.wages_recovered,
            "workers_paid": outcome.workers_paid,
            "summary": summary,
        }

    return _run(
        complaint=complaint,
        by=by,
        action="close",
        apply=apply,
        reason=summary,
        public=True,
        notice=NoticeKind.CLOSED,
        notice_details=details,
    )


def complaint_reopen(*, complaint: Complaint, by: User, reason: str) -> Complaint:
    """Reopen a closed case (manager, with a reason); the investigation continues."""
    _require(reason=(reason or "").strip())

    def apply(c: Complaint) -> None:
        c.reopen()
        Decision.objects.create(complaint=c, kind=DecisionKind.REOPEN, reason=reason, decided_by=by)

    return _run(complaint=complaint, by=by, action="reopen", apply=apply, reason=reason, public=True)


# The staff transitions by name: the API and the workbench dispatch through this table.
SERVICES: dict[str, Callable[..., Complaint]] = {
    "accept": complaint_accept,
    "request_supplement": complaint_request_supplement,
    "decline": complaint_decline,
    "refer": complaint_refer,
    "start_investigation": complaint_start_investigation,
    "extend_deadline": complaint_extend_deadline,
    "issue_order": complaint_issue_order,
    "record_compliance": complaint_record_compliance,
    "record_non_compliance": complaint_record_non_compliance,
    "order_surcharge": complaint_order_surcharge,
    "decide_penalty": complaint_decide_penalty,
    "transfer_to_police": complaint_transfer_to_police,
    "propose_blacklist": complaint_propose_blacklist,
    "resolve": complaint_resolve,
    "withdraw_case": complaint_withdraw_case,
    "close": complaint_close,
    "reopen": complaint_reopen,
}
