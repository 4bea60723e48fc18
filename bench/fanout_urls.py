"""URLs for bench/fanout.py: the project's URLs plus a stand-in case-transition API (see fanout_settings)."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints.models import Complaint
from complaints.services.audit import audit_record
from notifications.services import event_record


class CaseTouchApi(APIView):
    """Stand-in for a lifecycle action: audit row and case.transitioned event in one transaction."""

    permission_classes = [IsAuthenticated]

    def post(self, request, pk: int):
        with transaction.atomic():
            case = get_object_or_404(Complaint.objects.select_for_update(), pk=pk)
            audit_record(complaint=case, action="bench_touch", actor=request.user)
            event = event_record(
                kind="case.transitioned",
                text=f"案件 {case.tracking_number} 状态更新",
                payload={
                    "case_id": case.pk,
                    "tracking_number": case.tracking_number,
                    "status": case.status,
                    "status_label": case.get_status_display(),
                    "district_id": case.district_id,
                    "actor_id": request.user.pk,
                },
                groups=[f"district-{case.district_id}", f"case-{case.pk}"],
            )
        return Response({"id": case.pk, "status": case.status, "event_id": event.pk})


urlpatterns = [
    path("api/v1/bench/cases/<int:pk>/transition/", CaseTouchApi.as_view()),
    path("", include("core.urls")),
]
