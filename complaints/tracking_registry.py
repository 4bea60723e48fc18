"""What a worker can follow with a tracking number and access code: complaints, and whatever else registers.

The public tracking API (``/api/v1/track/{tracking_number}/``) and the HTML tracking page ask this registry
which kind of object a tracking number belongs to. Complaints register themselves (apps.py); mediation
registers its requests from its AppConfig.ready()::

    from complaints import tracking_registry

    tracking_registry.register(
        re.compile(r"^\\d{4}M-\\d{4}-\\d{6}$"),   # or a plain prefix such as "2102M-"
        lookup=mediation_track,                  # (tracking_number, access_code) -> object | None
        fetch=mediation_get_by_number,           # (tracking_number) -> object | None, after a good code
        serialize=lambda obj, request: {...},    # API body
        template="mediation/public/track.html",  # HTML page, rendered with context(obj, request)
        context=lambda obj, request: {...},
        recover=mediation_access_code_reissue,   # (tracking_number=, mobile=) -> bool: a new code by SMS
        name="mediation",
    )

``lookup`` must always do the same work whether the number exists or not (compute the code's hash even
for an unknown number) so that a wrong code answers like an unknown number, also in timing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Matcher = str | re.Pattern | Callable[[str], bool]


@dataclass
class Trackable:
    """One kind of trackable object and its hooks."""

    name: str
    matcher: Matcher
    lookup: Callable[[str, str], Any]
    fetch: Callable[[str], Any] | None = None
    serialize: Callable[[Any, Any], dict] | None = None
    template: str | None = None
    context: Callable[[Any, Any], dict] | None = None
    recover: Callable[..., bool] | None = None
    extra: dict = field(default_factory=dict)

    def matches(self, tracking_number: str) -> bool:
        m = self.matcher
        if isinstance(m, str):
            return tracking_number.startswith(m)
        if isinstance(m, re.Pattern):
            return m.match(tracking_number) is not None
        return bool(m(tracking_number))


_registry: list[Trackable] = []


def register(
    matcher: Matcher,
    lookup: Callable[[str, str], Any],
    *,
    name: str = "",
    fetch: Callable[[str], Any] | None = None,
    serialize: Callable[[Any, Any], dict] | None = None,
    template: str | None = None,
    context: Callable[[Any, Any], dict] | None = None,
    recover: Callable[..., bool] | None = None,
    fallback: bool = False,
    **extra: Any,
) -> Trackable:
    """Register a kind of trackable object; specific matchers are tried before ``fallback`` ones."""
    entry = Trackable(
        name=name or getattr(lookup, "__module__", "trackable"),
        matcher=matcher,
        lookup=lookup,
        fetch=fetch,
        serialize=serialize,
        template=template,
        context=context,
        recover=recover,
        extra={"fallback": fallback, **extra},
    )
    _registry[:] = [t for t in _registry if t.name != entry.name]
    if fallback:
        _registry.append(entry)
    else:
        first_fallback = next((i for i, t in enumerate(_registry) if t.extra.get("fallback")), len(_registry))
        _registry.insert(first_fallback, entry)
    return entry


def unregister(name: str) -> None:
    _registry[:] = [t for t in _registry if t.name != name]


def normalise_tracking_number(value: str) -> str:
    """Fold full-width characters and case, drop spaces: what people type from an SMS."""
    value = unicodedata.normalize("NFKC", value or "")
    value = "".join(value.split()).upper().replace("—", "-").replace("–", "-")
    return value[:32]


def find(tracking_number: str) -> Trackable | None:
    """Return the registered kind a (normalised) tracking number belongs to."""
    for entry in _registry:
        if entry.matches(tracking_number):
            return entry
    return None


def lookup(tracking_number: str, access_code: str) -> tuple[Trackable, Any] | None:
    """Return (kind, object) when the number exists and the code is right; None otherwise, alike."""
    number = normalise_tracking_number(tracking_number)
    entry = find(number) or (_registry[-1] if _registry else None)
    if entry is None:
        return None
    found = entry.lookup(number, access_code or "")
    return (entry, found) if found is not None else None


def recover(tracking_number: str, mobile: str) -> bool:
    """Send a new access code to the mobile number on file, if it is ``mobile``; the old code stops working.

    Return whether a code was sent. Callers must answer alike either way, so that nobody learns whether a
    number exists or which mobile it has.
    """
    number = normalise_tracking_number(tracking_number)
    entry = find(number) or (_registry[-1] if _registry else None)
    if entry is None or entry.recover is None:
        return False
    return entry.recover(tracking_number=number, mobile=mobile)


def fetch(name: str, tracking_number: str, model_label: str = "") -> Any:
    """Fetch an object whose code this session already proved.

    Kinds registered without a ``fetch`` hook are fetched by ``tracking_number`` on the model that their
    lookup returned (``model_label``, e.g. ``mediation.MediationRequest``).
    """
    entry = get(name)
    if entry is None:
        return None
    if entry.fetch is not None:
        return entry.fetch(tracking_number)
    if model_label:
        from django.apps import apps

        try:
            model = apps.get_model(model_label)
        except (LookupError, ValueError):
            return None
        return model._default_manager.filter(tracking_number=tracking_number).first()
    return None


def model_label(obj: Any) -> str:
    meta = getattr(obj, "_meta", None)
    return meta.label if meta is not None else ""


def generic_serialize(entry: Trackable, obj: Any) -> dict:
    """The API body for a kind registered without a ``serialize`` hook: number and status at least."""
    status = getattr(obj, "status", "")
    display = getattr(obj, "get_status_display", None)
    body = {
        "type": entry.name,
        "tracking_number": getattr(obj, "tracking_number", ""),
        "status": status,
        "status_label": str(display()) if callable(display) else str(status),
    }
    for field_name in ("received_at", "created_at", "next_deadline", "deadline", "due_on"):
        value = getattr(obj, field_name, None)
        if value is not None and not callable(value):
            body[field_name] = value
    audit = getattr(obj, "audit", None)
    if audit is not None and hasattr(audit, "filter"):
        try:
            rows = audit.filter(public=True).order_by("at", "id")
            body["timeline"] = [
                {"at": row.at, "action": getattr(row, "action", ""), "reason": getattr(row, "reason", "")}
                for row in rows
            ]
        except Exception:  # a model without these fields: the timeline is optional  # noqa: BLE001
            pass
    return body


def get(name: str) -> Trackable | None:
    return next((t for t in _registry if t.name == name), None)


# --- complaints register themselves; every number that no other kind claims is looked up here ---------

COMPLAINT_NUMBER = re.compile(r"^\d{4}-\d{4}-\d{6}$")


def _complaint_lookup(tracking_number: str, access_code: str):
    from .selectors.worker_view import complaint_track

    return complaint_track(tracking_number, access_code)


def _complaint_fetch(tracking_number: str):
    from .selectors.worker_view import complaint_get_by_number

    return complaint_get_by_number(tracking_number)


def _complaint_serialize(obj, request) -> dict:
    from .selectors.worker_view import complaint_public_view

    return complaint_public_view(obj, api=True)


def _complaint_recover(*, tracking_number: str, mobile: str) -> bool:
    from .services.access_codes import complaint_access_code_reissue

    return complaint_access_code_reissue(tracking_number=tracking_number, mobile=mobile)


def _complaint_context(obj, request) -> dict:
    from django.conf import settings

    from .forms import EvidenceForm
    from .selectors.worker_view import (
        complaint_progress,
        complaint_public_view,
        complaint_supplement_request,
    )

    supplement = complaint_supplement_request(obj)
    return {
        "complaint": obj,
        "case": complaint_public_view(obj),
        "progress": complaint_progress(obj),
        "supplement": {"what": supplement[0], "due": supplement[1]} if supplement else None,
        "evidence_form": EvidenceForm(),
        "max_file_mb": settings.WAGEWATCH["EVIDENCE_MAX_FILE_BYTES"] // (1024 * 1024),
    }


register(
    COMPLAINT_NUMBER,
    _complaint_lookup,
    name="complaint",
    fetch=_complaint_fetch,
    serialize=_complaint_serialize,
    template="complaints/public/track_case.html",
    context=_complaint_context,
    recover=_complaint_recover,
    fallback=True,
)
