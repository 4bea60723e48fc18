"""The mediation agreement (调解协议书), issued as a numbered document of the district office.

Both parties are named with their full identities: the worker may take the agreement to a people's
court for a payment order (劳动争议调解仲裁法 第十六条), which an agreement with a masked ID cannot support.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from documents.choices import DocumentKind
from documents.models import Document
from documents.rendering import chinese_date, para
from documents.services import document_issue, office_for


def _yuan(amount) -> str:
    return f"{amount:,.2f} 元" if amount is not None else "—"


def _parties(request) -> list:
    """Return both parties with their full identities (the worker's ID number is not masked)."""
    employer = request.employer
    lines = [_("Applicant (worker): %(name)s") % {"name": request.applicant_name}]
    if request.applicant_id_number:
        lines.append(_("ID number: %(value)s") % {"value": request.applicant_id_number})
    if request.applicant_mobile:
        lines.append(_("Mobile: %(value)s") % {"value": request.applicant_mobile})
    lines.append(
        _("Respondent (employer): %(name)s")
        % {"name": employer.name if employer else request.employer_name_given}
    )
    if employer and employer.credit_code:
        lines.append(_("Unified social credit code: %(value)s") % {"value": employer.credit_code})
    address = (employer.address if employer else "") or request.employer_address_given
    if address:
        lines.append(_("Address: %(value)s") % {"value": address})
    if employer and employer.legal_representative:
        lines.append(_("Legal representative: %(value)s") % {"value": employer.legal_representative})
    if request.employer_contact_name:
        lines.append(_("Agent or contact: %(value)s") % {"value": request.employer_contact_name})
    return [para(_("1. The parties"), "head")] + [para(line, "plain") for line in lines]


def _terms_table(terms) -> Table:
    rows = [
        [
            para(_("No."), "plain"),
            para(_("What is to be done"), "plain"),
            para(_("Amount"), "plain"),
            para(_("Due by"), "plain"),
        ]
    ]
    total = 0
    for term in sorted(terms, key=lambda t: t.position):
        rows.append(
            [
                para(term.position, "plain"),
                para(term.description, "plain"),
                para(_yuan(term.amount), "plain"),
                para(chinese_date(term.due_date), "plain"),
            ]
        )
        total += term.amount or 0
    rows.append(
        [para("", "plain"), para(_("Total"), "plain"), para(_yuan(total), "plain"), para("", "plain")]
    )
    table = Table(rows, colWidths=[14 * mm, 76 * mm, 32 * mm, 36 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1f1f1")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _body(request, terms) -> list:
    story = [para(_("2. Matters in dispute"), "head")]
    matters = "、".join(request.get_matters_display())
    story.append(para(matters + (f"：{request.matters_detail}" if request.matters_detail else "")))
    story.append(para(_("Reasons given: %(reasons)s") % {"reasons": request.reasons}))
    if request.amount_claimed is not None:
        story.append(para(_("Amount claimed: %(amount)s") % {"amount": _yuan(request.amount_claimed)}))
    story += [
        para(_("3. Terms agreed"), "head"),
        para(_("Through mediation the parties freely agree as follows:")),
    ]
    story += [_terms_table(terms), Spacer(1, 4 * mm)]
    if request.agreement_notes:
        story.append(para(_("Other terms: %(notes)s") % {"notes": request.agreement_notes}))
    story.append(
        para(
            _(
                "This agreement takes effect when signed or sealed by both parties, signed by the mediator and "
                "sealed by the mediation organisation, and binds both parties (Labour Dispute Mediation and "
                "Arbitration Law, article 14). If the employer does not perform within the agreed time, the worker "
                "may apply for arbitration (article 15); for an agreement on wages owed, the worker may apply to a "
                "people's court for a payment order with this agreement (article 16)."
            )
        )
    )
    story += [Spacer(1, 6 * mm), _signatures(request)]
    story.append(
        para(
            _(
                "This agreement is made in three copies: one for each party and one for the mediation organisation."
            ),
            "small",
        )
    )
    return story


def _signatures(request) -> Table:
    mediator = request.mediator.display_name if request.mediator else ""
    date_line = _("Date:      (year)      (month)      (day)")
    sign = Table(
        [
            [para(_("Applicant (signature):"), "plain"), para(_("Respondent (seal):"), "plain")],
            [para(date_line, "plain"), para(date_line, "plain")],
            [para(_("Mediator (signature): %(name)s") % {"name": mediator}, "plain"), para("", "plain")],
        ],
        colWidths=[79 * mm, 79 * mm],
        rowHeights=[14 * mm, 9 * mm, 14 * mm],
    )
    sign.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return sign


def agreement_issue(request, *, terms, by=None) -> Document:
    """Issue the agreement document for the request with the given terms; return the stored document."""
    return document_issue(
        kind=DocumentKind.MEDIATION_AGREEMENT,
        office=office_for(request.district),
        subject=request,
        recipient=_("%(applicant)s and %(employer)s")
        % {
            "applicant": request.applicant_name,
            "employer": request.employer.name if request.employer else request.employer_name_given,
        },
        addressee=_parties(request),
        body=_body(request, terms),
        by=by,
    )
