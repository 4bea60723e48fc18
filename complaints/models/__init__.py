"""The complaints app's models, one module per concept; import them from here.

- case.py: the complaint or clue (the case), its group and members, assignments, written notices
- evidence.py: files attached to a complaint
- audit.py: the append-only audit trail a case's timeline is read from
- decisions.py: decisions, payments to workers and the closing outcome
- intake.py: idempotent submissions, and uploads kept when a form was refused
- records.py: the written records of the investigation (笔录) and their attachments
- notes.py: staff's internal notes on a case
- supervision.py: the city office's supervision of a district's case (挂牌督办)
- tracking.py: the counters behind tracking numbers and access-code guesses
- transfer.py: transfers of a case to the competent district office
"""

from .audit import AuditEntry
from .case import Assignment, Complaint, ComplaintGroup, GroupMember, Notice
from .decisions import CaseOutcome, Decision, Payment
from .evidence import Evidence, evidence_path
from .intake import IntakeSubmission, StagedUpload
from .notes import CaseNote
from .records import InspectionRecord, RecordAttachment, record_attachment_path
from .supervision import Supervision
from .tracking import CodeAttempt, TrackingSequence
from .transfer import Transfer

__all__ = [
    "Assignment",
    "AuditEntry",
    "CaseNote",
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
    "Supervision",
    "TrackingSequence",
    "Transfer",
    "evidence_path",
    "record_attachment_path",
]
