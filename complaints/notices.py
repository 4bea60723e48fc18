"""Written notices of a case, issued as numbered documents of the district office and shown as Notice rows.

Acceptance, non-acceptance, supplement, referral and closing notices go to the complainant; the order
to pay goes to the employer (the complainant sees it on the tracking page too). The PDF is stored once
by the documents app; the Notice points at the same file.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.addressees import complainant_lines, employer_lines
from documents.choices import DocumentKind
from documents.models import Document
from documents.rendering import chinese_date, due_text
from documents.services import document_issue, office_for

from .choices import NoticeKind
from .models import Complaint, Notice

DOCUMENT_KIND = {
    NoticeKind.ACCEPTED: DocumentKind.ACCEPTANCE,
    NoticeKind.NOT_ACCEPTED: DocumentKind.NON_ACCEPTANCE,
    NoticeKind.SUPPLEMENT: DocumentKind.SUPPLEMENT,
    NoticeKind.REFERRED: DocumentKind.REFERRAL,
    NoticeKind.ORDER: DocumentKind.ORDER,
    NoticeKind.CLOSED: DocumentKind.CLOSING,
}


def _employer_name(complaint: Complaint) -> str:
    return (complaint.employer.name if complaint.employer_id else complaint.employer_name_given) or "-"


def _complaint_line(complaint: Complaint) -> str:
    return _("Your complaint %(number)s against %(employer)s, received on %(date)s:") % {
        "number": complaint.tracking_number,
        "employer": _employer_name(complaint),
        "date": chinese_date(timezone.localdate(complaint.received_at)),
    }


def _to_complainant(kind: str, complaint: Complaint, details: dict) -> list[str]:
    """Return the paragraphs of a notice to the complainant."""
    reason = details.get("reason") or ""
    paragraphs = [_complaint_line(complaint)]
    if kind == NoticeKind.ACCEPTED:
        due = due_text(complaint.investigation_due, provisional=complaint.investigation_due_provisional)
        paragraphs.append(
            _(
                "has been accepted and a case was opened on %(date)s. We will complete the investigation by %(due)s."
            )
            % {"date": chinese_date(complaint.accepted_on), "due": due}
        )
        paragraphs.append(_("Legal basis: Regulations on Labour Security Supervision, articles 14 and 17."))
    elif kind == NoticeKind.NOT_ACCEPTED:
        paragraphs.append(_("is not accepted, for this reason: %(reason)s") % {"reason": reason})
    elif kind == NoticeKind.SUPPLEMENT:
        paragraphs.append(
            _("needs more material before we can decide on it: %(reason)s") % {"reason": reason}
        )
        if details.get("due"):
            paragraphs.append(
                _("Please send it by %(due)s, on the tracking page or at the office.")
                % {"due": chinese_date(details["due"])}
            )
        paragraphs.append(
            _("Please add it on the tracking page. The 5-working-day period starts again when it arrives.")
        )
    elif kind == NoticeKind.REFERRED:
        paragraphs.append(
            _(
                "is outside what this bureau can handle. Please turn to: %(where)s (%(kind)s). Reason: %(reason)s"
            )
            % {
                "where": details.get("referred_to") or "-",
                "kind": details.get("referral_label", ""),
                "reason": reason,
            }
        )
    elif kind == NoticeKind.CLOSED:
        paragraphs.append(
            _("is closed. Wages recovered: %(amount)s yuan for %(workers)s worker(s). %(summary)s")
            % {
                "amount": details.get("wages_recovered"),
                "workers": details.get("workers_paid"),
                "summary": details.get("summary", ""),
            }
        )
    return paragraphs


def _order_to_employer(complaint: Complaint, details: dict) -> list[str]:
    """Return the paragraphs of the order to pay wages owed (劳动保障监察条例 第二十六条)."""
    return [
        _("On the complaint %(number)s, our investigation found that your unit owes wages: %(reason)s")
        % {"number": complaint.tracking_number, "reason": details.get("reason") or "-"},
        _(
            "Under article 26 of the Regulations on Labour Security Supervision, your unit is ordered to pay "
            "%(amount)s yuan of wages owed by %(due)s and to report the payment to this office."
        )
        % {
            "amount": details.get("amount"),
            "due": chinese_date(complaint.order_due) if complaint.order_due else "-",
        },
        _(
            "If it does not pay by then, it may be ordered to pay an additional 50% to 100% of the "
            "amount owed as compensation (Labour Contract Law, article 85)."
        ),
    ]


def _addressee(kind: str, complaint: Complaint) -> tuple[str, list[str]]:
    if kind == NoticeKind.ORDER:
        lines = employer_lines(
            employer=complaint.employer if complaint.employer_id else None,
            name=complaint.employer_name_given,
            credit_code=complaint.employer_credit_code_given,
            address=complaint.employer_address_given,
        )
        return _employer_name(complaint), lines
    name = complaint.complainant_name or str(_("Complainant"))
    return name, complainant_lines(name=name, id_number=complaint.complainant_id_number)


def notice_issue(*, complaint: Complaint, kind: str, by=None, details: dict | None = None) -> Notice:
    """Issue a numbered notice document and record it with the case; call inside the decision's transaction."""
    details = details or {}
    recipient, addressee = _addressee(kind, complaint)
    body = (
        _order_to_employer(complaint, details)
        if kind == NoticeKind.ORDER
        else _to_complainant(kind, complaint, details)
    )
    document: Document = document_issue(
        kind=DOCUMENT_KIND[NoticeKind(kind)],
        office=office_for(complaint.district),
        subject=complaint,
        recipient=recipient,
        addressee=addressee,
        body=body,
        by=by,
    )
    notice = Notice(
        complaint=complaint, kind=kind, issued_by=by, issued_at=document.issued_at, document=document
    )
    notice.file.name = document.file.name  # the one stored copy, served as issued
    notice.save()
    return notice
