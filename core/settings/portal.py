"""Who runs the worker's portal: the bureau's name, its hotline and the city's default opening hours.

Each district office may set its own opening hours in the admin (documents.Office.opening_hours); an
office without them shows the city's default below. Empty environment values keep the translated default.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .env import env

PORTAL = {
    "BUREAU_NAME": env.str("WW_BUREAU_NAME", default="")
    or _("Dalian Municipal Human Resources and Social Security Bureau"),
    # 12333: the national human-resources and social-security service hotline.
    "HOTLINE": env.str("WW_HOTLINE", default="12333"),
    "OPENING_HOURS": env.str("WW_OPENING_HOURS", default="")
    or _("Monday to Friday 8:30–11:30 and 13:00–17:00, except public holidays"),
}
