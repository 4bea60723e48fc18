"""The mediation API: public filing, the staff list and detail, actions, and the slot search."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.exceptions import Throttled
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints.code_attempts import code_check
from complaints.throttles import AddressThrottle, IntakeThrottle, TrackThrottle
from core.api_errors import form_error_detail
from core.form_schema import form_request_serializer

from . import selectors, services
from .actions import ACTIONS, action_get
from .choices import MediationSource
from .forms import ReasonForm
from .scheduling.finder import mediator_candidates, room_candidates, slot_search
from .serializers import (
    MediationDetailSerializer,
    MediationFiledSerializer,
    MediationFileSerializer,
    MediationSerializer,
    SlotQuerySerializer,
    SlotSerializer,
)


class MediationListCreateApi(APIView):
    """POST: a worker files a mediation request (public, throttled). GET: staff list what they may see."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [AddressThrottle(), IntakeThrottle()] if self.request.method == "POST" else []

    @extend_schema(
        operation_id="mediation_file",
        request=MediationFileSerializer,
        responses={201: MediationFiledSerializer},
        auth=[],
    )
    def post(self, request):
        ser = MediationFileSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        mreq, code = services.mediation_file(data=ser.validated_data, source=MediationSource.API)
        out = {
            "tracking_number": mreq.tracking_number,
            "access_code": code,
            "status": mreq.status,
            "deadline": mreq.deadline,
            "deadline_provisional": mreq.deadline_provisional,
        }
        return Response(MediationFiledSerializer(out).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="mediation_list",
        parameters=[
            OpenApiParameter("status", str, description="A status, or 'open'"),
            OpenApiParameter("mine", bool),
            OpenApiParameter("q", str, description="Tracking number or employer"),
        ],
        responses=MediationSerializer(many=True),
    )
    def get(self, request):
        if not request.user.has_perm("mediation.view_schedule"):
            raise PermissionDenied
        qs = selectors.mediation_list(fetched_by=request.user, filters=request.query_params)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(MediationSerializer(page, many=True).data)


class MediationDetailApi(APIView):
    @extend_schema(operation_id="mediation_detail", responses=MediationDetailSerializer)
    def get(self, request, pk: int):
        mreq = selectors.mediation_get_for(request.user, pk)
        return Response(MediationDetailSerializer(mreq).data)


def _body_name(form: type) -> str:
    return f"Mediation{form.__name__.removesuffix('Form')}"


def _action_body_schema() -> PolymorphicProxySerializer:
    """Document the body of POST /api/v1/mediations/{id}/{action}/: one of the action forms' fields."""
    forms = {entry.form: None for entry in ACTIONS.values()}
    return PolymorphicProxySerializer(
        component_name="MediationAction",
        serializers=[form_request_serializer(form, _body_name(form)) for form in forms],
        resource_type_field_name=None,
    )


class MediationActionApi(APIView):
    """Run one action (a transition or a scheduling step) on a request."""

    @extend_schema(
        operation_id="mediations_action",
        request=_action_body_schema(),
        responses=MediationDetailSerializer,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=list(ACTIONS))],
        description="The body depends on the action: "
        + "; ".join(f"{name}: {_body_name(entry.form)}" for name, entry in ACTIONS.items())
        + ".",
    )
    def post(self, request, pk: int, action: str):
        entry = action_get(action)
        mreq = selectors.mediation_get_for(request.user, pk)
        form = entry.form(request.data, user=request.user)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        entry.run(request=mreq, by=request.user, **form.cleaned_data)
        return Response(MediationDetailSerializer(selectors.mediation_get_for(request.user, pk)).data)


class MediationSlotsApi(APIView):
    """The earliest free slots before the request's deadline where mediator, room and parties are free."""

    @extend_schema(
        operation_id="mediation_slots", parameters=[SlotQuerySerializer], responses=SlotSerializer(many=True)
    )
    def get(self, request):
        if not request.user.has_perm("mediation.view_schedule"):
            raise PermissionDenied
        query = SlotQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        mreq = selectors.mediation_get_for(request.user, q["request"])
        if not request.user.has_perm("mediation.schedule_session", mreq):
            raise PermissionDenied
        mediators = [m.pk for m in mediator_candidates(mreq)]
        if "mediator" in q:
            mediators = [m for m in mediators if m == q["mediator"]]
        rooms = None
        if not q["remote"]:
            rooms = [r.pk for r in room_candidates(mreq, attendees=q["attendees"])]
            if "room" in q:
                rooms = [r for r in rooms if r == q["room"]]
        slots = slot_search(
            request=mreq,
            mediator_ids=mediators,
            room_ids=rooms,
            duration=datetime.timedelta(minutes=q["duration"]),
            earliest=q.get("earliest"),
            limit=q["limit"],
        )
        return Response(SlotSerializer(slots, many=True).data)


class MediationTrackAgreementApi(APIView):
    """The agreement PDF for the worker: tracking number in the path, access code in X-Access-Code."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [AddressThrottle, TrackThrottle]

    @extend_schema(
        operation_id="mediation_track_agreement",
        parameters=[OpenApiParameter("X-Access-Code", str, OpenApiParameter.HEADER, required=True)],
        responses={
            (200, "application/pdf"): bytes,
            404: OpenApiResponse(description="Unknown number, wrong code or no agreement yet."),
            429: OpenApiResponse(description="Too many wrong codes; see the Retry-After header."),
        },
        auth=[],
    )
    def get(self, request, tracking_number: str):
        from django.http import FileResponse

        from .tracking_registration import KIND

        verdict, found = code_check(request, tracking_number, request.headers.get("X-Access-Code", ""))
        if not verdict.allowed:
            raise Throttled(wait=verdict.retry_after)
        mreq = found[1] if found is not None and found[0].name == KIND else None
        if mreq is None or not mreq.agreement_pdf:
            raise Http404
        return FileResponse(mreq.agreement_pdf.open("rb"), filename=f"{mreq.tracking_number}.pdf")


class MediationFromComplaintApi(APIView):
    """Refer a complaint as a private dispute to mediation in one action (inspector or manager)."""

    @extend_schema(
        operation_id="mediation_from_complaint",
        request=form_request_serializer(ReasonForm, _body_name(ReasonForm)),
        responses={201: MediationDetailSerializer},
    )
    def post(self, request, complaint_pk: int):
        from complaints.models import Complaint

        complaint = Complaint.objects.filter(pk=complaint_pk).first()
        if complaint is None:
            raise Http404
        form = ReasonForm(request.data, user=request.user)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        mreq = services.complaint_refer_to_mediation(
            complaint=complaint, by=request.user, reason=form.cleaned_data["reason"]
        )
        return Response(MediationDetailSerializer(mreq).data, status=status.HTTP_201_CREATED)
