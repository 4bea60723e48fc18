"""Staff case API: list with filters, one case with its timeline, one action endpoint per transition."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import form_error_detail
from core.form_schema import form_request_serializer
from core.rules import is_staff_member

from .. import actions
from ..action_forms import ACTION_FORMS, ACTION_LABELS, GROUP_FORMS, GROUP_LABELS, NoteAddForm
from ..filters import CaseFilter
from ..pagination import CasePagination
from ..selectors.cases import (
    complaint_get_for,
    complaint_list,
    complaint_list_page_prefetch,
    complaint_timeline,
)
from ..services.group_actions import complaint_group_act, group_action_check
from ..services.notes import case_note_add
from .case_serializers import (
    CaseDetailSerializer,
    CaseListSerializer,
    CaseNoteSerializer,
    GroupActionResultSerializer,
)


class IsStaffMember(BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


def _detail(request, pk) -> Response:
    complaint = complaint_get_for(request.user, pk)
    context = {"request": request, "timeline": complaint_timeline(complaint)}
    return Response(CaseDetailSerializer(complaint, context=context).data)


class CaseListApi(APIView):
    permission_classes = [IsAuthenticated, IsStaffMember]
    pagination_class = CasePagination

    @extend_schema(
        operation_id="cases_list",
        parameters=[
            OpenApiParameter(name, description=str(f.label or name))
            for name, f in CaseFilter.base_filters.items()
        ]
        + [
            OpenApiParameter("page", int),
            OpenApiParameter("ordering", str, enum=["deadline", "received_at", "-received_at"]),
        ],
        responses=CaseListSerializer(many=True),
    )
    def get(self, request):
        cases = complaint_list(fetched_by=request.user, filters=request.query_params)
        paginator = self.pagination_class()
        page = complaint_list_page_prefetch(paginator.paginate_queryset(cases, request, view=self))
        data = CaseListSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class CaseDetailApi(APIView):
    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(operation_id="cases_retrieve", responses=CaseDetailSerializer)
    def get(self, request, pk: int):
        return _detail(request, pk)


class CaseActionApi(APIView):
    """POST one action: 404 if the case is not visible, 409 wrong state or changed meanwhile, 403, 400."""

    # Each subclass names its action; its request body is documented from the action's form (the same
    # form the workbench validates with) through core/form_schema.py.

    permission_classes = [IsAuthenticated, IsStaffMember]
    action_name = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.action_name
        camel = "".join(part.title() for part in name.split("_"))
        # Per method, not on the class: an operation_id on a class would be shared by every method.
        extend_schema_view(
            post=extend_schema(
                operation_id=f"cases_{name}",
                summary=str(ACTION_LABELS[name]),
                request=form_request_serializer(ACTION_FORMS[name], f"Case{camel}Request"),
                responses={200: CaseDetailSerializer},
            )
        )(cls)

    def post(self, request, pk: int):
        complaint = complaint_get_for(request.user, pk)
        actions.precheck(complaint, request.user, self.action_name)
        form = ACTION_FORMS[self.action_name](request.data, complaint=complaint)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        actions.perform(complaint, request.user, self.action_name, form.kwargs())
        return _detail(request, pk)


class CaseIdentifyEmployerApi(CaseActionApi):
    action_name = "identify_employer"


class CaseAcceptApi(CaseActionApi):
    action_name = "accept"


class CaseRequestSupplementApi(CaseActionApi):
    action_name = "request_supplement"


class CaseDeclineApi(CaseActionApi):
    action_name = "decline"


class CaseReferApi(CaseActionApi):
    action_name = "refer"


class CaseTransferApi(CaseActionApi):
    """Transfer the case to the competent district office (移送管辖, 劳动保障监察条例 第十三条)."""

    action_name = "transfer"


class CaseTransferAcceptApi(CaseActionApi):
    """Receive a transferred case for the competent office; its acceptance period starts."""

    action_name = "transfer_accept"


class CaseTransferReturnApi(CaseActionApi):
    """Send a transferred case back to the sending office, with the reason."""

    action_name = "transfer_return"


class CaseMergeApi(CaseActionApi):
    """Close the case as a duplicate of another; its evidence and workers join that case."""

    action_name = "merge"


class CaseUnlinkApi(CaseActionApi):
    """Take a wrongly grouped complaint out of its group."""

    action_name = "unlink"


class CaseSuperviseApi(CaseActionApi):
    """The city office flags the case for supervision (挂牌督办) with a due date."""

    action_name = "supervise"


class CaseSupervisionLiftApi(CaseActionApi):
    """The city office lifts its supervision of the case."""

    action_name = "supervision_lift"


class CaseStartInvestigationApi(CaseActionApi):
    action_name = "start_investigation"


class CaseExtendDeadlineApi(CaseActionApi):
    action_name = "extend_deadline"


class CaseIssueOrderApi(CaseActionApi):
    action_name = "issue_order"


class CaseRecordComplianceApi(CaseActionApi):
    action_name = "record_compliance"


class CaseRecordNonComplianceApi(CaseActionApi):
    action_name = "record_non_compliance"


class CaseOrderSurchargeApi(CaseActionApi):
    action_name = "order_surcharge"


class CaseDecidePenaltyApi(CaseActionApi):
    action_name = "decide_penalty"


class CaseTransferToPoliceApi(CaseActionApi):
    action_name = "transfer_to_police"


class CaseProposeBlacklistApi(CaseActionApi):
    action_name = "propose_blacklist"


class CaseResolveApi(CaseActionApi):
    action_name = "resolve"


class CaseWithdrawCaseApi(CaseActionApi):
    action_name = "withdraw_case"


class CaseCloseApi(CaseActionApi):
    action_name = "close"


class CaseReopenApi(CaseActionApi):
    action_name = "reopen"


class CaseAssignApi(CaseActionApi):
    action_name = "assign"


class CaseGroupActionApi(APIView):
    """POST one action on every open case of the case's group: all or none (400/403/409 name the case)."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    action_name = ""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.action_name
        camel = "".join(part.title() for part in name.split("_"))
        extend_schema_view(
            post=extend_schema(
                operation_id=f"cases_group_{name}",
                summary=str(GROUP_LABELS[name]),
                request=form_request_serializer(GROUP_FORMS[name], f"CaseGroup{camel}Request"),
                responses={200: GroupActionResultSerializer},
            )
        )(cls)

    def post(self, request, pk: int):
        complaint = complaint_get_for(request.user, pk)
        group_action_check(complaint, request.user, self.action_name)
        form = GROUP_FORMS[self.action_name](request.data, complaint=complaint)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        result = complaint_group_act(
            complaint=complaint, by=request.user, action=self.action_name, **form.kwargs()
        )
        return Response(GroupActionResultSerializer(result).data)


class CaseGroupAssignApi(CaseGroupActionApi):
    action_name = "assign"


class CaseGroupAcceptApi(CaseGroupActionApi):
    action_name = "accept"


class CaseGroupIssueOrderApi(CaseGroupActionApi):
    action_name = "issue_order"


class CaseNoteCreateApi(APIView):
    """POST an internal note (never shown to the worker); @mentions notify the colleagues named."""

    permission_classes = [IsAuthenticated, IsStaffMember]

    @extend_schema(
        operation_id="cases_notes_create",
        request=form_request_serializer(NoteAddForm, "CaseNoteRequest"),
        responses={201: CaseNoteSerializer},
    )
    def post(self, request, pk: int):
        complaint = complaint_get_for(request.user, pk)
        if not request.user.has_perm("complaints.add_note", complaint):
            raise PermissionDenied(gettext("You may not take this action on this case."))
        form = NoteAddForm(request.data, complaint=complaint)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        note = case_note_add(complaint=complaint, by=request.user, text=form.cleaned_data["text"])
        return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)
