"""Fill the working-day calendar from the chinesecalendar package for the years it carries."""

import datetime

from django.db import migrations


def load(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar.constants import holidays

    CalendarDay = apps.get_model("core", "CalendarDay")
    CalendarYear = apps.get_model("core", "CalendarYear")
    years = sorted({d.year for d in holidays if d.year >= 2015})
    rows = []
    for year in years:
        if CalendarYear.objects.filter(year=year).exists():
            continue
        day = datetime.date(year, 1, 1)
        while day.year == year:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            if day.weekday() < 5 and on_holiday and name:
                rows.append(CalendarDay(date=day, kind="holiday", name=name))
            elif day.weekday() >= 5 and not on_holiday:
                rows.append(CalendarDay(date=day, kind="workday", name=name or ""))
            day += datetime.timedelta(days=1)
        CalendarYear.objects.create(year=year, source="package", note="chinesecalendar")
    CalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
