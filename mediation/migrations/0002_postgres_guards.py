"""PostgreSQL only: no double booking (exclusion constraint, btree_gist) and an append-only audit table.

On other databases (SQLite in development) the services' checks are the guard; this migration is a no-op.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE mediation_booking ADD CONSTRAINT mediation_booking_no_overlap
       EXCLUDE USING gist (resource WITH =, tstzrange(start_at, end_at, '[)') WITH &&) WHERE (active)""",
    """ALTER TABLE mediation_booking ADD CONSTRAINT mediation_booking_order CHECK (end_at > start_at)""",
    """CREATE OR REPLACE FUNCTION mediation_audit_append_only() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION 'mediation audit entries are append-only (% refused)', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER mediation_audit_append_only
       BEFORE UPDATE OR DELETE ON mediation_mediationauditentry
       FOR EACH ROW EXECUTE FUNCTION mediation_audit_append_only()""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS mediation_audit_append_only ON mediation_mediationauditentry",
    "DROP FUNCTION IF EXISTS mediation_audit_append_only()",
    "ALTER TABLE mediation_booking DROP CONSTRAINT IF EXISTS mediation_booking_order",
    "ALTER TABLE mediation_booking DROP CONSTRAINT IF EXISTS mediation_booking_no_overlap",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
