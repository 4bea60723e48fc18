"""Rate limits for the anonymous endpoints, cache-backed (Redis in production).

DRF scopes (settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES): ``intake`` (filing), ``track`` (every
lookup), ``track_failure`` (failed lookups, counted per client IP *and* per tracking number), ``public``
(calculator, employer search). The HTML views use ``hit``/``blocked``/``record_failure`` with the same
counters, so that the form and the API share one budget. A rate of "" or "off" disables a scope.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .tracking_registry import normalise_tracking_number

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_for(scope: str) -> tuple[int, int] | None:
    """Return (requests, seconds) for a scope, or None when it is disabled."""
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    rate = (rates.get(scope) or "").strip()
    if not rate or rate.lower() == "off":
        return None
    num, period = rate.split("/")
    return int(num), _PERIODS[period.strip()[0].lower()]


def client_ip(request) -> str:
    """The client's address as DRF sees it (honours NUM_PROXIES for X-Forwarded-For)."""
    xff = request.META.get("HTTP_X_FORWARDED_FOR")
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = api_settings.NUM_PROXIES
    if proxies is not None and xff:
        if proxies == 0:
            return remote
        addrs = [a.strip() for a in xff.split(",")]
        return addrs[-min(proxies, len(addrs))]
    return remote or "unknown"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def _key(scope: str, ident: str) -> str:
    return f"throttle:{scope}:{ident}"


def _history(key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - window]


def blocked(scope: str, ident: str) -> Verdict:
    """Check a counter without adding to it."""
    rate = rate_for(scope)
    if rate is None:
        return Verdict(True)
    limit, window = rate
    now = time.time()
    history = _history(_key(scope, ident), window, now)
    if len(history) >= limit:
        return Verdict(False, max(1, int(history[0] + window - now) + 1))
    return Verdict(True)


def add(scope: str, ident: str) -> None:
    """Count one event (e.g. a failed lookup) against a scope and identity."""
    rate = rate_for(scope)
    if rate is None:
        return
    limit, window = rate
    now = time.time()
    key = _key(scope, ident)
    history = _history(key, window, now)
    history.append(now)
    cache.set(key, history[-(limit + 1) :], window)


def hit(scope: str, ident: str) -> Verdict:
    """Check and count one request (the HTML views' equivalent of a DRF throttle)."""
    verdict = blocked(scope, ident)
    if verdict.allowed:
        add(scope, ident)
    return verdict


def track_check(request, tracking_number: str) -> Verdict:
    """Refuse a lookup when this client or this tracking number has failed too often."""
    number = normalise_tracking_number(tracking_number)
    worst = Verdict(True)
    for ident in (f"ip:{client_ip(request)}", f"tn:{number}"):
        verdict = blocked("track_failure", ident)
        if not verdict.allowed and verdict.retry_after > worst.retry_after:
            worst = verdict
    return worst


def track_failed(request, tracking_number: str) -> None:
    """Count a failed lookup against both the client and the tracking number."""
    number = normalise_tracking_number(tracking_number)
    add("track_failure", f"ip:{client_ip(request)}")
    add("track_failure", f"tn:{number}")


class _ScopedThrottle(SimpleRateThrottle):
    """A per-IP throttle whose scope can be switched off with an empty rate."""

    def get_rate(self):
        rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
        rate = (rates.get(self.scope) or "").strip()
        return None if not rate or rate.lower() == "off" else rate

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class IntakeThrottle(_ScopedThrottle):
    scope = "intake"


class TrackThrottle(_ScopedThrottle):
    scope = "track"


class PublicThrottle(_ScopedThrottle):
    scope = "public"


class TrackFailureThrottle(SimpleRateThrottle):
    """Refuse lookups once the client or the tracking number in the URL has too many recent failures."""

    scope = "track_failure"

    def get_rate(self):
        rate = rate_for(self.scope)
        return None if rate is None else settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope]

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        verdict = track_check(request, view.kwargs.get("tracking_number", ""))
        self._wait = verdict.retry_after
        return verdict.allowed

    def wait(self):
        return self._wait

    def get_cache_key(self, request, view):  # pragma: no cover - allow_request is overridden
        return None
