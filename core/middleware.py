"""Refuse at the door what no view can store: NUL characters in the path, query, headers or form fields.

PostgreSQL cannot hold a NUL character in a text column, so a lookup by a tracking number, a search or a
list filter, or a Basic-auth user name that carries one would fail deep inside the database driver.
One check here answers all of them with a 400 and a clear message, for pages and the API alike. JSON
bodies are checked by the API's parser (core/parsers.py); form fields of multipart bodies by the forms
and serializers (Django and DRF text fields refuse NUL characters).
"""

from __future__ import annotations

import base64
import binascii

from django.utils.translation import gettext as _

from .views import request_refused

NUL = "\x00"
_FORM_TYPE = "application/x-www-form-urlencoded"


def _basic_credentials(header: str) -> str:
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "basic" or not token:
        return ""
    try:
        return base64.b64decode(token.strip()).decode("latin-1")
    except (binascii.Error, ValueError):
        return ""  # DRF answers an undecodable header itself


def has_nul(request) -> bool:
    """Whether the path, a query parameter, a header, Basic credentials or a urlencoded field hold NUL."""
    if NUL in request.path_info or NUL in request.path:
        return True
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in v for v in values):
            return True
    for key, value in request.META.items():
        if (key.startswith("HTTP_") or key in ("CONTENT_TYPE", "QUERY_STRING")) and isinstance(value, str):
            if NUL in value:
                return True
    if NUL in _basic_credentials(request.META.get("HTTP_AUTHORIZATION", "")):
        return True
    if request.method == "POST" and request.content_type == _FORM_TYPE:
        # Bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; CsrfViewMiddleware reads the same fields anyway.
        for key, values in request.POST.lists():
            if NUL in key or any(NUL in v for v in values):
                return True
    return False


class RejectNulMiddleware:
    """Answer 400 to a request that carries a NUL character where text is expected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            return request_refused(
                request, 400, _("The request contains a NUL character, which is not allowed in any field.")
            )
        return self.get_response(request)
