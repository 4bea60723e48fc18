"""The one way to redirect to a page named by the request (``next``): only to this site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, default: str, *args, **kwargs) -> str:
    """Return the POSTed (or queried) ``next`` when it points into this site, otherwise ``default``.

    ``default`` is a URL, a URL name or a model, resolved with ``args``/``kwargs`` as ``redirect`` does.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(default, *args, **kwargs)


def redirect_next(request: HttpRequest, default: str, *args, **kwargs) -> HttpResponseRedirect:
    """Redirect after a POST to the safe ``next`` or to ``default``."""
    return redirect(safe_next_url(request, default, *args, **kwargs))
