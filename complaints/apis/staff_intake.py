"""Staff API: complaints staff bring in for workers.

``POST /api/v1/cases/record/`` records one on a worker's behalf (counter, hotline, letter, referral):
it validates with the workbench's form (ComplaintRecordForm) and calls ``complaint_record``, which
files through the worker's own intake. ``POST /api/v1/cases/clues/import/`` imports a file of clues
handed down by the national clue platform or the 12345 hotline (``clues_import``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import form_error_detail
from core.form_schema import form_request_serializer
from core.parsers import FormParser, JSONParser

from ..choices import CaseStatus, ReceiptDelivery
from ..forms import ClueImportForm, ComplaintRecordForm
from ..serializers_public import DuplicateSerializer, ErrorSerializer
from ..services.clue_import import clues_import
from ..services.intake import DuplicateComplaint, IdempotencyMismatch
from ..services.staff_filing import complaint_record
from .cases import IsStaffMember
from .public import _KEY_RE, IDEMPOTENCY_HEADER


class RecordReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_number = serializers.CharField()
    access_code = serializers.CharField(
        help_text="Shown once: print it for the worker; only a hash is stored."
    )
    source = serializers.CharField()
    received_on = serializers.DateField()
    receipt = serializers.ChoiceField(choices=ReceiptDelivery.choices)
    status = serializers.CharField()
    status_label = serializers.CharField()
    acceptance_due = serializers.DateField()
    acceptance_due_provisional = serializers.BooleanField()
    outside_limitation = serializers.BooleanField()


class ComplaintRecordApi(APIView):
    permission_classes = [IsAuthenticated, IsStaffMember]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="cases_record",
        summary="Record a complaint or clue on a worker's behalf (counter, hotline, letter, referral)",
        request=form_request_serializer(ComplaintRecordForm, "CaseRecordRequest"),
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: RecordReceiptSerializer,
            400: OpenApiResponse(description='Field errors, e.g. {"received_on": ["…"]}'),
            403: OpenApiResponse(ErrorSerializer, description="The role may not record for the district."),
            409: OpenApiResponse(
                DuplicateSerializer, description="The same worker has an open case against this employer."
            ),
            422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused with another body."),
        },
    )
    def post(self, request):
        if not request.user.has_perm("complaints.record_complaint_any"):
            raise PermissionDenied(_("Only inspectors and managers record complaints."))
        key = request.headers.get("Idempotency-Key", "").strip()
        if key and not _KEY_RE.match(key):
            return Response(
                {"Idempotency-Key": [_("Use 8 to 80 printable ASCII characters, e.g. a UUID.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        form = ComplaintRecordForm(request.data, user=request.user)
        if not form.is_valid():
            detail = form_error_detail(form)
            if form.member_errors:
                detail["members"] = [str(m) for m in form.member_errors]
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        cleaned = form.cleaned_data
        try:
            result = complaint_record(
                by=request.user,
                data=form.intake_data,
                source=cleaned["source"],
                received_on=cleaned["received_on"],
                receipt=cleaned["receipt"],
                external_ref=cleaned["external_ref"],
                idempotency_key=f"record-api:{request.user.pk}:{key}" if key else "",
            )
        except DuplicateComplaint as exc:
            return Response(
                {"detail": exc.messages[0], "duplicate_of": exc.tracking_number},
                status=status.HTTP_409_CONFLICT,
            )
        except IdempotencyMismatch as exc:
            return Response({"detail": exc.messages[0]}, status=422)
        c = result.complaint
        response = Response(
            {
                "id": c.pk,
                "tracking_number": c.tracking_number,
                "access_code": result.access_code,
                "source": c.source,
                "received_on": cleaned["received_on"],
                "receipt": cleaned["receipt"],
                "status": c.status,
                "status_label": str(CaseStatus(c.status).label),
                "acceptance_due": c.acceptance_due,
                "acceptance_due_provisional": c.acceptance_due_provisional,
                "outside_limitation": c.outside_limitation,
            },
            status=status.HTTP_201_CREATED,
        )
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class ClueImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="XLSX or CSV in the layout of docs/clue-import.md.")


class ClueImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The spreadsheet's row number (the header is row 1).")
    column = serializers.CharField(help_text="The column's header, as in the template.")
    message = serializers.CharField()


class ClueImportedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_number = serializers.CharField()
    source = serializers.CharField()
    external_ref = serializers.CharField()


class ClueImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    already_imported = serializers.IntegerField(help_text="Rows imported before (same origin and number).")
    cases = ClueImportedSerializer(many=True)
    errors = ClueImportProblemSerializer(many=True)


class CluesImportApi(APIView):
    """Import clues handed down by the clue platform or the 12345 hotline: all new rows, or none."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="cases_clues_import",
        summary="Import clues handed down by the national clue platform or the 12345 hotline",
        request={"multipart/form-data": ClueImportRequestSerializer},
        responses={
            201: ClueImportResultSerializer,
            400: OpenApiResponse(
                ClueImportResultSerializer, description="Nothing imported: the problems by row and column."
            ),
            403: OpenApiResponse(ErrorSerializer, description="Only managers import clues."),
        },
    )
    def post(self, request):
        if not request.user.has_perm("complaints.import_clues"):
            raise PermissionDenied(_("Only managers import clues."))
        form = ClueImportForm(request.data, request.FILES)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        upload = form.cleaned_data["file"]
        result = clues_import(upload=upload, name=upload.name, by=request.user)
        body = {
            "created": len(result.created),
            "already_imported": result.already,
            "cases": [
                {
                    "id": c.pk,
                    "tracking_number": c.tracking_number,
                    "source": c.source,
                    "external_ref": c.external_ref,
                }
                for c in result.created
            ],
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in result.errors],
        }
        return Response(body, status=status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST)
