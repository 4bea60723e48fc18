"""The public (no login) API: file a complaint, track it with its access code, the pay calculator.

Paths are a contract (the OpenAPI schema at /api/schema/ states them): POST /api/v1/complaints/, GET /api/v1/track/{tracking_number}/ with
X-Access-Code, POST .../evidence/, POST .../withdraw/, POST /api/v1/calculator/.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import PayloadTooLarge
from core.parsers import FormParser, JSONParser

from .. import tracking_registry
from ..calculator import pay_calculate
from ..choices import CaseStatus, Source
from ..code_attempts import code_check
from ..evidence import EvidenceTooLarge, request_too_large
from ..selectors.worker_view import complaint_public_evidence, complaint_public_notices, complaint_public_view
from ..serializers_public import (
    CalculatorResultSerializer,
    CalculatorSerializer,
    ComplaintCreateSerializer,
    DuplicateSerializer,
    ErrorSerializer,
    EvidenceUploadSerializer,
    ReceiptSerializer,
    RecoverSerializer,
    TrackSerializer,
    WithdrawSerializer,
)
from ..services.access_codes import recover_answer
from ..services.intake import (
    DuplicateComplaint,
    IdempotencyMismatch,
    complaint_add_evidence_by_worker,
    complaint_file,
    complaint_withdraw_by_worker,
    intake_clean,
)
from ..throttles import AddressThrottle, IntakeThrottle, PublicThrottle, RecoverAddressThrottle, TrackThrottle

_KEY_RE = re.compile(r"^[\x21-\x7e]{8,80}$")

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="8–80 printable ASCII characters (e.g. a UUID). A retry with the same key and body returns "
    "the first complaint (header Idempotent-Replayed: true); the same key with another body is a 422.",
)
ACCESS_CODE_HEADER = OpenApiParameter(
    "X-Access-Code",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="The access code from the receipt (spaces and dashes ignored, case-insensitive).",
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="Unknown tracking number or wrong access code (indistinguishable)."
)
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many requests; see the Retry-After header.")
TOO_LARGE = OpenApiResponse(ErrorSerializer, description="A file or the complaint's files are too large.")


class PublicApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressThrottle]


def _field_errors(exc: DjangoValidationError) -> dict:
    from core.api_errors import validation_error_detail

    return validation_error_detail(exc)


def _receipt(result) -> dict:
    c = result.complaint
    return {
        "tracking_number": c.tracking_number,
        "access_code": result.access_code,
        "status": c.status,
        "status_label": str(CaseStatus(c.status).label),
        "acceptance_due": c.acceptance_due,
        "acceptance_due_provisional": c.acceptance_due_provisional,
        "outside_limitation": c.outside_limitation,
        "group_linked": c.group_id is not None,
    }


class ComplaintCreateApi(PublicApi):
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    throttle_classes = [AddressThrottle, IntakeThrottle]

    @staticmethod
    def parse(request) -> tuple[dict, list]:
        """The submission's fields (for ``intake_clean``) and its files; a 400 with field errors if bad."""
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        raw = dict(serializer.validated_data)
        return raw, raw.pop("evidence", [])

    @extend_schema(
        operation_id="complaint_file",
        summary="File a complaint or an anonymous clue",
        request={
            "application/json": ComplaintCreateSerializer,
            "multipart/form-data": ComplaintCreateSerializer,
        },
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: ReceiptSerializer,
            400: OpenApiResponse(description='Field errors, e.g. {"id_number": ["…"]}'),
            409: OpenApiResponse(
                DuplicateSerializer, description="The same worker has an open case against this employer."
            ),
            413: TOO_LARGE,
            422: OpenApiResponse(ErrorSerializer, description="Idempotency-Key reused with another body."),
            429: THROTTLED,
        },
        examples=[
            OpenApiExample(
                "Wage arrears",
                request_only=True,
                value={
                    "kind": "complaint",
                    "category": "wage_arrears",
                    "name": "张三",
                    "id_number": "11010519491231002X",
                    "mobile": "13800138000",
                    "employer_name": "大连某某建筑工程有限公司",
                    "employer_credit_code": "91110108551385082Q",
                    "district": "210211",
                    "project_name": "甘井子区某小区二期",
                    "amount_owed": "18600.00",
                    "period_start": "2026-06-01",
                    "period_end": "2026-09-30",
                    "continuing": False,
                    "workers_affected": 3,
                    "description": "六月至九月工资未发。",
                    "members": [{"name": "李四", "mobile": "13900139000"}],
                },
            ),
            OpenApiExample(
                "Receipt",
                response_only=True,
                status_codes=["201"],
                value={
                    "tracking_number": "2102-2026-000123",
                    "access_code": "K7QX4HMWAT9E",
                    "status": "received",
                    "status_label": "已收到",
                    "acceptance_due": "2026-12-03",
                    "acceptance_due_provisional": False,
                    "outside_limitation": False,
                    "group_linked": False,
                },
            ),
        ],
    )
    def post(self, request):
        if request_too_large(request):
            raise PayloadTooLarge(_("The upload is too large."))
        key = request.headers.get("Idempotency-Key", "").strip()
        if key and not _KEY_RE.match(key):
            return Response(
                {"Idempotency-Key": [_("Use 8 to 80 printable ASCII characters, e.g. a UUID.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        raw, uploads = self.parse(request)
        try:
            data = intake_clean(raw)
            result = complaint_file(
                data=data, uploads=uploads, idempotency_key=f"api:{key}" if key else "", source=Source.API
            )
        except DuplicateComplaint as exc:
            return Response(
                {"detail": exc.messages[0], "duplicate_of": exc.tracking_number},
                status=status.HTTP_409_CONFLICT,
            )
        except IdempotencyMismatch as exc:
            return Response({"detail": exc.messages[0]}, status=422)
        except EvidenceTooLarge as exc:
            raise PayloadTooLarge(exc.messages[0]) from exc
        except DjangoValidationError as exc:
            detail = _field_errors(exc)
            if "non_field_errors" in detail and uploads:
                detail = {"evidence": detail.pop("non_field_errors"), **detail}
            return Response(detail, status=status.HTTP_400_BAD_REQUEST)
        # The receipt is already plain values (ReceiptSerializer documents its shape in the schema).
        response = Response(_receipt(result), status=status.HTTP_201_CREATED)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class TrackedApi(PublicApi):
    """Base for the endpoints under /api/v1/track/{tracking_number}/: the code is checked on every call."""

    throttle_classes = [AddressThrottle, TrackThrottle]

    def tracked(self, request, tracking_number: str):
        verdict, found = code_check(request, tracking_number, request.headers.get("X-Access-Code", ""))
        if not verdict.allowed:
            raise Throttled(wait=verdict.retry_after)
        if found is None:
            raise NotFound(_("Not found."))
        return found

    def complaint(self, request, tracking_number: str):
        entry, obj = self.tracked(request, tracking_number)
        if entry.name != "complaint":
            raise NotFound(_("Not found."))
        return obj


def track_payload(entry, obj, request) -> dict:
    if entry.serialize is not None:
        return entry.serialize(obj, request)
    return tracking_registry.generic_serialize(entry, obj)


class TrackApi(TrackedApi):
    @extend_schema(
        operation_id="track",
        summary="Follow a case with its tracking number and access code",
        parameters=[ACCESS_CODE_HEADER],
        responses={200: TrackSerializer, 404: NOT_FOUND, 429: THROTTLED},
    )
    def get(self, request, tracking_number: str):
        entry, obj = self.tracked(request, tracking_number)
        return Response(track_payload(entry, obj, request))


class TrackEvidenceApi(TrackedApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="track_evidence_add",
        summary="Add evidence files to your case",
        parameters=[ACCESS_CODE_HEADER],
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: TrackSerializer,
            400: OpenApiResponse(description="Field errors"),
            404: NOT_FOUND,
            413: TOO_LARGE,
            429: THROTTLED,
        },
    )
    def post(self, request, tracking_number: str):
        if request_too_large(request):
            raise PayloadTooLarge(_("The upload is too large."))
        complaint = self.complaint(request, tracking_number)
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            complaint_add_evidence_by_worker(complaint=complaint, uploads=serializer.validated_data["files"])
        except EvidenceTooLarge as exc:
            raise PayloadTooLarge(exc.messages[0]) from exc
        except DjangoValidationError as exc:
            detail = _field_errors(exc)
            return Response({"files": detail.pop("non_field_errors", []), **detail}, status=400)
        complaint.refresh_from_db()
        return Response(complaint_public_view(complaint, api=True), status=status.HTTP_201_CREATED)


class TrackWithdrawApi(TrackedApi):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        operation_id="track_withdraw",
        summary="Withdraw your complaint (before an order is issued)",
        parameters=[ACCESS_CODE_HEADER],
        request=WithdrawSerializer,
        responses={
            200: TrackSerializer,
            404: NOT_FOUND,
            409: OpenApiResponse(ErrorSerializer, description="The case can no longer be withdrawn."),
            429: THROTTLED,
        },
    )
    def post(self, request, tracking_number: str):
        complaint = self.complaint(request, tracking_number)
        serializer = WithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        complaint = complaint_withdraw_by_worker(
            complaint=complaint, reason=serializer.validated_data["reason"]
        )
        return Response(complaint_public_view(complaint, api=True))


class TrackFileApi(TrackedApi):
    """Download one of your evidence files or written notices."""

    which = "evidence"

    @extend_schema(
        summary="Download a file of your case",
        parameters=[ACCESS_CODE_HEADER],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: NOT_FOUND, 429: THROTTLED},
    )
    def get(self, request, tracking_number: str, pk: int):
        complaint = self.complaint(request, tracking_number)
        from ..views.public import file_response

        qs = (
            complaint_public_evidence(complaint)
            if self.which == "evidence"
            else complaint_public_notices(complaint)
        )
        item = qs.filter(pk=pk).first()
        if item is None:
            raise NotFound(_("Not found."))
        return file_response(item)


class TrackRecoverApi(PublicApi):
    """A worker who lost the access code gets a new one by SMS to the mobile number on the case."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [AddressThrottle, RecoverAddressThrottle]

    @extend_schema(
        operation_id="track_recover",
        summary="Lost the access code: send a new one by SMS to the mobile number on the case",
        description="The answer is the same whether or not the tracking number exists and the mobile "
        "matches (202 with the same body). When they match, the old code stops working at once and the new "
        "one is sent by SMS (after the request, through the outbox). Limited per tracking number "
        "(THROTTLE_RECOVER) and per address (THROTTLE_RECOVER_ADDRESS).",
        request=RecoverSerializer,
        responses={
            202: ErrorSerializer,
            400: OpenApiResponse(description='Field errors, e.g. {"mobile": ["…"]}'),
            429: THROTTLED,
        },
    )
    def post(self, request, tracking_number: str):
        from .. import throttles

        serializer = RecoverSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        number = tracking_registry.normalise_tracking_number(tracking_number)
        verdict = throttles.hit("recover", number)
        if not verdict.allowed:
            raise Throttled(wait=verdict.retry_after)
        tracking_registry.recover(number, serializer.validated_data["mobile"])
        return Response({"detail": recover_answer()}, status=status.HTTP_202_ACCEPTED)


class CalculatorApi(PublicApi):
    throttle_classes = [AddressThrottle, PublicThrottle]

    @extend_schema(
        operation_id="calculator",
        summary="Overtime, rest-day and holiday pay the law requires (劳动法 第四十四条)",
        request=CalculatorSerializer,
        responses={
            200: CalculatorResultSerializer,
            400: OpenApiResponse(description="Field errors"),
            429: THROTTLED,
        },
        examples=[
            OpenApiExample(
                "One month",
                request_only=True,
                value={"monthly_wage": "5000", "overtime_hours": "20", "rest_days": "2", "holiday_days": "1"},
            )
        ],
    )
    def post(self, request):
        serializer = CalculatorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = pay_calculate(**serializer.validated_data)
        return Response(result.as_dict())


__all__ = [
    "ComplaintCreateApi",
    "TrackApi",
    "TrackEvidenceApi",
    "TrackWithdrawApi",
    "TrackFileApi",
    "TrackRecoverApi",
    "CalculatorApi",
    "FileResponse",
]
