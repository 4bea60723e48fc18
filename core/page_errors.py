"""The pages' side of the error contract: a domain exception from a service becomes a message or form errors.

Every HTML view that runs a staff action catches ``PAGE_ERRORS`` around the service call and shows
``error_message(exc)`` (or puts a ValidationError on its form with ``add_form_errors``). PermissionDenied
is not caught: it stays a 403 page.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from .exceptions import CONFLICTS, conflict_message

PAGE_ERRORS = (ValidationError, *CONFLICTS)


def error_message(exc: Exception) -> str:
    """Return one line for the user about a failed action."""
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return conflict_message(exc)


def add_form_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on the form."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
