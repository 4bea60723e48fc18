"""Reading the records of an investigation: only for staff who may see the case."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from ..models import Complaint, InspectionRecord, RecordAttachment
from .cases import complaint_get_for


def record_list(*, complaint: Complaint) -> QuerySet[InspectionRecord]:
    """Return the case's records, oldest first, with their inspectors and attachments."""
    return (
        InspectionRecord.objects.filter(complaint=complaint)
        .select_related("created_by")
        .prefetch_related(
            "inspectors", Prefetch("attachments", queryset=RecordAttachment.objects.select_related("record"))
        )
        .order_by("started_at", "id")
    )


def record_get_for(user, case_pk, record_pk) -> InspectionRecord:
    """Fetch one record of a case ``user`` may see, or raise Http404."""
    complaint = complaint_get_for(user, case_pk)
    try:
        record = record_list(complaint=complaint).get(pk=record_pk)
    except (InspectionRecord.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    record.complaint = complaint
    return record
