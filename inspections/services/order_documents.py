"""The order to correct (责令改正指令书) issued on a visit, as a numbered document to the employer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from documents.addressees import employer_lines
from documents.choices import DocumentKind
from documents.models import Document
from documents.rendering import chinese_date
from documents.services import document_issue, office_for

from ..choices import CheckItem
from ..models import CorrectionOrder


def correction_order_issue(*, order: CorrectionOrder, by=None) -> Document:
    """Issue the order's document to the employer and link it to the order; call inside the visit's transaction."""
    visit, employer = order.visit, order.employer
    labels = {c.value: str(c.label) for c in CheckItem}
    items = [labels.get(i, i) for i in order.items]
    body = [
        _("On %(date)s inspectors of this office inspected your unit and found the following:")
        % {"date": chinese_date(visit.date)}
    ]
    body += [f"{n}. {text}" for n, text in enumerate(items, start=1)]
    if order.text:
        body.append(order.text)
    body.append(
        _(
            "Under articles 11 and 18 of the Regulations on Labour Security Supervision, your unit is ordered to "
            "correct the above by %(due)s and to report the correction to this office. Inspectors will visit "
            "again after that date."
        )
        % {"due": chinese_date(order.due_date)}
    )
    document = document_issue(
        kind=DocumentKind.CORRECTION_ORDER,
        office=office_for(visit.district),
        subject=order,
        recipient=employer.name,
        addressee=employer_lines(employer=employer),
        body=body,
        by=by,
    )
    order.document = document
    order.save(update_fields=["document"])
    return document
