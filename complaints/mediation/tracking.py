"""Mediation tracking numbers (``2102M-2026-000012``) and the worker's lookup by number + access code.

Numbers come from the shared TrackingSequence with the prefix ``<4-digit city code>M``. Intake extends
``next_tracking_number`` with a ``prefix=`` keyword; until that lands, a local draw on the same table is
used (same locking). The lookup is registered with intake's ``complaints/trackables.py`` when present.
"""

from __future__ import annotations

import inspect
import re

from django.db import transaction

from complaints.tracking import TrackingSequence, access_code_matches, next_tracking_number

NUMBER_RE = re.compile(r"^\d{4}M-\d{4}-\d{6}$")


def mediation_prefix(district_code: str) -> str:
    return f"{(district_code or '0000')[:4]}M"


def next_mediation_number(*, district_code: str, year: int) -> str:
    """Draw the next mediation tracking number; call inside the creating transaction."""
    prefix = mediation_prefix(district_code)
    if "prefix" in inspect.signature(next_tracking_number).parameters:
        return next_tracking_number(district_code=district_code, year=year, prefix=prefix)
    with transaction.atomic():
        TrackingSequence.objects.get_or_create(prefix=prefix, year=year)
        seq = TrackingSequence.objects.select_for_update().get(prefix=prefix, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    return f"{prefix}-{year}-{seq.last:06d}"


def is_mediation_number(tracking_number: str) -> bool:
    return bool(NUMBER_RE.match((tracking_number or "").strip().upper()))


def lookup(tracking_number: str, access_code: str):
    """Return the mediation request for a number + access code, or None (no hint which one was wrong)."""
    from .models import MediationRequest

    number = (tracking_number or "").strip().upper()
    if not is_mediation_number(number):
        return None
    request = MediationRequest.objects.filter(tracking_number=number).first()
    if request is None or not access_code_matches(access_code, request.access_code_hash):
        return None
    return request


def register_with_intake() -> None:
    """Register the lookup with intake's trackables registry when it exists (after merging main)."""
    try:
        from complaints import trackables
    except ImportError:
        return
    register = getattr(trackables, "register", None)
    if register is None:
        return
    try:
        register(is_mediation_number, lookup)
    except TypeError:  # a registry with extra hooks; the serializer/template hooks are wired after merge
        pass
