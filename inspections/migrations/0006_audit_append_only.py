"""The visit audit trail refuses TRUNCATE too (core/db_guards.py), with the same trigger function as the others.

Rows written before the trail had ``actor_kind`` and carry no actor were the system's (a scheduled
follow-up); they are marked so while the triggers are being replaced.
"""

from django.db import migrations

from core.db_guards import append_only, not_append_only

TABLE = "inspections_visitaudit"
OLD_FUNCTION = "DROP FUNCTION IF EXISTS inspections_visitaudit_append_only()"


def forwards(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        for sql in not_append_only(TABLE):
            schema_editor.execute(sql, params=None)
    apps.get_model("inspections", "VisitAudit").objects.filter(actor__isnull=True).update(actor_kind="system")
    if postgresql:
        for sql in [OLD_FUNCTION, *append_only(TABLE)]:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in not_append_only(TABLE):
            schema_editor.execute(sql, params=None)
        # The old function and trigger (UPDATE and DELETE refused, TRUNCATE allowed).
        schema_editor.execute(
            """CREATE OR REPLACE FUNCTION inspections_visitaudit_append_only() RETURNS trigger AS $$
               BEGIN
                   RAISE EXCEPTION 'inspections_visitaudit is append-only';
               END;
               $$ LANGUAGE plpgsql""",
            params=None,
        )
        schema_editor.execute(
            f"""CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
                FOR EACH ROW EXECUTE FUNCTION inspections_visitaudit_append_only()""",
            params=None,
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0005_visitaudit_common_fields"), ("core", "0003_audit_append_only")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
