"""Load official holiday schedules from the chinesecalendar package into the calendar table."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.services import calendar_load_all_from_package, calendar_year_load_from_package


class Command(BaseCommand):
    help = "Load a year's (or every available year's) holidays and make-up working days from chinesecalendar."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int)

    def handle(self, *args, years, **options):
        if not years:
            loaded = calendar_load_all_from_package()
            self.stdout.write(self.style.SUCCESS(f"Loaded {loaded[0]}–{loaded[-1]}"))
            return
        for year in years:
            try:
                calendar_year_load_from_package(year=year)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from exc
            self.stdout.write(self.style.SUCCESS(f"Loaded {year}"))
