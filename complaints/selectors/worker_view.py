"""What a worker sees of their own case: found by tracking number + access code, never more."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..case_states import WORKER_WITHDRAWABLE
from ..choices import OPEN_STATUSES, CaseStatus, ComplaintKind, DecisionKind, NoticeKind
from ..deadlines import supplement_due_from
from ..models import AuditEntry, Complaint, Evidence, Notice
from ..tracking_codes import access_code_matches, hash_access_code

COMPLAINT_NUMBER = re.compile(r"^\d{4}-\d{4}-\d{6}$")
# Computed for unknown numbers so that they cost the same as a wrong code.
_DUMMY_HASH = hash_access_code("WRONGWRONGWR")


def complaint_track(tracking_number: str, access_code: str) -> Complaint | None:
    """Return the complaint when the number exists and the code is right; None alike otherwise."""
    complaint = (
        Complaint.objects.select_related("district", "employer")
        .filter(tracking_number=tracking_number[:20])
        .first()
    )
    ok = access_code_matches(access_code or "", complaint.access_code_hash if complaint else _DUMMY_HASH)
    return complaint if complaint is not None and ok else None


def complaint_get_by_number(tracking_number: str) -> Complaint | None:
    """Fetch a complaint whose access code this session has already proved."""
    return (
        Complaint.objects.select_related("district", "employer")
        .filter(tracking_number=tracking_number)
        .first()
    )


def _plain_clue(entry: AuditEntry) -> str | None:
    """The lines of a clue's timeline that differ from a complaint's: a clue is never called 投诉."""
    by_action = {
        "received": _("We received your clue."),
        "withdrawn": _("You withdrew the clue."),
    }
    if entry.action in by_action:
        return by_action[entry.action]
    by_status: dict[str, str] = {
        CaseStatus.RECEIVED: _("Your clue is waiting for the bureau's decision."),
        CaseStatus.NEEDS_SUPPLEMENT: _(
            "The bureau needs more material from you before it can act on the clue."
        ),
        CaseStatus.ACCEPTED: _("The bureau opened a case on your clue."),
        CaseStatus.NOT_ACCEPTED: _("The bureau decided not to open a case on the clue."),
        CaseStatus.REFERRED: _("The clue was referred to the body that can handle it."),
        CaseStatus.WITHDRAWN: _("The clue was withdrawn."),
    }
    if entry.to_status and entry.to_status != entry.from_status and entry.to_status in by_status:
        return by_status[entry.to_status]
    return None


# Plain-language lines for the worker's timeline, by audit action or by the state reached.
def _plain(entry: AuditEntry, *, clue: bool = False) -> str:
    if clue and (line := _plain_clue(entry)) is not None:
        return line
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    files = changes.get("files") or 0
    offices = {"from": changes.get("from_district") or "", "to": changes.get("to_district") or ""}
    by_action = {
        "received": _("We received your complaint."),
        "evidence_added": _("You added %(n)d file(s).") % {"n": files},
        "supplement_received": _(
            "Your additional material arrived; the 5-working-day acceptance period starts again."
        ),
        "withdrawn": _("You withdrew the complaint."),
        "access_code_reissued": _(
            "A new access code was sent to your mobile by SMS; the old one no longer works."
        ),
        # 劳动保障监察条例 第十三条: jurisdiction follows the workplace.
        "transfer": _(
            "%(from)s is transferring your complaint to %(to)s, which has jurisdiction over the workplace."
        )
        % offices,
        "transfer_accept": _(
            "%(to)s received your complaint; the 5-working-day acceptance period counts from this receipt."
        )
        % offices,
        "transfer_return": _("The transfer did not go ahead; %(from)s continues to handle your complaint.")
        % offices,
        "merge": _(
            "Your complaint is handled together with case %(into)s about the same matter; your evidence "
            "was added to it."
        )
        % {"into": changes.get("merged_into") or ""},
    }
    if entry.action in by_action:
        return by_action[entry.action]
    by_status: dict[str, str] = {
        CaseStatus.RECEIVED: _("Your complaint is waiting for a decision on acceptance."),
        CaseStatus.NEEDS_SUPPLEMENT: _(
            "The bureau needs more material from you before it can accept the complaint."
        ),
        CaseStatus.ACCEPTED: _("Your complaint was accepted and a case was opened."),
        CaseStatus.INVESTIGATING: _("Inspectors are investigating the employer."),
        CaseStatus.ORDERED: _("The employer was ordered to pay by a deadline."),
        CaseStatus.COMPLIED: _("The employer complied with the order."),
        CaseStatus.NOT_COMPLIED: _(
            "The employer did not comply with the order; the bureau is taking further steps."
        ),
        CaseStatus.RESOLVED: _("The matter was resolved during the investigation."),
        CaseStatus.CASE_WITHDRAWN: _(
            "The case was withdrawn because the employer corrected a minor violation."
        ),
        CaseStatus.NOT_ACCEPTED: _("The bureau decided not to accept the complaint."),
        CaseStatus.REFERRED: _("The complaint was referred to the body that can handle it."),
        CaseStatus.CLOSED: _("The case was closed."),
        CaseStatus.WITHDRAWN: _("The complaint was withdrawn."),
    }
    if entry.to_status and entry.to_status != entry.from_status and entry.to_status in by_status:
        return by_status[entry.to_status]
    return _("The case was updated.")


# Staff reasons the worker does not read (a dispute between offices stays between them).
INTERNAL_REASONS = frozenset({"transfer_return"})


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    text: str
    reason: str
    status: str
    status_label: str
    is_decision: bool


@dataclass(frozen=True)
class NextDeadline:
    date: datetime.date
    provisional: bool
    label: str


def _status_label(status: str, *, clue: bool) -> str:
    if status not in CaseStatus.values:
        return ""
    if clue and status == CaseStatus.WITHDRAWN:  # the label names the complainant (投诉人)
        return pgettext("clue status", "Withdrawn")
    return str(CaseStatus(status).label)


def complaint_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """Return the public audit rows as plain-language entries, oldest first."""
    entries = []
    clue = complaint.kind == ComplaintKind.CLUE
    for row in complaint.audit.filter(public=True).order_by("at", "id"):
        status = row.to_status or ""
        shown = row.actor_kind != "worker" and row.action not in INTERNAL_REASONS
        entries.append(
            TimelineEntry(
                at=row.at,
                text=_plain(row, clue=clue),
                reason=row.reason if shown else "",
                status=status,
                status_label=_status_label(status, clue=clue),
                is_decision=bool(row.reason) and shown,
            )
        )
    return entries


def complaint_supplement_request(complaint: Complaint) -> tuple[str, NextDeadline] | None:
    """Return what the bureau asked for and by when, while the case waits for the worker's material."""
    if complaint.status != CaseStatus.NEEDS_SUPPLEMENT:
        return None
    decision = complaint.decisions.filter(kind=DecisionKind.SUPPLEMENT).order_by("decided_at", "id").last()
    if decision is None:
        return None
    if decision.due_date is not None:
        due, provisional = decision.due_date, False
    else:  # asked before the due date was recorded: the same rule, from the day of the request
        result = supplement_due_from(timezone.localdate(decision.decided_at))
        due, provisional = result.date, result.provisional
    return decision.reason, NextDeadline(due, provisional, _("Material needed by"))


