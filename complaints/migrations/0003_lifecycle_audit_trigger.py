"""On PostgreSQL, make the audit table append-only: a trigger refuses UPDATE and DELETE.

TRUNCATE stays possible for the test runner's flush and for an administrator's deliberate purge."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION complaints_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'complaints_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS complaints_audit_no_update_delete ON complaints_auditentry;
CREATE TRIGGER complaints_audit_no_update_delete
    BEFORE UPDATE OR DELETE ON complaints_auditentry
    FOR EACH ROW EXECUTE FUNCTION complaints_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS complaints_audit_no_update_delete ON complaints_auditentry;
DROP TRIGGER IF EXISTS complaints_audit_no_truncate ON complaints_auditentry;
DROP FUNCTION IF EXISTS complaints_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_lifecycle_decisions")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
