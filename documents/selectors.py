"""Reads of the offices for pages outside the documents app (the worker's portal)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.models import District


@dataclass(frozen=True)
class OfficeContact:
    district: str
    name: str
    address: str
    phone: str
    opening_hours: str


def office_contacts() -> list[OfficeContact]:
    """Return, for every workplace district, where a worker can go: office, address, phone and hours.

    A district without an office yet, or an office without its own hours, shows the city's defaults
    (settings.PORTAL).
    """
    portal = settings.PORTAL
    contacts = []
    districts = District.objects.filter(children__isnull=True).select_related("office").order_by("code")
    for district in districts:
        office = getattr(district, "office", None)
        contacts.append(
            OfficeContact(
                district=district.name,
                name=office.full_name if office else "",
                address=office.address if office else "",
                phone=(office.phone if office else "") or portal["HOTLINE"],
                opening_hours=(office.opening_hours if office else "") or str(portal["OPENING_HOURS"]),
            )
        )
    return contacts