def complaint_next_deadline(complaint: Complaint) -> NextDeadline | None:
    """Return the nearest open deadline the worker can expect something by."""
    if complaint.status not in OPEN_STATUSES:
        return None
    if (supplement := complaint_supplement_request(complaint)) is not None:
        return supplement[1]
    if complaint.status in (CaseStatus.RECEIVED,) and complaint.acceptance_due:
        return NextDeadline(
            complaint.acceptance_due, complaint.acceptance_due_provisional, _("Decision on acceptance by")
        )
    if complaint.status in (CaseStatus.ACCEPTED, CaseStatus.INVESTIGATING) and complaint.investigation_due:
        return NextDeadline(
            complaint.investigation_due,
            complaint.investigation_due_provisional,
            _("Investigation to finish by"),
        )
    if complaint.status == CaseStatus.ORDERED and complaint.order_due:
        return NextDeadline(complaint.order_due, False, _("The employer must pay by"))
    return None


def complaint_merged_into(complaint: Complaint) -> dict | None:
    """Return how the case a duplicate was merged into stands: its number, state and next deadline."""
    if complaint.merged_into_id is None:
        return None
    survivor = Complaint.objects.filter(pk=complaint.merged_into_id).first()
    if survivor is None:
        return None
    deadline = complaint_next_deadline(survivor)
    return {
        "tracking_number": survivor.tracking_number,
        "status": survivor.status,
        "status_label": str(CaseStatus(survivor.status).label),
        "next_deadline": (
            {"date": deadline.date, "provisional": deadline.provisional, "label": deadline.label}
            if deadline
            else None
        ),
    }


