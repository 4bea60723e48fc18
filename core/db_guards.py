"""PostgreSQL guards the migrations install: every audit trail is append-only in the database itself.

A row trigger refuses UPDATE and DELETE, a statement trigger refuses TRUNCATE (also when it arrives by
``TRUNCATE ... CASCADE`` from another table). TRUNCATE goes through only in a session where
``wagewatch.audit_truncate`` is ``'allow'``: the test databases carry it (tests/conftest.py), so that
the test runner can empty them; an administrator who owns the tables may set it for a deliberate purge.
The application's own role (``manage.py db_app_role``) owns nothing and has no TRUNCATE privilege, so
it can neither truncate nor drop the triggers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

TRUNCATE_SETTING = "wagewatch.audit_truncate"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' AND current_setting('{TRUNCATE_SETTING}', true) = 'allow' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
DROP_FUNCTION = "DROP FUNCTION IF EXISTS audit_append_only()"


def append_only(table: str) -> list[str]:
    """Return the statements that make ``table`` append-only (idempotent)."""
    return [
        *not_append_only(table),
        f"""CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION audit_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
    ]


def not_append_only(table: str) -> list[str]:
    """Return the statements that drop ``table``'s append-only triggers."""
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


def on_postgresql(statements: Sequence[str]) -> Callable:
    """Return a RunPython function that executes ``statements`` on PostgreSQL (other databases: nothing)."""

    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql, params=None)

    return run
