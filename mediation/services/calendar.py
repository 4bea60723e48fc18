"""A mediator's own calendar: unavailable periods (leave, training, field work)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import StateConflict
from core.models import User
from core.rules import is_manager

from ..models import Booking, Unavailability


def unavailability_add(
    *, mediator: User, by: User, start_at: datetime.datetime, end_at: datetime.datetime, reason: str = ""
) -> Unavailability:
    """Block a period in a mediator's calendar; refused while a session is booked in it."""
    if not (by == mediator or is_manager(by)):
        raise PermissionDenied(_("Only the mediator or a manager may change this calendar."))
    if end_at <= start_at:
        raise ValidationError({"end_at": _("The period must end after it starts.")})
    with transaction.atomic():
        if Booking.objects.filter(
            active=True, resource=f"mediator:{mediator.pk}", start_at__lt=end_at, end_at__gt=start_at
        ).exists():
            raise StateConflict(_("A session is booked in that period: move or cancel it first."))
        return Unavailability.objects.create(
            mediator=mediator, start_at=start_at, end_at=end_at, reason=(reason or "").strip()[:200]
        )
