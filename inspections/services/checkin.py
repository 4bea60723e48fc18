"""On-site check-in: where the tablet was, and how sure it was, when a visit was started."""

from __future__ import annotations

import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import User
from core.services import audit_record

from ..choices import CheckinStatus, VisitStatus
from ..models import Visit

EARTH_RADIUS_M = 6_371_008.8  # mean radius of the WGS-84 ellipsoid


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Return the great-circle distance in metres between two WGS-84 points (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a))))


def checkin_distance_m(visit: Visit) -> int | None:
    """Return how far from the employer's recorded location the visit was checked in, when both are known."""
    employer = visit.employer
    if visit.checkin_latitude is None or visit.checkin_longitude is None:
        return None
    if employer.latitude is None or employer.longitude is None:
        return None
    return distance_m(
        float(visit.checkin_latitude),
        float(visit.checkin_longitude),
        float(employer.latitude),
        float(employer.longitude),
    )


@transaction.atomic
def visit_check_in(
    *,
    visit: Visit,
    checked_in_by: User,
    status: str,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    accuracy_m: int | None = None,
) -> Visit:
    """Record the start of a visit on site: the position and its accuracy, or why there is none.

    A refused permission or a missing position is recorded as such and does not stop the visit. The
    first recorded position stands; a check-in without one may be followed by one with a position.
    The check-in is not part of the visit's result, so it leaves the version (which guards the
    result) alone: a form opened before the check-in can still be recorded.
    """
    if not checked_in_by.has_perm("inspections.complete_visit", visit):
        raise PermissionDenied(_("Only the visit's team (or a manager of the campaign) may record it."))
    visit = Visit.objects.select_for_update(of=("self",)).select_related("employer").get(pk=visit.pk)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(_("This visit is already %(status)s.") % {"status": visit.get_status_display()})
    if status not in CheckinStatus.values:
        raise ValidationError({"status": _("Choose a check-in status.")})
    recorded = status == CheckinStatus.RECORDED
    if recorded and (latitude is None or longitude is None or accuracy_m is None):
        raise ValidationError({"latitude": _("A recorded position needs latitude, longitude and accuracy.")})
    if visit.checkin_status == CheckinStatus.RECORDED:
        return visit
    visit.checkin_status = status
    visit.checkin_at = timezone.now()
    visit.checkin_latitude = latitude if recorded else None
    visit.checkin_longitude = longitude if recorded else None
    visit.checkin_accuracy_m = accuracy_m if recorded else None
    visit.save(
        update_fields=[
            "checkin_status",
            "checkin_at",
            "checkin_latitude",
            "checkin_longitude",
            "checkin_accuracy_m",
        ]
    )
    audit_record(
        subject=visit,
        action="checked_in",
        actor=checked_in_by,
        changes={
            "status": status,
            "accuracy_m": visit.checkin_accuracy_m,
            "distance_m": checkin_distance_m(visit),
        },
    )
    return visit
