"""Staff pages of the records of an investigation: the form to add one, its PDF and its attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.forms import is_too_large
from core.page_errors import PAGE_ERRORS, add_form_errors, error_message
from core.rules import is_staff_member
from core.views import request_refused

from ..record_documents import record_pdf
from ..record_forms import RecordForm
from ..selectors.cases import complaint_get_for
from ..selectors.records import record_get_for
from ..services.records import record_create
from .public import file_response


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write an inspection or interview record on the case (the same form as the API)."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    if not request.user.has_perm("complaints.record_investigation", complaint):
        raise PermissionDenied
    form = RecordForm(complaint=complaint)
    status = 200
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES, complaint=complaint)
        if form.is_valid():
            try:
                record, created = record_create(complaint=complaint, by=request.user, **form.kwargs())
            except ValidationError as exc:
                if is_too_large(exc):
                    return request_refused(request, 413, error_message(exc))
                add_form_errors(form, exc)
            except PAGE_ERRORS as exc:
                messages.error(request, error_message(exc))
                return redirect("complaints:staff-case", pk=pk)
            else:
                if created:
                    messages.success(
                        request, _("Record saved: %(kind)s.") % {"kind": record.get_kind_display()}
                    )
                return redirect(reverse("complaints:staff-case", args=[pk]) + f"#record-{record.pk}")
        status = 400
        messages.error(request, _("Please correct the fields marked below."))
    return render(
        request, "complaints/workbench/record_form.html", {"c": complaint, "form": form}, status=status
    )


@login_required
@require_GET
def record_pdf_file(request: HttpRequest, pk: int, record_id: int) -> HttpResponse:
    """The record printed as a PDF of the district office."""
    _staff_only(request)
    record = record_get_for(request.user, pk, record_id)
    response = HttpResponse(record_pdf(record), content_type="application/pdf")
    name = f"{record.complaint.tracking_number}-record-{record.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def record_attachment_file(request: HttpRequest, pk: int, record_id: int, attachment_id: int):
    """An attachment of a record, as a download the browser will not render or sniff."""
    _staff_only(request)
    record = record_get_for(request.user, pk, record_id)
    return file_response(get_object_or_404(record.attachments.all(), pk=attachment_id))
