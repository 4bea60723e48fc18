"""The case audit trail refuses TRUNCATE too (core/db_guards.py); its old UPDATE/DELETE trigger is replaced."""

from django.db import migrations

from core.db_guards import append_only, not_append_only, on_postgresql

TABLE = "complaints_auditentry"
OLD = [
    f"DROP TRIGGER IF EXISTS complaints_audit_no_update_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS complaints_audit_append_only()",
]
# Going back: the old function and trigger (UPDATE and DELETE refused, TRUNCATE allowed).
RESTORE = [
    *not_append_only(TABLE),
    """CREATE OR REPLACE FUNCTION complaints_audit_append_only() RETURNS trigger AS $$
       BEGIN
           RAISE EXCEPTION 'complaints_auditentry is append-only: % refused', TG_OP
               USING ERRCODE = 'insufficient_privilege';
       END;
       $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER complaints_audit_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION complaints_audit_append_only()""",
]


class Migration(migrations.Migration):
    dependencies = [("complaints", "0009_code_attempts"), ("core", "0003_audit_append_only")]

    operations = [
        migrations.RunPython(
            on_postgresql([*OLD, *append_only(TABLE)]), on_postgresql(RESTORE), elidable=False
        )
    ]
