"""The receipt of a complaint staff recorded for a worker, printed at the counter: a page and a PDF.

The access code is known only when the complaint is recorded (the case keeps its hash): the staff
member who recorded it keeps it in their session for ``COUNTER_RECEIPT_MINUTES`` to print the receipt,
and it is never stored in a file.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Complaint

SESSION_KEY = "counter_receipt"


def receipt_remember(session: SessionBase, *, tracking_number: str, access_code: str) -> None:
    """Keep the code of the complaint just recorded, for its receipt (the previous one is forgotten)."""
    session[SESSION_KEY] = {"number": tracking_number, "code": access_code, "at": int(time.time())}


def receipt_code(session: SessionBase, tracking_number: str) -> str:
    """Return the access code of the complaint this session just recorded, or "" once it has expired."""
    kept = session.get(SESSION_KEY) or {}
    if kept.get("number") != tracking_number:
        return ""
    if time.time() - kept.get("at", 0) > settings.WAGEWATCH["COUNTER_RECEIPT_MINUTES"] * 60:
        session.pop(SESSION_KEY, None)
        return ""
    return kept.get("code", "")


def receipt_forget(session: SessionBase) -> None:
    session.pop(SESSION_KEY, None)


def grouped(code: str) -> str:
    """Return the code in groups of four, as the receipts show it."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def receipt_pdf(complaint: Complaint, *, access_code: str, track_url: str) -> bytes:
    """Return the receipt as a PDF in the house style of the office's documents (not a numbered 文书).

    Like the office's documents it is written in the site's language, whatever the browser asks for.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _receipt_pdf(complaint, access_code=access_code, track_url=track_url)


def _receipt_pdf(complaint: Complaint, *, access_code: str, track_url: str) -> bytes:
    from documents.addressees import complainant_lines
    from documents.rendering import chinese_date, due_text, para, render_document
    from documents.services import office_for

    office = office_for(complaint.district)
    received_on = timezone.localdate(complaint.received_at)
    clue = complaint.kind == "clue"
    title = _("Receipt of a clue") if clue else _("Receipt of a complaint")
    body = [
        _("Your %(what)s reached this bureau on %(day)s (%(channel)s) and is recorded.")
        % {
            "what": _("clue") if clue else _("complaint"),
            "day": chinese_date(received_on),
            "channel": complaint.get_source_display(),
        },
        para(_("Tracking number: %(number)s") % {"number": complaint.tracking_number}, "plain"),
        para(_("Access code: %(code)s") % {"code": grouped(access_code)}, "plain"),
        _("The bureau decides whether to accept it by %(due)s (%(n)d working days from receipt).")
        % {
            "due": due_text(complaint.acceptance_due, provisional=complaint.acceptance_due_provisional)
            if complaint.acceptance_due
            else "-",
            "n": settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"],
        },
        _(
            "Follow the case, add evidence or withdraw at %(url)s with the tracking number and the access "
            "code. Keep this receipt; never give the code to the employer."
        )
        % {"url": track_url},
    ]
    return render_document(
        office=office,
        title=title,
        number=complaint.tracking_number,
        addressee=complainant_lines(name=complaint.complainant_name) if not clue else [],
        body=body,
        appeal=False,
        issued_on=timezone.localdate(),
    )


def track_url(request) -> str:
    return request.build_absolute_uri(reverse("complaints:track"))
