"""The audit trail: one append-only row per transition or change of a case."""

from __future__ import annotations

from ..choices import ActorKind
from ..models import AuditEntry, Complaint


def audit_record(**fields) -> AuditEntry:
    """Append an audit row (the fields of ``audit_entry``); call inside the transaction of the change."""
    entry = audit_entry(**fields)
    entry.save(force_insert=True)
    return entry


def audit_entry(
    *,
    complaint: Complaint,
    action: str,
    actor=None,
    actor_kind: str | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    changes: dict | None = None,
    public: bool = False,
) -> AuditEntry:
    """Return an audit row, not yet saved (for a core.db.InsertBatch); ``audit_record`` saves one."""
    if actor_kind is None:
        actor_kind = ActorKind.STAFF if actor is not None else ActorKind.SYSTEM
    return AuditEntry(
        complaint=complaint,
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        from_status=from_status,
        to_status=to_status or complaint.status,
        reason=reason,
        changes=changes or {},
        public=public,
    )
