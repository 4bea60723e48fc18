"""The visit audit trail: one append-only row per change of a visit."""

from __future__ import annotations

from ..models import Visit, VisitAudit


def visit_audit_record(*, visit: Visit, action: str, actor=None, changes: dict | None = None) -> VisitAudit:
    """Append an audit row; call inside the transaction that makes the change."""
    return VisitAudit.objects.create(visit=visit, action=action, actor=actor, changes=changes or {})
