"""Websocket routes; consumers live only in this app."""

websocket_urlpatterns: list = []
