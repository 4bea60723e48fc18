"""Written notices to the worker (PDF) with reportlab's built-in CJK font, stored as Notice rows.

STSong-Light is one of the Adobe CID fonts every PDF reader carries, so no font files are needed.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.identifiers import mask_name

from .choices import NoticeKind
from .models import Complaint, Notice

FONT = "STSong-Light"
_registered = False


def _register_font() -> None:
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _body(kind: str, complaint: Complaint, details: dict) -> list[str]:
    """Return the paragraphs of a notice (texts through gettext, rendered in the site language)."""
    employer = complaint.employer.name if complaint.employer_id else complaint.employer_name_given
    reason = details.get("reason") or ""
    paragraphs = [
        _("Your complaint %(number)s against %(employer)s, received on %(date)s:")
        % {
            "number": complaint.tracking_number,
            "employer": employer or "-",
            "date": timezone.localdate(complaint.received_at).isoformat(),
        }
    ]
    if kind == NoticeKind.ACCEPTED:
        paragraphs.append(
            _(
                "has been accepted and a case was opened on %(date)s. We will complete the investigation by %(due)s."
            )
            % {"date": complaint.accepted_on, "due": complaint.investigation_due}
        )
        paragraphs.append(_("Legal basis: Regulations on Labour Security Supervision, articles 14 and 17."))
    elif kind == NoticeKind.NOT_ACCEPTED:
        paragraphs.append(_("is not accepted, for this reason: %(reason)s") % {"reason": reason})
        paragraphs.append(
            _(
                "If you disagree, you may apply for administrative review within 60 days or bring an "
                "administrative lawsuit within 6 months of receiving this notice."
            )
        )
    elif kind == NoticeKind.SUPPLEMENT:
        paragraphs.append(
            _("needs more material before we can decide on it: %(reason)s") % {"reason": reason}
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
    elif kind == NoticeKind.ORDER:
        paragraphs.append(
            _("The employer has been ordered to pay %(amount)s yuan of wages owed by %(due)s.")
            % {"amount": details.get("amount"), "due": complaint.order_due}
        )
        paragraphs.append(
            _(
                "If it does not pay by then, it may be ordered to pay an additional 50% to 100% of the "
                "amount owed as compensation (Labour Contract Law, article 85)."
            )
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
        paragraphs.append(
            _(
                "If you disagree, you may apply for administrative review within 60 days or bring an "
                "administrative lawsuit within 6 months of receiving this notice."
            )
        )
    return paragraphs


def render_pdf(kind: str, complaint: Complaint, details: dict | None = None) -> bytes:
    """Render a notice as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    details = details or {}
    with translation.override(settings.LANGUAGE_CODE):
        title = str(NoticeKind(kind).label)
        bureau = str(_("Labour Security Supervision Bureau"))
        complainant = (
            mask_name(complaint.complainant_name) if complaint.complainant_name else _("Complainant")
        )
        paragraphs = _body(kind, complaint, details)
        issued = _("Issued on %(date)s") % {"date": timezone.localdate().isoformat()}
        to_line = _("To: %(name)s") % {"name": complainant}
    base = ParagraphStyle("body", fontName=FONT, fontSize=12, leading=20, wordWrap="CJK", firstLineIndent=24)
    head = ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=1, firstLineIndent=0)
    plain = ParagraphStyle("plain", parent=base, firstLineIndent=0)
    right = ParagraphStyle("right", parent=plain, alignment=2)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        title=title,
        author=bureau,
    )
    story = [Paragraph(bureau, head), Paragraph(title, head), Spacer(1, 8 * mm)]
    story.append(Paragraph(_escape(complaint.tracking_number), right))
    story.append(Paragraph(_escape(to_line), plain))
    story += [Paragraph(_escape(p), base) for p in paragraphs]
    story += [Spacer(1, 12 * mm), Paragraph(_escape(bureau), right), Paragraph(_escape(issued), right)]
    doc.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def notice_issue(*, complaint: Complaint, kind: str, by=None, details: dict | None = None) -> Notice:
    """Render a notice and store it with the case; call inside the transaction of the decision."""
    pdf = render_pdf(kind, complaint, details)
    name = f"{complaint.tracking_number}-{kind}-{timezone.now():%Y%m%d%H%M%S}.pdf"
    notice = Notice(complaint=complaint, kind=kind, issued_by=by)
    notice.file.save(name, ContentFile(pdf), save=False)
    notice.save()
    return notice
