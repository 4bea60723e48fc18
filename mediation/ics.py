"""One session as an iCalendar (.ics) entry, for the mediator's or the worker's calendar."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import MediationSession


def session_ics(session: MediationSession, *, for_staff: bool) -> bytes:
    """Return the .ics bytes of a session; the worker's copy names no personal data of the other side."""
    request = session.request
    cal = Calendar()
    cal.add("prodid", "-//Wagewatch//Mediation//ZH")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    ev = Event()
    ev.add("uid", f"mediation-session-{session.pk}@wagewatch")
    ev.add("dtstamp", timezone.now())
    ev.add("dtstart", session.start_at)
    ev.add("dtend", session.end_at)
    ev.add("sequence", int(session.updated_at.timestamp()) % 100000 if session.updated_at else 0)
    ev.add("summary", f"劳动争议调解 {request.tracking_number}")
    if session.remote or session.room is None:
        ev.add("location", "远程调解（电话／视频）")
    else:
        ev.add("location", f"{session.room.name} {session.room.location}".strip())
    lines = [f"调解申请：{request.tracking_number}", f"争议事项：{'、'.join(request.get_matters_display())}"]
    if for_staff:
        lines.append(f"申请人：{request.applicant_name}")
        lines.append(f"用人单位：{request.employer_name_given}")
    lines.append(f"调解期限：{request.deadline:%Y-%m-%d}")
    ev.add("description", "\n".join(lines))
    ev.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    cal.add_component(ev)
    return cal.to_ical()


def ics_filename(session: MediationSession) -> str:
    return f"mediation-{session.request.tracking_number}-{session.pk}.ics"


SITE = getattr(settings, "SITE_NAME", "Wagewatch")
