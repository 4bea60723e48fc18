"""One exception handler for the API: domain errors become 400/403/404/409/413/429 with a clear message.

The domain exceptions are those of core/exceptions.py; the pages map the same ones in core/page_errors.py.

A user never sees a traceback: anything unexpected is logged and answered with a plain 500 body that
carries no detail (tests assert that no endpoint reaches it).
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import CONFLICTS, conflict_message
from .forms import is_too_large

logger = logging.getLogger("wagewatch.api")


class Conflict(exceptions.APIException):
    """The 409 answer of the handler; services raise core.exceptions' domain exceptions instead."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "conflict"
    default_code = "conflict"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "too large"
    default_code = "too_large"


def request_limit_message(exc: Exception) -> str | None:
    """Return what to tell the sender of a request over one of Django's request limits, else None."""
    if isinstance(exc, RequestDataTooBig):
        return _("The request is too large (at most %(mb)s MB besides uploaded files).") % {
            "mb": f"{(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / (1024 * 1024):.0f}"
        }
    if isinstance(exc, TooManyFieldsSent):
        return _("The request has too many fields (at most %(n)d).") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if isinstance(exc, TooManyFilesSent):
        return _("The request has too many files (at most %(n)d).") % {
            "n": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    return None


def validation_error_detail(exc: DjangoValidationError) -> dict | list:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def wait_text(seconds: int | float) -> str:
    """Say in words how long to wait before trying again (for a 429 body or page)."""
    seconds = max(1, int(seconds))
    if seconds < 60:
        return ngettext(
            "Too many requests. Please wait %(n)d second and try again.",
            "Too many requests. Please wait %(n)d seconds and try again.",
            seconds,
        ) % {"n": seconds}
    minutes = -(-seconds // 60)
    return ngettext(
        "Too many requests. Please wait about %(n)d minute and try again.",
        "Too many requests. Please wait about %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


def form_error_detail(form: forms.BaseForm) -> dict[str, list[str]]:
    """Return a form's errors as the API's 400 body (field name to messages)."""
    return {field: [e["message"] for e in errors] for field, errors in form.errors.get_json_data().items()}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError) and is_too_large(exc):
        exc = PayloadTooLarge(" ".join(str(m) for m in exc.messages))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_error_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or _("You may not do this."))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, CONFLICTS):
        exc = Conflict(conflict_message(exc))
    elif request_limit_message(exc) is not None:
        exc = PayloadTooLarge(request_limit_message(exc))
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("The request could not be understood."))
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            {"detail": _("Something went wrong on our side. Your data is safe; please try again.")},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
    if wait is not None:
        response.data = {"detail": wait_text(wait)}
    return response
