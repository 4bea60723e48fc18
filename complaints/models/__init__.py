"""The complaints app's models, one module per concept; import them from here.

- case.py: the complaint or clue (the case), its group and members, assignments, written notices
- evidence.py: files attached to a complaint
- audit.py: the append-only audit trail a case's timeline is read from
- decisions.py: decisions, payments to workers and the closing outcome
- intake.py: idempotent submissions, and uploads kept when a form was refused
- records.py: the written records of the investigation (笔录) and their attachments
- tracking.py: the counters behind tracking numbers and access-code guesses
- transfer.py: transfers of a case to the competent district office
"""

from .audit import AuditEntry
from .case import Assignment, Complaint, ComplaintGroup, GroupMember, Notice
from .decisions import CaseOutcome, Decision, Payment
from .evidence import Evidence, evidence_path
from .intake import IntakeSubmission, StagedUpload
from .records import InspectionRecord, RecordAttachment, record_attachment_path
from .tracking import CodeAttempt, TrackingSequence
from .transfer import Transfer

__all__ = [
    "Assignment",
    "AuditEntry",
    "CaseOutcome",
    "CodeAttempt",
    "Complaint",
    "ComplaintGroup",
    "Decision",
    "Evidence",
    "GroupMember",
    "InspectionRecord",
    "IntakeSubmission",
    "Notice",
    "Payment",
    "RecordAttachment",
    "StagedUpload",
    "TrackingSequence",
    "Transfer",
    "evidence_path",
    "record_attachment_path",
]
