"""Template filters that mask personal data; use them wherever an ID number, phone or name is shown."""

from __future__ import annotations

from django import template

from core.identifiers import mask_mobile, mask_name, mask_resident_id

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return mask_resident_id(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return mask_mobile(value or "")


@register.filter
def mask_person(value: str) -> str:
    return mask_name(value or "")
