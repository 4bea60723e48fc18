"""On PostgreSQL, refuse UPDATE and DELETE on the visit audit table (append-only, like the case audit)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION inspections_visitaudit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'inspections_visitaudit is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inspections_visitaudit_no_change
    BEFORE UPDATE OR DELETE ON inspections_visitaudit
    FOR EACH ROW EXECUTE FUNCTION inspections_visitaudit_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS inspections_visitaudit_no_change ON inspections_visitaudit;
DROP FUNCTION IF EXISTS inspections_visitaudit_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
