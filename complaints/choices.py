"""Choices for complaints and cases: English values, Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ActorKind  # noqa: F401  (re-exported: who acted on a case's trail)


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint (real name)")
    CLUE = "clue", _("Anonymous clue")


class Category(models.TextChoices):
    WAGE_ARREARS = "wage_arrears", _("Wage arrears")
    OVERTIME_PAY = "overtime_pay", _("Overtime pay")
    HOLIDAY_PAY = "holiday_pay", _("Holiday pay")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    """How a complaint reached the bureau (来源)."""

    ONLINE = "online", _("Filed online")
    API = "api", _("Filed through the API")
    COUNTER = "counter", _("Recorded at the counter")
    HOTLINE = "hotline", _("Recorded from the 12333/12345 hotline")
    LETTER = "letter", _("Recorded from a letter")
    REFERRAL = "referral", _("Referred by another department")
    CLUE_PLATFORM = "clue_platform", _("Handed down by the national wage-arrears clue platform")
    INSPECTION = "inspection", _("Found by inspection")


# The channels through which staff record a complaint on a worker's behalf.
STAFF_RECORDED_SOURCES = (Source.COUNTER, Source.HOTLINE, Source.LETTER, Source.REFERRAL)


class ReceiptDelivery(models.TextChoices):
    """How a staff-recorded complaint's receipt (tracking number and access code) reaches the worker."""

    PRINT = "print", _("Print it at the counter")
    SMS = "sms", _("Send it by SMS to the worker's mobile")


class ClueOrigin(models.TextChoices):
    """Where an imported clue was handed down from; each maps to the complaint's source."""

    PLATFORM = "platform", _("National wage-arrears clue platform")
    HOTLINE = "12345", _("12345 hotline")


class CaseStatus(models.TextChoices):
    """States of a complaint's case; transitions live in complaints/case_states.py."""

    RECEIVED = "received", _("Received")
    NEEDS_SUPPLEMENT = "needs_supplement", _("More material needed")
    ACCEPTED = "accepted", _("Accepted, case opened")
    INVESTIGATING = "investigating", _("Under investigation")
    ORDERED = "ordered", _("Order to pay issued")
    COMPLIED = "complied", _("Order complied with")
    NOT_COMPLIED = "not_complied", _("Order not complied with")
    RESOLVED = "resolved", _("Resolved during investigation")
    CASE_WITHDRAWN = "case_withdrawn", _("Case withdrawn (minor, corrected)")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    REFERRED = "referred", _("Referred elsewhere")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn by the worker")
    MERGED = "merged", _("Merged into another case")


OPEN_STATUSES = frozenset(
    {
        CaseStatus.RECEIVED,
        CaseStatus.NEEDS_SUPPLEMENT,
        CaseStatus.ACCEPTED,
        CaseStatus.INVESTIGATING,
        CaseStatus.ORDERED,
        CaseStatus.COMPLIED,
        CaseStatus.NOT_COMPLIED,
        CaseStatus.RESOLVED,
        CaseStatus.CASE_WITHDRAWN,
    }
)


class EvidenceKind(models.TextChoices):
    IMAGE = "image", _("Photo or screenshot")
    PDF = "pdf", _("PDF document")


class NoticeKind(models.TextChoices):
    NOT_ACCEPTED = "not_accepted", _("Notice of non-acceptance (不予受理通知书)")
    ACCEPTED = "accepted", _("Notice of acceptance (受理/立案通知书)")
    SUPPLEMENT = "supplement", _("Request for more material (补正通知书)")
    REFERRED = "referred", _("Notice of referral (告知书)")
    ORDER = "order", _("Order to correct / pay (责令改正指令书)")
    CLOSED = "closed", _("Closing notice (结案通知书)")


class DecisionKind(models.TextChoices):
    NOT_ACCEPTED = "not_accepted", _("Not accepted (不予受理)")
    REFERRAL = "referral", _("Referral (告知)")
    SUPPLEMENT = "supplement", _("Request for more material (补正)")
    EXTENSION = "extension", _("Extension of the investigation deadline")
    ORDER = "order", _("Order to correct / pay (责令改正)")
    SURCHARGE = "surcharge", _("Surcharge order (加付赔偿金)")
    PENALTY = "penalty", _("Administrative penalty (行政处罚)")
    POLICE_TRANSFER = "police_transfer", _("Transfer to the police (移送公安)")
    BLACKLIST = "blacklist", _("Blacklist proposal (失信名单)")
    WITHDRAWAL = "withdrawal", _("Case withdrawn (撤销立案)")
    REOPEN = "reopen", _("Case reopened")


class ReferralKind(models.TextChoices):
    OTHER_BUREAU = "other_bureau", _("Another bureau's jurisdiction")
    MEDIATION = "mediation", _("Private dispute: labour-dispute mediation")
    ARBITRATION = "arbitration", _("Private dispute: labour arbitration")
    OTHER_DEPARTMENT = "other_department", _("Outside labour-inspection powers: another department")


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the receiving office")
    ACCEPTED = "accepted", _("Received by the competent office")
    RETURNED = "returned", _("Returned to the sending office")


class CaseEventKind(models.TextChoices):
    """The events of a case (registered with notifications in apps.py): English values, Chinese labels."""

    CASE_CREATED = "case.created", _("New case")
    CASE_ASSIGNED = "case.assigned", _("Case assigned")
    CASE_TRANSITIONED = "case.transitioned", _("Case status changed")
    CASE_EVIDENCE_ADDED = "case.evidence_added", _("New evidence")
    CASE_RECORD_ADDED = "case.record_added", _("Inspection record added")
    CASE_TRANSFERRED = "case.transferred", _("Case transferred")
    CASE_NOTE_ADDED = "case.note_added", _("Internal note")
    CASE_SUPERVISED = "case.supervised", _("Case under supervision")
    DEADLINE_WARNING = "deadline.warning", _("Deadline approaching")
    DEADLINE_OVERDUE = "deadline.overdue", _("Deadline passed")


class RecordKind(models.TextChoices):
    """The written records of an investigation (笔录)."""

    SITE_INSPECTION = "site_inspection", _("On-site inspection record")
    INTERVIEW = "interview", _("Interview record")


class PersonRole(models.TextChoices):
    """Who the person questioned (or present at an inspection) is, in relation to the case."""

    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative of the employer")
    EMPLOYER_MANAGER = "employer_manager", _("Manager or principal of the employer")
    EMPLOYER_STAFF = "employer_staff", _("Staff of the employer (payroll, HR, site)")
    WORKER = "worker", _("Worker")
    WITNESS = "witness", _("Witness")
    OTHER = "other", _("Other")
