"""Form input from any door: a JSON body bound as a browser would send it, and size errors told apart.

``is_too_large``: a ValidationError with the code ``too_large`` (a file or a set of files over a
limit) is answered 413 by pages and the API alike, any other ValidationError 400.

A form written for HTML expects strings (or lists of strings for a multiple choice) because that is all
a browser sends. A JSON body can carry numbers, booleans, lists and objects anywhere; Django's fields
were not written for those (a date field calls ``.strip()`` on its value). ``json_form_data`` turns a
decoded JSON object into what the form expects, and refuses a list or an object where one value is
expected with a 400 naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOO_LARGE = "too_large"


def is_too_large(error: ValidationError) -> bool:
    """Whether a ValidationError, or any error inside it, is a size limit (code ``too_large``)."""
    if hasattr(error, "error_dict"):
        return any(is_too_large(e) for errors in error.error_dict.values() for e in errors)
    return any(e.code == TOO_LARGE for e in getattr(error, "error_list", [error]))


def _accepts_list(field: forms.Field) -> bool:
    return bool(getattr(field.widget, "allow_multiple_selected", False))


def json_form_data(fields: Mapping[str, forms.Field], data) -> dict:
    """Return ``data`` (a decoded JSON body) as form data for ``fields``; raise ValidationError if unfit.

    A field that reads structured values itself (a list of rows) says so with ``json_structured = True``.
    """
    if not isinstance(data, Mapping):
        raise ValidationError(_("The request body must be a JSON object."), code="not_an_object")
    out: dict = {}
    errors: dict[str, str] = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None or value is None:
            continue
        if getattr(field, "json_structured", False):
            out[name] = value
        elif isinstance(value, list) and _accepts_list(field):
            if any(isinstance(v, (list, dict)) for v in value):
                errors[name] = _("Give a list of single values.")
            else:
                out[name] = [str(v) for v in value]
        elif isinstance(value, (list, dict)):
            errors[name] = _("Give a single value here, not a list or an object.")
        elif isinstance(value, bool) and isinstance(field, forms.BooleanField):
            out[name] = value
        else:
            out[name] = value if isinstance(value, str) else str(value)
    if errors:
        raise ValidationError({name: [message] for name, message in errors.items()})
    return out


def step_errors(form: forms.Form, names) -> dict[str, list[str]]:
    """Validate ``form`` as its final submission is validated and return the errors of ``names`` only.

    Behind the step checks of the worker's multi-step forms: a step is checked by the very fields,
    validators and rules of the door that will judge the filing, never by a second copy of them.
    A form may add errors that live outside its fields with ``step_extra_errors()``.
    """
    wanted = set(names)
    form.is_valid()
    errors = {
        name: [str(message) for message in form.errors[name]]
        for name in form.fields
        if name in wanted and name in form.errors
    }
    extra = getattr(form, "step_extra_errors", None)
    if extra is not None:
        errors.update({name: messages for name, messages in extra().items() if name in wanted and messages})
    return errors
