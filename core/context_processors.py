from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def site(request) -> dict:
    return {"SITE_NAME": _("Wagewatch"), "SITE_TAGLINE": _("Getting workers paid")}
