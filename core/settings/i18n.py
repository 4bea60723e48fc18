"""Language and time: Simplified Chinese first, English available; Beijing time."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .env import BASE_DIR

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
