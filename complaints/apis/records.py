"""Staff API of the records of an investigation: list and add records, read one, attach files.

Adding a record is idempotent: the client sends a UUID of its choosing, as the ``Idempotency-Key``
header or the ``client_uuid`` field; sending it again answers 200 with the record already made
(201 the first time), so a tablet may retry a submission it is unsure arrived.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import form_error_detail
from core.form_schema import form_request_serializer

from ..record_forms import RecordForm
from ..selectors.cases import complaint_get_for
from ..selectors.records import record_get_for, record_list
from ..services.records import record_attachment_add, record_create
from .cases import IsStaffMember
from .record_serializers import RecordAttachmentSerializer, RecordSerializer

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="A UUID chosen by the client; the same key again returns the record already made (200).",
)


def _client_uuid(request, form_value: uuid.UUID | None) -> uuid.UUID | None:
    """Return the client's key from the header or the body; both given, they must agree."""
    header = (request.headers.get("Idempotency-Key") or "").strip()
    if not header:
        return form_value
    try:
        key = uuid.UUID(header)
    except ValueError:
        raise ValidationError({"client_uuid": _("The Idempotency-Key header must be a UUID.")}) from None
    if form_value is not None and form_value != key:
        raise ValidationError({"client_uuid": _("The Idempotency-Key header and client_uuid differ.")})
    return key


def raise_denied() -> None:
    """Refuse before reading the input, so that no field errors reach someone who may not record."""
    raise PermissionDenied(_("Only the inspectors on the case or its manager may record the investigation."))


# One schema component for both content types; named apart from the counter's "record a complaint".
RECORD_REQUEST = form_request_serializer(RecordForm, "InspectionRecordRequest")


class CaseRecordListApi(APIView):
    """GET the case's records; POST a new one (JSON, or multipart with ``files``)."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="cases_records_list", responses=RecordSerializer(many=True))
    def get(self, request, pk: int):
        complaint = complaint_get_for(request.user, pk)
        return Response(RecordSerializer(record_list(complaint=complaint), many=True).data)

    @extend_schema(
        operation_id="cases_records_create",
        parameters=[IDEMPOTENCY_KEY],
        request={
            "application/json": RECORD_REQUEST,
            "multipart/form-data": RECORD_REQUEST,
        },
        responses={201: RecordSerializer, 200: RecordSerializer},
    )
    def post(self, request, pk: int):
        complaint = complaint_get_for(request.user, pk)
        if not request.user.has_perm("complaints.record_investigation", complaint):
            raise_denied()
        form = RecordForm(request.data, request.FILES, complaint=complaint)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        kwargs = form.kwargs()
        kwargs["client_uuid"] = _client_uuid(request, kwargs.get("client_uuid"))
        record, created = record_create(complaint=complaint, by=request.user, **kwargs)
        fresh = record_get_for(request.user, pk, record.pk)
        return Response(
            RecordSerializer(fresh).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class CaseRecordDetailApi(APIView):
    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(operation_id="cases_records_retrieve", responses=RecordSerializer)
    def get(self, request, pk: int, record_id: int):
        return Response(RecordSerializer(record_get_for(request.user, pk, record_id)).data)


class RecordAttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class CaseRecordAttachmentApi(APIView):
    """POST one file to a record; the same file again answers 200 with the attachment already stored."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="cases_records_attachments_create",
        request={"multipart/form-data": RecordAttachmentUploadSerializer},
        responses={201: RecordAttachmentSerializer, 200: RecordAttachmentSerializer},
    )
    def post(self, request, pk: int, record_id: int):
        record = record_get_for(request.user, pk, record_id)
        if not request.user.has_perm("complaints.record_investigation", record.complaint):
            raise_denied()
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("Choose a file.")]}, status=status.HTTP_400_BAD_REQUEST)
        attachment, created = record_attachment_add(record=record, by=request.user, upload=upload)
        return Response(
            RecordAttachmentSerializer(attachment).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
