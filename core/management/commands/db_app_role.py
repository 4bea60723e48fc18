"""Create (or bring up to date) the PostgreSQL role the application runs as: data access only, no ownership."""

from __future__ import annotations

import os

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from core.models import AbstractAuditEntry


def audit_tables() -> list[str]:
    """Return the tables of every audit trail (the concrete models of core.models.AbstractAuditEntry)."""
    return sorted(m._meta.db_table for m in apps.get_models() if issubclass(m, AbstractAuditEntry))


def grant_statements(role: str, database: str, password: str | None) -> list[sql.Composable]:
    """Return the statements that give ``role`` reads and writes of rows, and nothing else."""
    who = sql.Identifier(role)
    statements: list[sql.Composable] = [
        sql.SQL("ALTER ROLE {} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS").format(who),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(who),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
        # Tables that later migrations create (run by the owner) are readable and writable the same way;
        # run this command again after migrating to take UPDATE and DELETE off new audit trails.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {}"
        ).format(who),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {}").format(
            who
        ),
    ]
    # The audit trails: read and append only (their triggers refuse UPDATE, DELETE and TRUNCATE as well).
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), who)
        for table in audit_tables()
    ]
    if password:
        statements.append(sql.SQL("ALTER ROLE {} WITH PASSWORD {}").format(who, sql.Literal(password)))
    return statements


class Command(BaseCommand):
    help = (
        "Create or update the PostgreSQL role the application connects as: SELECT, INSERT, UPDATE and DELETE "
        "on the tables (append only on the audit trails), no ownership, no TRUNCATE, no DDL. Run it as the "
        "owner of the tables (the DATABASE_URL that runs migrations), again after each migrate."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="name of the application role, e.g. wagewatch_app")
        parser.add_argument(
            "--password-env",
            default="DB_APP_PASSWORD",
            help="environment variable holding the role's password (unset: the password is left as it is)",
        )

    def handle(self, *args, role: str, password_env: str, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Database roles exist only on PostgreSQL.")
        owner = connection.settings_dict["USER"]
        if role == owner:
            raise CommandError("The application role must not be the owner of the tables.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE ROLE {}").format(sql.Identifier(role)).as_string(cursor.connection)
                )
            statements = grant_statements(
                role, connection.settings_dict["NAME"], os.environ.get(password_env)
            )
            for statement in statements:
                cursor.execute(statement.as_string(cursor.connection))
        self.stdout.write(f"Role {role}: rows of every table, append only on {', '.join(audit_tables())}.")
