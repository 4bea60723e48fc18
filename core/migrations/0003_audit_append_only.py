"""The trigger function every audit trail's append-only triggers call (core/db_guards.py)."""

from django.db import migrations

from core.db_guards import CREATE_FUNCTION, DROP_FUNCTION, on_postgresql


class Migration(migrations.Migration):
    dependencies = [("core", "0002_load_calendar")]

    operations = [migrations.RunPython(on_postgresql([CREATE_FUNCTION]), on_postgresql([DROP_FUNCTION]))]
