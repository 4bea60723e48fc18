"""The mediation audit trail refuses TRUNCATE too (core/db_guards.py); its old UPDATE/DELETE trigger is replaced."""

from django.db import migrations

from core.db_guards import append_only, not_append_only, on_postgresql

TABLE = "mediation_mediationauditentry"
OLD = [
    f"DROP TRIGGER IF EXISTS mediation_audit_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS mediation_audit_append_only()",
]
# Going back: the old function and trigger (UPDATE and DELETE refused, TRUNCATE allowed).
RESTORE = [
    *not_append_only(TABLE),
    """CREATE OR REPLACE FUNCTION mediation_audit_append_only() RETURNS trigger AS $$
       BEGIN
           RAISE EXCEPTION 'mediation audit entries are append-only (% refused)', TG_OP
               USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER mediation_audit_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION mediation_audit_append_only()""",
]


class Migration(migrations.Migration):
    dependencies = [("mediation", "0003_drop_idempotency_key_column"), ("core", "0003_audit_append_only")]

    operations = [
        migrations.RunPython(
            on_postgresql([*OLD, *append_only(TABLE)]), on_postgresql(RESTORE), elidable=False
        )
    ]
