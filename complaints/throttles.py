"""Rate limits for the anonymous endpoints, through Django's cache (Redis in production).

Scopes (settings REST_FRAMEWORK DEFAULT_THROTTLE_RATES, environment ``THROTTLE_<SCOPE>``):

* ``address`` — every anonymous request that is limited at all, per client address: the ceiling that
  stops a script hammering from one address.
* ``intake`` — filings (complaints and mediation requests) per address. The workers of a building site
  often share one hotspot, so the default lets sixty of them file within the hour with room to spare.
* ``track`` — tracking lookups per address.
* ``track_failure`` — wrong access codes per tracking number *and* address, counted atomically in the
  database before the code is checked (``complaints/code_attempts.py``): one worker's typos never lock
  out another worker's case, even behind the same address.
* ``public`` — the pay calculator, the employer search and the worker forms' step checks, per address.
* ``recover`` — new access codes sent by SMS, per tracking number; ``recover_address`` per address.

A rate is ``<number>/<second|minute|hour|day>`` (only the first letter of the period counts), or
``off`` (or empty) to switch a scope off. Rates are parsed here only (``rate_for``); ``check_rates``
runs as a system check so that a bad value stops the server at start rather than answer 500s.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

SCOPES = ("address", "intake", "track", "track_failure", "public", "recover", "recover_address")
_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
OFF = ("", "off", "none", "0")


def parse_rate(value: str | None) -> tuple[int, int] | None:
    """Return (requests, seconds) for a rate such as ``"10/hour"``, or None for ``off``/empty."""
    rate = (value or "").strip().lower()
    if rate in OFF:
        return None
    num, sep, period = rate.partition("/")
    try:
        count = int(num)
        seconds = _PERIODS[period.strip()[:1]]
    except (ValueError, KeyError):
        raise ImproperlyConfigured(
            f"Throttle rate {value!r}: use '<number>/<second|minute|hour|day>' or 'off'."
        ) from None
    if count < 1 or not sep:
        raise ImproperlyConfigured(f"Throttle rate {value!r}: the number must be 1 or more.")
    return count, seconds


def rate_for(scope: str) -> tuple[int, int] | None:
    """Return (requests, seconds) for a scope, or None when it is off or not configured."""
    return parse_rate(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope))


@register()
def check_rates(app_configs=None, **kwargs) -> list[Error]:
    """Report every throttle rate that cannot be parsed."""
    errors = []
    for scope, value in settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).items():
        try:
            parse_rate(value)
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), hint=f"THROTTLE_{scope.upper()}", id="complaints.E001"))
    return errors


def client_ip(request) -> str:
    """Return the client's address as DRF sees it (honours NUM_PROXIES for X-Forwarded-For)."""
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


ALLOWED = Verdict(True)


def _key(scope: str, ident: str) -> str:
    return f"throttle:{scope}:{ident}"


def _history(key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - window]


def blocked(scope: str, ident: str) -> Verdict:
    """Check a counter without adding to it."""
    rate = rate_for(scope)
    if rate is None:
        return ALLOWED
    limit, window = rate
    now = time.time()
    history = _history(_key(scope, ident), window, now)
    if len(history) >= limit:
        return Verdict(False, max(1, int(history[0] + window - now) + 1))
    return ALLOWED


def add(scope: str, ident: str) -> None:
    """Count one event against a scope and identity."""
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
    """Check and count one request against a scope (the HTML views' equivalent of a DRF throttle)."""
    verdict = blocked(scope, ident)
    if verdict.allowed:
        add(scope, ident)
    return verdict


def gate(request, scope: str, ident: str | None = None) -> Verdict:
    """Check and count one anonymous request: the address ceiling first, then ``scope``.

    ``ident`` defaults to the client's address; pass e.g. a tracking number to key a scope on it.
    """
    address = client_ip(request)
    verdict = hit("address", address)
    if not verdict.allowed:
        return verdict
    return hit(scope, address if ident is None else ident)


class ScopedThrottle(SimpleRateThrottle):
    """A DRF throttle per client address whose rate comes from ``rate_for`` (so ``off`` switches it off)."""

    scope = "address"

    def get_rate(self):
        return settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][self.scope] if rate_for(self.scope) else None

    def parse_rate(self, rate):
        return parse_rate(rate) or (None, None)

    def allow_request(self, request, view):
        if rate_for(self.scope) is None:
            return True
        verdict = hit(self.scope, self.get_ident(request))
        self._wait = verdict.retry_after
        return verdict.allowed

    def wait(self):
        return getattr(self, "_wait", None)

    def get_ident(self, request):
        return client_ip(request)


class AddressThrottle(ScopedThrottle):
    scope = "address"


class IntakeThrottle(ScopedThrottle):
    scope = "intake"


class TrackThrottle(ScopedThrottle):
    scope = "track"


class PublicThrottle(ScopedThrottle):
    scope = "public"


class RecoverAddressThrottle(ScopedThrottle):
    scope = "recover_address"


PUBLIC_THROTTLES = [AddressThrottle]
