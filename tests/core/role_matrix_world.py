"""The objects the role × endpoint matrix requests: one of each kind, in the home district."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile

from complaints.choices import CaseStatus, NoticeKind
from complaints.models import InspectionRecord, Notice, RecordAttachment
from complaints.services.transfer import complaint_transfer
from core.choices import Role
from core.models import CalendarYear
from inspections.models import Job, LedgerImport, PlanRun, PlanVersion, Visit, VisitPhoto
from inspections.services import campaigns
from mediation.choices import MediationStatus
from mediation.models import MediationEvidence
from notifications.models import Event, Notification
from tests.complaints.factories import EvidenceFactory, case_in
from tests.factories import EmployerFactory, UserFactory
from tests.mediation.factories import MediationRequestFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@dataclass
class World:
    """Primary keys and tracking numbers the URL patterns take, by name."""

    ids: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.ids[key]


def build_world(*, district, other_district, inspector, inspector2, manager, city_manager) -> World:
    """Create a case (and one being transferred to the other district), a mediation request, a campaign with a visit, an import and a notification."""
    employer = EmployerFactory(district=district)
    case = case_in(CaseStatus.RECEIVED, inspectors=(inspector,), district=district, employer=employer)
    evidence = EvidenceFactory(complaint=case)
    # A case on its way to the other district (a pending transfer).
    transferring = complaint_transfer(
        complaint=case_in(CaseStatus.RECEIVED, inspectors=(inspector,), district=district, employer=employer),
        by=manager,
        to_district=other_district,
        reason="用工地点在另一区",
    )
    notice = Notice(complaint=case, kind=NoticeKind.choices[0][0], issued_by=inspector)
    notice.file.save("notice.pdf", ContentFile(b"%PDF-1.4\n%notice\n"), save=True)
    record = InspectionRecord.objects.create(
        complaint=case,
        kind="interview",
        started_at=datetime.datetime(2026, 11, 30, 9, 0, tzinfo=datetime.UTC),
        place="项目部",
        person_name="王建设",
        person_role="employer_manager",
        questions=[{"question": "问", "answer": "答"}],
        created_by=inspector,
    )
    record.inspectors.set([inspector, inspector2])
    attachment = RecordAttachment(
        record=record,
        original_name="p.png",
        kind="image",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
        uploaded_by=inspector,
    )
    attachment.stored_name = "p.png"
    attachment.file.save("p.png", ContentFile(PNG), save=True)
    mreq = MediationRequestFactory(district=district, status=MediationStatus.REQUESTED)
    m_evidence = MediationEvidence(
        request=mreq, original_name="a.pdf", content_type="application/pdf", size=16, sha256="0" * 64
    )
    m_evidence.stored_name = "a.pdf"
    m_evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%mediat\n"), save=True)
    for year in (2026, 2027):
        CalendarYear.objects.get_or_create(year=year)
    campaign = campaigns.campaign_create(
        created_by=city_manager,
        name="冬季专项行动",
        starts_on=datetime.date(2026, 11, 30),
        ends_on=datetime.date(2026, 12, 11),
        districts=[district, other_district],
    )
    team = campaigns.team_create(
        campaign=campaign,
        created_by=city_manager,
        name="A",
        inspector_a=inspector,
        inspector_b=inspector2,
        home_district=district,
    )
    visit = Visit.objects.create(
        campaign=campaign, employer=employer, district=district, team=team, date=campaign.starts_on
    )
    photo = VisitPhoto(
        visit=visit, original_name="p.png", content_type="image/png", size=len(PNG), sha256="0" * 64
    )
    photo.stored_name = "p.png"
    photo.file.save("p.png", ContentFile(PNG), save=True)
    run = PlanRun.objects.create(
        campaign=campaign,
        from_date=campaign.starts_on,
        requested_by=city_manager,
        job=Job.objects.create(kind="plan"),
    )
    for number in (1, 2):  # two confirmed plan versions: the first can be restored
        PlanVersion.objects.create(campaign=campaign, number=number, from_date=campaign.starts_on, visits=[])
    ledger = LedgerImport(original_name="ledger.csv", sha256="0" * 64, uploaded_by=manager)
    ledger.file.save("ledger.csv", ContentFile("名称\n".encode()), save=True)
    event = Event.objects.create(kind="case.updated", text="x", payload={"case_id": case.pk})
    note = Notification.objects.create(event=event, user=inspector)
    outsider = UserFactory(role=Role.INSPECTOR, district=other_district, username="matrix-outsider")
    return World(
        {
            "case": case.pk,
            "case_number": case.tracking_number,
            "transferring": transferring.pk,
            "evidence": evidence.pk,
            "notice": notice.pk,
            "record": record.pk,
            "record_attachment": attachment.pk,
            "mediation": mreq.pk,
            "mediation_number": mreq.tracking_number,
            "mediation_evidence": m_evidence.pk,
            "campaign": campaign.pk,
            "employer": employer.pk,
            "visit": visit.pk,
            "photo": photo.pk,
            "plan_run": run.pk,
            "plan_version": 1,
            "ledger": ledger.pk,
            "notification": note.pk,
            "outsider": outsider.pk,
        }
    )
