"""Staff pages: record a complaint on a worker's behalf and print its receipt at the counter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.page_errors import PAGE_ERRORS, add_form_errors
from documents.services import office_for

from .. import receipts
from ..forms import ComplaintRecordForm
from ..models import Complaint
from ..selectors.cases import complaint_get_for
from ..services.intake import DuplicateComplaint
from ..services.staff_filing import complaint_record


@login_required
@require_http_methods(["GET", "POST"])
def complaint_record_page(request: HttpRequest) -> HttpResponse:
    """The counter's form: the worker's intake as staff fill it in, with channel and receipt."""
    if not request.user.has_perm("complaints.record_complaint_any"):
        raise PermissionDenied
    if request.method == "GET":
        form = ComplaintRecordForm(initial={"form_token": ComplaintRecordForm.new_token()}, user=request.user)
        return _render(request, form)
    form = ComplaintRecordForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render(request, form, status=400)
    cleaned = form.cleaned_data
    try:
        result = complaint_record(
            by=request.user,
            data=form.intake_data,
            source=cleaned["source"],
            received_on=cleaned["received_on"],
            receipt=cleaned["receipt"],
            external_ref=cleaned["external_ref"],
            idempotency_key=f"record:{cleaned['form_token']}" if cleaned["form_token"] else "",
        )
    except DuplicateComplaint as exc:
        form.add_error("confirm_different_matter", exc.messages[0])
        return _render(request, form, status=400, duplicate_of=exc.tracking_number)
    except PAGE_ERRORS as exc:
        add_form_errors(form, exc)
        return _render(request, form, status=400)
    number = result.complaint.tracking_number
    if result.access_code:
        receipts.receipt_remember(request.session, tracking_number=number, access_code=result.access_code)
    return redirect("complaints:staff-counter-receipt", pk=result.complaint.pk)


def _render(request, form, *, status: int = 200, duplicate_of: str = "") -> HttpResponse:
    return render(
        request,
        "complaints/staff/record.html",
        {
            "form": form,
            "member_rows": form.member_rows,
            "member_errors": form.member_errors,
            "duplicate_of": duplicate_of,
            "show_confirm": bool(duplicate_of) or bool(form.data.get("confirm_different_matter")),
        },
        status=status,
    )


def _recorded(request: HttpRequest, pk: int) -> tuple[Complaint, str]:
    complaint = complaint_get_for(request.user, pk)
    return complaint, receipts.receipt_code(request.session, complaint.tracking_number)


@login_required
@require_GET
def complaint_record_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt to print at the counter (the access code only for the one who just recorded it)."""
    complaint, code = _recorded(request, pk)
    response = render(
        request,
        "complaints/staff/record_receipt.html",
        {
            "complaint": complaint,
            "office": office_for(complaint.district),
            "access_code": code,
            "code_grouped": receipts.grouped(code),
            "track_url": receipts.track_url(request),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def complaint_record_receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt as a PDF in the office's document style, while the access code is still at hand."""
    complaint, code = _recorded(request, pk)
    if not code:
        from django.contrib import messages

        messages.error(
            request,
            _(
                "The access code is no longer at hand: the worker can get a new one by SMS (“Lost your access code?” on the tracking page)."
            ),
        )
        return redirect("complaints:staff-counter-receipt", pk=pk)
    pdf = receipts.receipt_pdf(complaint, access_code=code, track_url=receipts.track_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{complaint.tracking_number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
