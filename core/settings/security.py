"""Security defaults; production.py turns the transport-level ones on."""

from __future__ import annotations

from csp.constants import NONE, SELF

from .env import env

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts only from this site's files, no inline script or
# on*= handler; the websocket feed and the API on this origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # 'unsafe-inline' for styles only: the Django admin and Swagger UI (/api/docs/) set style
        # attributes and <style> elements, and so do a few of our templates; a style cannot run code.
        "style-src": [SELF, "'unsafe-inline'"],
        # Chart and icon SVGs are inlined; Swagger UI draws its icons as data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
