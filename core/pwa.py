"""The staff app as an installable web app: the manifest and the service worker.

The service worker is served from the site's root (``/sw.js``) so that its scope covers every staff
page; its body is a template that names the static files by their deployed URLs (hashed in
production) and carries a revision per file, so a deployment that changes a file changes the worker
and the tablet fetches the new files once.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# Workbox modules, in the order they depend on each other (static/vendor/workbox, MIT).
WORKBOX = [
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-cacheable-response.prod.js",
    "vendor/workbox/workbox-expiration.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
]
# What the staff pages load, kept on the tablet when the worker installs.
APP_FILES = [
    "css/app.css",
    "css/campaign.css",
    "css/workbench.css",
    "css/notifications.css",
    "js/ui.js",
    "js/live.js",
    "js/campaign.js",
    "js/offline.js",
    "vendor/idb/idb.umd.js",
    "django_htmx/htmx-2.min.js",
    "img/logo.svg",
    "img/icons/icon-192.png",
]


@lru_cache(maxsize=256)
def _digest(filename: str, mtime_ns: int) -> str:
    with open(filename, "rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()[:16]


def _revision(path: str) -> str:
    """Return a digest of a static file's content (its revision in the worker's precache)."""
    found = finders.find(path)
    if not found:
        return "missing"
    filename = found if isinstance(found, str) else found[0]
    return _digest(filename, os.stat(filename).st_mtime_ns)


def _precache() -> list[dict[str, str]]:
    return [{"url": static(p), "revision": _revision(p)} for p in APP_FILES]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    # The page registers the worker with its own language: the worker's words follow the page's.
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        body = _service_worker_body()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # The browser checks for a new worker on each visit; never let a cache hold an old one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


def _service_worker_body() -> str:
    return render_to_string(
        "core/sw.js",
        {
            "workbox": json.dumps([static(p) for p in WORKBOX]),
            "precache": json.dumps(_precache()),
            "static_prefix": json.dumps(settings.STATIC_URL),
            "my_day": json.dumps(reverse("inspections:my-day")),
            "offline_title": json.dumps(_("Not kept on this tablet")),
            "offline_text": json.dumps(
                _("You are offline and this page was not kept on this tablet. Your day's visits are.")
            ),
            "offline_link": json.dumps(_("My inspection visits")),
            "language": json.dumps(get_language() or settings.LANGUAGE_CODE),
        },
    )


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("%(site)s · field inspections") % {"site": _("Wagewatch")},
        "short_name": _("Inspections"),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "start_url": reverse("inspections:my-day"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": "#b3261e",
        "icons": [
            {"src": static("img/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icons/icon-maskable-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "maskable",
            },
            {
                "src": static("img/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
