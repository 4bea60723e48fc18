"""Websocket routes; consumers live only in this app."""

from django.urls import path

from .consumers import StaffConsumer

websocket_urlpatterns = [
    path("ws/staff/", StaffConsumer.as_asgi()),
]
