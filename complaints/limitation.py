"""The two-year limitation (劳动保障监察条例 第二十条): the one rule that intake, acceptance and pages use.

See docs/law/complaints.md, "The two-year limit".
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.utils import timezone


def limitation_expires_on(period_end: datetime.date) -> datetime.date:
    """Return the last day on which a complaint about a violation that ended on ``period_end`` is in time.

    劳动保障监察条例 第二十条: a violation that was neither discovered nor reported or complained of within
    two years (``LIMITATION_YEARS``) is no longer dealt with; the period counts from the day the violation
    occurred, for a continuing one from the day it ended. A period in years (民法典 第二百零一、二百零二条)
    whose first day is the day after the event (``LIMITATION_STARTS_NEXT_DAY``, the default) ends on the
    corresponding day of the last year; counted from the day of the event itself, it ends a day earlier.
    With no corresponding day (29 February in a common year) the month's last day stands in for it.
    """
    year = period_end.year + settings.WAGEWATCH["LIMITATION_YEARS"]
    day = min(period_end.day, calendar.monthrange(year, period_end.month)[1])
    corresponding = period_end.replace(year=year, day=day)
    if settings.WAGEWATCH["LIMITATION_STARTS_NEXT_DAY"]:
        return corresponding
    return corresponding - datetime.timedelta(days=1)


def within_limitation(
    *, period_end: datetime.date | None, continuing: bool, complained_on: datetime.date
) -> bool:
    """Return whether a complaint made on ``complained_on`` is within the limitation (第二十条).

    A continuing violation (wages still unpaid) counts from the day it ends, so it is always within; so is
    one whose end is not stated (the inspector finds out).
    """
    if continuing or period_end is None:
        return True
    return complained_on <= limitation_expires_on(period_end)


def complaint_within_limitation(complaint) -> bool:
    """Return whether the complaint was made within the limitation: the day it was received stops the clock."""
    received = timezone.localdate(complaint.received_at) if complaint.received_at else timezone.localdate()
    return within_limitation(
        period_end=complaint.period_end, continuing=complaint.continuing, complained_on=received
    )
