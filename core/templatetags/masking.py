"""Template filters that mask personal data; use them wherever an ID number, phone or name is shown."""

from __future__ import annotations

from django import template

from core.identifiers import mask_mobile, mask_name, mask_resident_id, resident_id_note_for_staff

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


@register.inclusion_tag("core/_id_note.html")
def id_note(value: str) -> dict:
    """A badge for staff next to an ID number whose area code is not in the table (with the note as title)."""
    return {"note": resident_id_note_for_staff(value or "")}