def complaint_public_notices(complaint: Complaint) -> QuerySet[Notice]:
    return complaint.notices.order_by("issued_at")


def complaint_public_evidence(complaint: Complaint) -> QuerySet[Evidence]:
    """Files the worker attached (staff uploads, and files merged in from another worker's case, stay internal)."""
    return complaint.evidence.filter(uploaded_by__isnull=True, merged_from__isnull=True).order_by(
        "uploaded_at", "id"
    )


def complaint_can_withdraw(complaint: Complaint) -> bool:
    return complaint.status in WORKER_WITHDRAWABLE


def complaint_can_add_evidence(complaint: Complaint) -> bool:
    return complaint.status in OPEN_STATUSES


def notice_label(notice: Notice) -> str:
    return str(NoticeKind(notice.kind).label) if notice.kind in NoticeKind.values else notice.kind


def _file_url(complaint: Complaint, which: str, pk: int, api: bool) -> str:
    from django.urls import reverse

    if api:
        return reverse(f"complaints:api-track-{which}-file", args=[complaint.tracking_number, pk])
    return reverse("complaints:track-file", args=[complaint.tracking_number, which, pk])


def complaint_public_view(complaint: Complaint, *, api: bool = False) -> dict:
    """Return everything the worker may see of their case (the API body; the HTML page uses it too)."""
    timeline = complaint_timeline(complaint)
    deadline = complaint_next_deadline(complaint)
    return {
        "type": "complaint",
        "tracking_number": complaint.tracking_number,
        "kind": complaint.kind,
        "category": complaint.category,
        "status": complaint.status,
        "status_label": _status_label(complaint.status, clue=complaint.kind == ComplaintKind.CLUE),
        "received_at": complaint.received_at,
        "acceptance_due": complaint.acceptance_due,
        "acceptance_due_provisional": complaint.acceptance_due_provisional,
        "next_deadline": (
            {"date": deadline.date, "provisional": deadline.provisional, "label": deadline.label}
            if deadline
            else None
        ),
        "timeline": [entry.__dict__ for entry in timeline],
        "decisions": [entry.__dict__ for entry in timeline if entry.is_decision],
        "notices": [
            {
                "id": n.pk,
                "name": notice_label(n),
                "issued_at": n.issued_at,
                "url": _file_url(complaint, "notices", n.pk, api),
            }
            for n in complaint_public_notices(complaint)
        ],
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "size": e.size,
                "issued_at": e.uploaded_at,
                "url": _file_url(complaint, "evidence", e.pk, api),
            }
            for e in complaint_public_evidence(complaint)
        ],
        "merged_into": complaint_merged_into(complaint),
        "can_withdraw": complaint_can_withdraw(complaint),
        "can_add_evidence": complaint_can_add_evidence(complaint),
    }


_STAGE_OF: dict[str, int] = {
    CaseStatus.RECEIVED: 0,
    CaseStatus.NEEDS_SUPPLEMENT: 0,
    CaseStatus.ACCEPTED: 1,
    CaseStatus.INVESTIGATING: 2,
    CaseStatus.ORDERED: 3,
    CaseStatus.COMPLIED: 3,
    CaseStatus.NOT_COMPLIED: 3,
    CaseStatus.RESOLVED: 3,
    CaseStatus.CASE_WITHDRAWN: 3,
    CaseStatus.CLOSED: 4,
}


def complaint_progress(complaint: Complaint) -> list[dict]:
    """Return the four stages a worker recognises, each done, current, stopped or still to come."""
    labels = [_("Received"), _("Accepted"), _("Investigation"), _("Result")]
    stage = _STAGE_OF.get(complaint.status)
    if stage is None:  # ended early: not accepted, referred, withdrawn
        last = complaint.audit.filter(public=True).exclude(from_status="").order_by("-at", "-id").first()
        stopped_at = _STAGE_OF.get(last.from_status, 0) if last else 0
        return [
            {
                "label": label,
                "state": "done" if i < stopped_at else ("stopped" if i == stopped_at else "todo"),
            }
            for i, label in enumerate(labels)
        ]
    return [
        {
            "label": label,
            "state": "done" if i < stage or stage == 4 else ("current" if i == stage else "todo"),
        }
        for i, label in enumerate(labels)
    ]
