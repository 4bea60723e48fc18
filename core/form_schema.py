"""Document a Django form as an OpenAPI request body: the one adapter between forms and drf-spectacular.

Every staff action declares its input once, as a Django form; the HTML page and the API both validate
with it. drf-spectacular documents serializers, so ``form_request_serializer`` builds a serializer with
the form's fields for the schema only (it never validates a request). A form field whose input has a
shape of its own (a list of rows) documents itself with a ``schema_field()`` method.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, cast

from django import forms
from rest_framework import serializers


def _schema_field(field: forms.Field) -> serializers.Field:
    """Return the serializer field documenting one form field."""
    if hasattr(field, "schema_field"):
        return field.schema_field()
    required = field.required
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), required=required)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(required=required, allow_null=not required)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(
            child=serializers.ChoiceField(choices=_choices(field)), required=required
        )
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(choices=_choices(field), required=required)
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            required=required,
            allow_null=not required,
            min_value=_bound(field.min_value),
            max_value=_bound(field.max_value),
        )
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(required=required, allow_null=not required)
    if isinstance(field, forms.DateField):
        return serializers.DateField(required=required, allow_null=not required)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(
            required=required, min_value=_bound(field.min_value), max_value=_bound(field.max_value)
        )
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False)
    return serializers.CharField(
        required=required, allow_blank=not required, max_length=getattr(field, "max_length", None)
    )


def _choices(field: forms.ChoiceField) -> list:
    """Return a choice field's choices as a list (a form resolves callable choices when they are set)."""
    return list(cast(Iterable, field.choices))


def _bound(value: object) -> Any:
    """Return a number field's limit for the schema, or None when the form computes it (a callable)."""
    return None if callable(value) else value


@cache
def form_request_serializer(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    """Return a serializer named ``name`` with the fields of ``form_class``, for ``extend_schema(request=)``."""
    attrs: dict[str, serializers.Field] = {}
    for field_name, field in form_class.base_fields.items():
        attrs[field_name] = _schema_field(field)
        attrs[field_name].help_text = str(field.help_text or field.label or "")
    return type(name, (serializers.Serializer,), attrs)
