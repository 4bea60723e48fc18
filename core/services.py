"""Every write to the shared domain: calendar years, employers, and the audit trail every app appends to."""

from __future__ import annotations

import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ManyToOneRel
from django.utils.translation import gettext as _

from .choices import ActorKind, CalendarDayKind, CalendarSource, Sector
from .identifiers import check_credit_code, normalise_employer_name
from .models import AbstractAuditEntry, CalendarDay, CalendarYear, District, Employer


def package_years() -> list[int]:
    """Return the years for which the chinesecalendar package carries an official schedule."""
    from chinese_calendar.constants import holidays

    return sorted({d.year for d in holidays})


@transaction.atomic
def calendar_year_load_from_package(*, year: int) -> CalendarYear:
    """Load (or reload) one year's holidays and make-up working days from chinesecalendar."""
    import chinese_calendar

    if year not in package_years():
        raise ValidationError(
            _("The chinesecalendar package has no schedule for %(year)s; enter it by hand in the admin.")
            % {"year": year}
        )
    CalendarDay.objects.filter(date__year=year).delete()
    rows = []
    day = datetime.date(year, 1, 1)
    while day.year == year:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if day.weekday() < 5 and on_holiday and name:
            rows.append(CalendarDay(date=day, kind=CalendarDayKind.HOLIDAY, name=name))
        elif day.weekday() >= 5 and not on_holiday:
            rows.append(CalendarDay(date=day, kind=CalendarDayKind.WORKDAY, name=name or ""))
        day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows)
    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": CalendarSource.PACKAGE, "note": "chinesecalendar"}
    )
    return calendar_year


def calendar_load_all_from_package(*, since: int = 2015) -> list[int]:
    """Load every year the package carries from ``since`` on; return the years loaded."""
    years = [y for y in package_years() if y >= since]
    for year in years:
        calendar_year_load_from_package(year=year)
    return years


def employer_create(
    *,
    name: str,
    credit_code: str = "",
    address: str = "",
    district: District | None = None,
    sector: str = Sector.OTHER,
    **extra,
) -> Employer:
    """Create an employer; a credit code failing its checksum is kept, flagged for a staff member to confirm."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the employer's name.")})
    checksum_ok = True
    if credit_code:
        check = check_credit_code(credit_code)
        credit_code, checksum_ok = check.code, check.checksum_ok
    employer = Employer(
        name=name,
        credit_code=credit_code,
        credit_code_checksum_ok=checksum_ok,
        address=address.strip(),
        district=district,
        sector=sector,
        **extra,
    )
    employer.save()
    return employer


def employer_find_or_create(
    *,
    name: str,
    credit_code: str = "",
    address: str = "",
    district: District | None = None,
    sector: str = Sector.OTHER,
) -> tuple[Employer, bool]:
    """Find the employer by credit code, else by normalised name in the district, else create it."""
    from .selectors import employer_match

    found = employer_match(name=name, credit_code=credit_code, district=district)
    if found is not None:
        return found, False
    with transaction.atomic():
        return (
            employer_create(
                name=name, credit_code=credit_code, address=address, district=district, sector=sector
            ),
            True,
        )


def normalised(name: str) -> str:
    return normalise_employer_name(name)


def audit_entry(
    *,
    subject: models.Model,
    action: str,
    actor=None,
    actor_kind: str | None = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    changes: dict | None = None,
    public: bool = False,
) -> AbstractAuditEntry:
    """Return an audit row of ``subject``'s trail, not saved (for a core.db.InsertBatch).

    The trail is the subject's ``audit`` relation (a core.models.AbstractAuditEntry); ``to_status``
    defaults to the subject's status, ``actor_kind`` to staff when there is an actor, else the system.
    """
    relation = cast(ManyToOneRel, subject._meta.get_field("audit"))
    trail = cast(type[AbstractAuditEntry], relation.related_model)
    if actor_kind is None:
        actor_kind = ActorKind.STAFF if actor is not None else ActorKind.SYSTEM
    return trail(
        **{relation.field.name: subject},
        action=action,
        actor=actor,
        actor_kind=actor_kind,
        from_status=from_status,
        to_status=to_status or getattr(subject, "status", ""),
        reason=reason,
        changes=changes or {},
        public=public,
    )


def audit_record(**fields) -> AbstractAuditEntry:
    """Append an audit row (the arguments of ``audit_entry``); call inside the transaction of the change."""
    entry = audit_entry(**fields)
    entry.save(force_insert=True)
    return entry
