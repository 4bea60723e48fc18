"""Signals: the calendar and district caches follow every edit; other apps learn when a year's schedule changes."""

from __future__ import annotations

import django.dispatch
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import workdays
from .models import CalendarDay, CalendarYear, District
from .selectors import district_cache

# Sent after commit with ``years``: a set of years whose schedule was loaded or edited, so that stored
# deadlines that were provisional (or depended on those years) can be recomputed.
calendar_changed = django.dispatch.Signal()


def _announce(year: int) -> None:
    workdays.invalidate()

    def announce() -> None:
        workdays.invalidate()
        calendar_changed.send(sender=CalendarYear, years={year})

    transaction.on_commit(announce)


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_day_changed(sender, instance: CalendarDay, **kwargs) -> None:
    _announce(instance.date.year)


@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_year_changed(sender, instance: CalendarYear, **kwargs) -> None:
    _announce(instance.year)


@receiver([post_save, post_delete], sender=District)
def _district_changed(sender, instance: District, **kwargs) -> None:
    district_cache.clear()
    transaction.on_commit(district_cache.clear)
