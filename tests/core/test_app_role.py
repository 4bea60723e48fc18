"""The application's database role: ordinary writes work, the audit trails are append-only and stay so."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from complaints.models import AuditEntry
from core.db_guards import TRUNCATE_SETTING
from core.services import audit_record
from inspections.models import VisitAudit
from mediation.models import MediationAuditEntry
from tests.mediation.factories import MediationRequestFactory
from tests.notifications.factories import CaseFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist only on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

AUDIT_TABLES = ("complaints_auditentry", "mediation_mediationauditentry", "inspections_visitaudit")


@pytest.fixture
def app_role(monkeypatch):
    role, password = f"ww_app_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    monkeypatch.setenv("DB_APP_PASSWORD", password)
    call_command("db_app_role", role)
    settings = connection.settings_dict
    conn = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        dbname=settings["NAME"],
        user=role,
        password=password,
        autocommit=True,
    )
    yield conn
    conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def _refused(conn, statement: str, params=()) -> str:
    with pytest.raises(psycopg.Error) as refused:
        conn.execute(statement, params)
    return str(refused.value)


def test_the_app_role_writes_rows_but_cannot_rewrite_or_empty_the_audit(app_role, district):
    case = CaseFactory(district=district)
    entry = audit_record(subject=case, action="received")

    # Ordinary writes: a case changes, an audit row is appended.
    app_role.execute("UPDATE complaints_complaint SET description = %s WHERE id = %s", ["补充说明", case.pk])
    app_role.execute(
        "INSERT INTO complaints_auditentry (complaint_id, at, actor_kind, action, from_status, to_status,"
        " reason, changes, public) VALUES (%s, now(), 'system', 'noted', '', '', '', '{}', false)",
        [case.pk],
    )
    assert AuditEntry.objects.filter(complaint=case).count() == 2
    case.refresh_from_db()
    assert case.description == "补充说明"

    # The audit: no rewriting, no deleting, no emptying, even with the purge setting, no dropping its guard.
    assert "permission denied" in _refused(app_role, "UPDATE complaints_auditentry SET reason = 'x'")
    assert "permission denied" in _refused(
        app_role, "DELETE FROM complaints_auditentry WHERE id = %s", [entry.pk]
    )
    app_role.execute(f"SET {TRUNCATE_SETTING} = 'allow'")
    for table in AUDIT_TABLES:
        assert "permission denied" in _refused(app_role, f"TRUNCATE {table}")
        assert "must be owner" in _refused(app_role, f"DROP TRIGGER {table}_no_truncate ON {table}")
    assert "permission denied" in _refused(app_role, "TRUNCATE complaints_complaint CASCADE")
    assert AuditEntry.objects.filter(complaint=case).count() == 2


def _one_row_in_each_trail(district) -> None:
    audit_record(subject=CaseFactory(district=district), action="received")
    audit_record(subject=MediationRequestFactory(district=district), action="received")
    VisitAudit.objects.create(visit_id=1, action="scheduled")  # the visit trail has no foreign key constraint


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_database_refuses_to_empty_or_rewrite_every_audit_trail_even_for_its_owner(table, district):
    _one_row_in_each_trail(district)
    with connection.cursor() as cursor:
        cursor.execute(f"SET {TRUNCATE_SETTING} = 'refuse'")
    try:
        for statement in (f"TRUNCATE {table}", f"DELETE FROM {table}", f"UPDATE {table} SET action = 'x'"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(statement)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"SET {TRUNCATE_SETTING} = 'allow'")
    for model in (AuditEntry, MediationAuditEntry, VisitAudit):
        assert model.objects.exclude(action="x").count() == 1
