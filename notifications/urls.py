"""Notifications: the staff page and the API under /api/v1/notifications/."""

from django.urls import path

from . import apis, views

app_name = "notifications"

urlpatterns = [
    path("staff/notifications/", views.notification_page, name="page"),
    path("staff/notifications/read-all/", views.notification_read_all, name="read-all"),
    path("staff/notifications/<int:pk>/read/", views.notification_read, name="read"),
    path("api/v1/notifications/", apis.NotificationListApi.as_view(), name="api-list"),
    path("api/v1/notifications/read-all/", apis.NotificationReadAllApi.as_view(), name="api-read-all"),
    path("api/v1/notifications/<int:pk>/read/", apis.NotificationReadApi.as_view(), name="api-read"),
]
