"""Indexes for big case lists on PostgreSQL: trigram search on tracking number and employer names."""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # Django's icontains is UPPER(col) LIKE UPPER(%s): the trigram indexes are on UPPER(col).
    "CREATE INDEX IF NOT EXISTS complaint_tracking_trgm ON complaints_complaint USING gin (UPPER(tracking_number) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS complaint_employer_given_trgm ON complaints_complaint USING gin (UPPER(employer_name_given) gin_trgm_ops)",
    # The case search looks employers up by name first (complaints/filters.py).
    "CREATE INDEX IF NOT EXISTS complaints_employer_name_trgm ON core_employer USING gin (UPPER(name) gin_trgm_ops)",
    # Lists sort by the nearest deadline, then id; queues filter on district and status as well.
    "CREATE INDEX IF NOT EXISTS complaint_deadline_id_idx ON complaints_complaint (next_deadline, id)",
    "CREATE INDEX IF NOT EXISTS complaint_district_deadline_idx ON complaints_complaint (district_id, next_deadline, id)",
    "CREATE INDEX IF NOT EXISTS complaint_district_status_deadline_idx ON complaints_complaint (district_id, status, next_deadline, id)",
    "CREATE INDEX IF NOT EXISTS complaint_status_deadline_id_idx ON complaints_complaint (status, next_deadline, id)",
    "CREATE INDEX IF NOT EXISTS assignment_inspector_complaint_idx ON complaints_assignment (inspector_id, complaint_id)",
]
DROP = [
    "DROP INDEX IF EXISTS complaint_tracking_trgm",
    "DROP INDEX IF EXISTS complaint_employer_given_trgm",
    "DROP INDEX IF EXISTS complaints_employer_name_trgm",
    "DROP INDEX IF EXISTS complaint_deadline_id_idx",
    "DROP INDEX IF EXISTS complaint_district_deadline_idx",
    "DROP INDEX IF EXISTS complaint_district_status_deadline_idx",
    "DROP INDEX IF EXISTS complaint_status_deadline_id_idx",
    "DROP INDEX IF EXISTS assignment_inspector_complaint_idx",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_lifecycle_audit_trigger"), ("core", "0002_load_calendar")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
