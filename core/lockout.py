"""Staff login lockout (django-axes): the cool-off that grows with repeated failures, and the 429 page.

Failures are counted per account (from any address) and per address (for any account), see
core/settings/lockout.py. Every ``AXES_FAILURE_LIMIT`` failures double the cool-off, from
``LOGIN_COOLOFF_MINUTES`` up to a day; a failure while locked out counts too, so a script that keeps
trying keeps itself out longer, while the person who mistyped waits a quarter of an hour.
"""

from __future__ import annotations

import datetime
import ipaddress

from django.conf import settings
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse

MAX_COOLOFF = datetime.timedelta(days=1)


def _failures(request: HttpRequest | None) -> int:
    """Return the recorded failures of this request's account or address, whichever is higher."""
    from axes.helpers import get_client_username
    from axes.models import AccessAttempt

    if request is None:
        return 0
    address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request)
    counts = AccessAttempt.objects.aggregate(
        by_address=Sum("failures_since_start", filter=Q(ip_address=address)),
        by_account=Sum("failures_since_start", filter=Q(username=username) if username else Q(pk=None)),
    )
    return max(counts["by_address"] or 0, counts["by_account"] or 0)


def login_client_ip(request: HttpRequest) -> str | None:
    """Return the client address the rate limits use, or None when there is no valid one (e.g. force_login)."""
    from complaints.throttles import client_ip

    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def login_cool_off(request: HttpRequest | None = None) -> datetime.timedelta:
    """Return how long a lockout lasts: the base time, doubled for every further run of failures."""
    base = datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    runs = max(0, _failures(request) // settings.AXES_FAILURE_LIMIT - 1)
    return min(base * (2 ** min(runs, 16)), MAX_COOLOFF)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Answer a locked-out login with 429, a Retry-After header and the wait in words."""
    from .views import too_many_requests

    wait = int(login_cool_off(request).total_seconds())
    return too_many_requests(request, wait, template="core/locked_out.html")
