"""Compile every locale/*.po to .mo with polib, so set-up needs no system gettext."""

from __future__ import annotations

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the shipped translations (.po → .mo) without GNU gettext."

    def handle(self, *args, **options):
        count = 0
        for base in settings.LOCALE_PATHS:
            for po_path in Path(base).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                self.stdout.write(f"{po_path}: {po.percent_translated()}% translated")
        self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogue(s)."))
