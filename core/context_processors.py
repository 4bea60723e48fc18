from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _


def site(request) -> dict:
    """The site's name and who runs it (shown in every page's footer)."""
    portal = settings.PORTAL
    return {
        "SITE_NAME": _("Wagewatch"),
        "SITE_TAGLINE": _("Getting workers paid"),
        "BUREAU_NAME": portal["BUREAU_NAME"],
        "HOTLINE": portal["HOTLINE"],
    }
