"""Serializer helpers shared by the apps' APIs."""

from __future__ import annotations


class SharedFieldsMixin:
    """Copy the declared fields shallowly for each serializer instead of deep-copying them.

    DRF deep-copies every declared field for every serializer instance, which re-runs each field's
    ``__init__`` (validators, choices, messages): for the intake form that was the largest piece of
    work in parsing a request (bench/intake.py). A shallow copy is enough for serializers that only
    parse input: ``bind()`` sets the name and parent on the copy, and what stays shared (validator
    lists, error messages, a list field's child) is read, never written, during validation. Do not use
    it where fields are changed per instance (``self.fields[...] = …`` or field attributes set in
    ``__init__``).
    """

    def get_fields(self):
        return {name: shallow_copy(field) for name, field in self._declared_fields.items()}


def shallow_copy(field):
    """``copy.copy`` without its ``__reduce_ex__`` round trip (a third of the cost of building the fields)."""
    new = field.__class__.__new__(field.__class__)
    new.__dict__.update(field.__dict__)
    return new
