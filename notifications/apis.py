"""The notifications API: list the user's notifications and mark them read (thin: selectors and services)."""

from __future__ import annotations

from typing import cast

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.models import User
from core.rules import is_staff_member

from . import selectors, services
from .models import Notification


class IsStaffMember(BasePermission):
    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


class NotificationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    event_id = serializers.IntegerField()
    kind = serializers.CharField(source="event.kind")
    text = serializers.CharField(source="event.text")
    payload = serializers.JSONField(source="event.payload")
    created_at = serializers.DateTimeField(source="event.created_at")
    read = serializers.SerializerMethodField()
    read_at = serializers.DateTimeField(allow_null=True)

    def get_read(self, obj) -> bool:
        return obj.read_at is not None


class NotificationListApi(generics.ListAPIView):
    """The user's notifications, newest first; ``?unread=true`` for unread only."""

    permission_classes = [IsStaffMember]
    serializer_class = NotificationOutputSerializer

    @extend_schema(
        operation_id="notifications_list",
        parameters=[OpenApiParameter("unread", bool, description="Only unread notifications")],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Notification.objects.none()
        unread_only = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notification_list(fetched_by=self.request.user, unread_only=unread_only)


class NotificationReadApi(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(operation_id="notifications_read", request=None, responses=NotificationOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        try:
            notification = services.notification_mark_read(user=request.user, notification_id=pk)
        except Notification.DoesNotExist as exc:
            raise Http404 from exc
        return Response(NotificationOutputSerializer(notification).data)


class NotificationReadAllApi(APIView):
    permission_classes = [IsStaffMember]

    @extend_schema(
        operation_id="notifications_read_all",
        request=None,
        responses=inline_serializer(
            "NotificationReadAll",
            {"marked": serializers.IntegerField(), "unread": serializers.IntegerField()},
        ),
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)  # the permission lets only staff members in
        marked = services.notification_mark_all_read(user=user)
        return Response({"marked": marked, "unread": selectors.notification_unread_count(user_id=user.pk)})
