"""Which cases this browser may open: the session's record of the access codes it proved.

A browser that proved a tracking number's access code (on the tracking form, or by filing) may open
that case's page and downloads without typing the code again. The session keeps, per number, the kind
of trackable, its model label and a short fingerprint of the code's stored hash (never the code). When
the code is replaced (the worker recovered a lost code), the fingerprint no longer matches: the entry is
forgotten and the browser must prove the new code. Complaints and mediation requests share this map.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import tracking_registry

SESSION_TRACKED = "tracked_cases"
KEEP = 10  # the newest numbers a browser remembers


class AccessCodeReplaced(Http404):
    """The session proved a code that has since been replaced; its entry was forgotten."""


def code_fingerprint(access_code_hash: str) -> str:
    """Return 16 hex digits that change whenever the stored hash of the access code changes."""
    key = settings.SECRET_KEY.encode()
    message = f"tracking-session:{access_code_hash or ''}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:16]


def authorise(session, tracking_number: str, kind: str, obj: Any) -> None:
    """Remember that this browser proved the current access code of ``obj`` (the newest ten numbers)."""
    tracked = dict(session.get(SESSION_TRACKED, {}))
    tracked.pop(tracking_number, None)
    label = tracking_registry.model_label(obj)
    tracked[tracking_number] = f"{kind}|{label}|{code_fingerprint(getattr(obj, 'access_code_hash', ''))}"
    session[SESSION_TRACKED] = dict(list(tracked.items())[-KEEP:])


def forget(session, tracking_number: str) -> None:
    tracked = dict(session.get(SESSION_TRACKED, {}))
    if tracked.pop(tracking_number, None) is not None:
        session[SESSION_TRACKED] = tracked


def numbers(session) -> list[str]:
    return list(session.get(SESSION_TRACKED, {}).keys())


def forget_all(session) -> None:
    session.pop(SESSION_TRACKED, None)


def tracked(session, tracking_number: str) -> tuple[tracking_registry.Trackable, Any]:
    """Return (kind, object) for a number whose current code this session proved.

    Raise Http404 when the session never proved it (or the object is gone), and AccessCodeReplaced
    (an Http404) after forgetting the entry when the code was replaced since.
    """
    held = str(session.get(SESSION_TRACKED, {}).get(tracking_number) or "")
    if not held:
        raise Http404
    kind, _sep, rest = held.partition("|")
    label, _sep, fingerprint = rest.partition("|")
    entry = tracking_registry.get(kind)
    obj = tracking_registry.fetch(kind, tracking_number, label) if entry else None
    if obj is None:
        raise Http404
    current = code_fingerprint(getattr(obj, "access_code_hash", ""))
    if not hmac.compare_digest(current, fingerprint):
        forget(session, tracking_number)
        raise AccessCodeReplaced
    return entry, obj


def back_to_tracking_when_replaced(view: Callable) -> Callable:
    """Send the worker back to the tracking form, with a message, when the code they proved was replaced."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except AccessCodeReplaced:
            messages.warning(
                request,
                _("The access code of this case was replaced. Enter the tracking number and the new code."),
            )
            return redirect("complaints:track")

    return wrapper
