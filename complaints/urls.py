"""Complaints URLs: the public side (workers) and the staff side (workbench), in separate modules."""

from django.urls import include, path

app_name = "complaints"

urlpatterns = [
    path("", include("complaints.urls_public")),
    path("", include("complaints.urls_staff")),
]
