"""What a plan proposal changes, and writing a plan into the campaign's visits.

A plan is a list of items, one per visit: ``{"e": employer, "g": district, "t": team, "d": ISO date,
"u": half-day units, "k": kind, "r": risk, "n": not-before date or None, "f": visit it follows up}``.
A proposal replaces the *replaceable* visits: planned, not locked, on or after its first day (a
follow-up booked after the campaign's end stays as it is). Completed, removed and locked visits and
every visit before the first day are kept. Used by plan proposals (plan_proposals.py) and by
restoring an earlier version (plan_versions.py).
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from core.models import AbstractAuditEntry
from core.services import audit_entry
from core.workdays import is_working_day, working_days_in

from ..choices import VisitKind, VisitStatus
from ..models import Campaign, PlanRun, Visit, VisitAudit

MUST_KINDS = (VisitKind.MUST, VisitKind.FOLLOW_UP)


def plan_basis(campaign: Campaign) -> str:
    """Return a fingerprint of the campaign's visits: a proposal is confirmed only on the state it saw."""
    digest = hashlib.sha256()
    rows = (
        Visit.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list("pk", "status", "locked", "version", "date", "team_id")
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(repr(row).encode())
    return digest.hexdigest()


def replaceable_visits(campaign: Campaign, from_date: datetime.date) -> QuerySet[Visit]:
    """Return the visits a plan from from_date on replaces."""
    qs = Visit.objects.filter(
        campaign=campaign, status=VisitStatus.PLANNED, locked=False, date__gte=from_date
    )
    days, _provisional = working_days_in(from_date, campaign.ends_on)
    if not days:
        return qs.none()
    return qs.exclude(kind=VisitKind.FOLLOW_UP, earliest__gt=days[-1])


def _kept_visits(campaign: Campaign, from_date: datetime.date) -> list[Visit]:
    """Return the visits on or after from_date that a plan keeps (locked or completed)."""
    return list(
        Visit.objects.filter(campaign=campaign, date__gte=from_date).filter(
            Q(status=VisitStatus.COMPLETED) | Q(status=VisitStatus.PLANNED, locked=True)
        )
    )


@dataclass
class _Side:
    """One side of the comparison (before or after): what a manager weighs."""

    visits: int = 0
    employers: set[int] = field(default_factory=set)
    risk: float = 0.0
    must_visits: int = 0
    near_visits: int = 0
    near_busy: set[tuple[int, str]] = field(default_factory=set)

    def add(
        self, *, employer: int, team: int | None, day: str, risk: float, kind: str, near: set[str]
    ) -> None:
        self.visits += 1
        self.employers.add(employer)
        self.risk += risk
        self.must_visits += kind in MUST_KINDS
        if day in near:
            self.near_visits += 1
            if team is not None:
                self.near_busy.add((team, day))

    def summary(self, near_team_days: int) -> dict:
        return {
            "visits": self.visits,
            "employers": len(self.employers),
            "risk": round(self.risk, 1),
            "must_visits": self.must_visits,
            "near_visits": self.near_visits,
            "near_empty_team_days": max(near_team_days - len(self.near_busy), 0),
        }


def _near_term(
    campaign: Campaign, from_date: datetime.date
) -> tuple[list[datetime.date], set[tuple[int, str]]]:
    """Return the first working days from from_date on and the team-days in them a team can work."""
    days, _provisional = working_days_in(from_date, campaign.ends_on)
    near = days[: settings.WAGEWATCH["PLAN_NEAR_TERM_WORKING_DAYS"]]
    team_days = set()
    for t in campaign.teams.all():
        off = set(t.unavailable or [])
        team_days |= {(t.pk, d.isoformat()) for d in near if d.isoformat() not in off}
    return near, team_days


def must_window_end(days: list[datetime.date], release: datetime.date) -> datetime.date | None:
    """Return the last day of a must-visit's window: the N-th working day from the day it may first take place."""
    window = settings.WAGEWATCH["MUST_VISIT_WINDOW_WORKING_DAYS"]
    eligible = [d for d in days if d >= release]
    return eligible[min(window, len(eligible)) - 1] if eligible else None


def proposal_changes(*, campaign: Campaign, from_date: datetime.date, items: list[dict]) -> dict:
    """Compare a plan with the campaign's visits: per team and day what is added, moved and removed,
    coverage and risk before and after, must-visits outside their window, days in a provisional year."""
    near, team_days = _near_term(campaign, from_date)
    near_iso = {d.isoformat() for d in near}
    before, after = _Side(), _Side()
    for v in _kept_visits(campaign, from_date):
        for side in (before, after):
            side.add(
                employer=v.employer_id,
                team=v.team_id,
                day=v.date.isoformat(),
                risk=v.risk,
                kind=v.kind,
                near=near_iso,
            )
    current: dict[int, Visit] = {}
    for v in replaceable_visits(campaign, from_date):
        before.add(
            employer=v.employer_id,
            team=v.team_id,
            day=v.date.isoformat(),
            risk=v.risk,
            kind=v.kind,
            near=near_iso,
        )
        current.setdefault(v.employer_id, v)
    cells: dict[tuple[int | None, str], dict[str, list]] = defaultdict(
        lambda: {"added": [], "removed": [], "moved_in": [], "moved_out": []}
    )
    totals = {"added": 0, "moved": 0, "removed": 0, "unchanged": 0}
    proposed = set()
    for it in items:
        after.add(employer=it["e"], team=it["t"], day=it["d"], risk=it["r"], kind=it["k"], near=near_iso)
        proposed.add(it["e"])
        old = current.get(it["e"])
        if old is None:
            cells[(it["t"], it["d"])]["added"].append(it["e"])
            totals["added"] += 1
        elif old.team_id != it["t"] or old.date.isoformat() != it["d"]:
            cells[(it["t"], it["d"])]["moved_in"].append([it["e"], old.team_id, old.date.isoformat()])
            cells[(old.team_id, old.date.isoformat())]["moved_out"].append([it["e"], it["t"], it["d"]])
            totals["moved"] += 1
        else:
            totals["unchanged"] += 1
    for employer, v in current.items():
        if employer not in proposed:
            cells[(v.team_id, v.date.isoformat())]["removed"].append(employer)
            totals["removed"] += 1
    days, _provisional = working_days_in(from_date, campaign.ends_on)
    outside = []
    for it in items:
        if it["k"] not in MUST_KINDS:
            continue
        release = max(from_date, datetime.date.fromisoformat(it["n"])) if it["n"] else from_date
        end = must_window_end(days, release)
        if end is not None and it["d"] > end.isoformat():
            outside.append(it["e"])
    provisional = sorted(
        {it["d"] for it in items if is_working_day(datetime.date.fromisoformat(it["d"])).provisional}
    )
    rows = [
        {"t": team, "d": day, **change}
        for (team, day), change in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0] or 0))
    ]
    return {
        "from_date": from_date.isoformat(),
        "near_days": [d.isoformat() for d in near],
        "totals": totals,
        "before": before.summary(len(team_days)),
        "after": after.summary(len(team_days)),
        "rows": rows,
        "must_outside_window": outside,
        "provisional_days": provisional,
    }


def plan_apply(
    *, campaign: Campaign, run: PlanRun | None, current: QuerySet[Visit], items: list[dict], actor
) -> dict:
    """Make the campaign's replaceable visits ``current`` into the plan ``items``; return the counts.

    A visit that stays with its employer is moved in place (same row, its trail goes on: "replanned"),
    a new one is created, one no longer planned is deleted.
    """
    existing: dict[int, Visit | None] = {}
    surplus: list[int] = []
    for row in current.select_for_update():
        if row.employer_id in existing:
            surplus.append(row.pk)
        else:
            existing[row.employer_id] = row
    moved: list[Visit] = []
    trail: list[AbstractAuditEntry] = []
    new: list[Visit] = []
    for it in items:
        day = datetime.date.fromisoformat(it["d"])
        v = existing.pop(it["e"], None)
        if v is None:
            new.append(
                Visit(
                    campaign=campaign,
                    employer_id=it["e"],
                    district_id=it["g"],
                    team_id=it["t"],
                    date=day,
                    units=it["u"],
                    kind=it["k"],
                    risk=it["r"],
                    earliest=datetime.date.fromisoformat(it["n"]) if it["n"] else None,
                    follow_up_of_id=it["f"],
                    plan_run=run,
                )
            )
        elif v.team_id != it["t"] or v.date != day:
            changes = {"team": [v.team_id, it["t"]], "date": [v.date.isoformat(), it["d"]]}
            v.team_id, v.date, v.risk, v.version = it["t"], day, it["r"], v.version + 1
            v.plan_run = run
            moved.append(v)
            trail.append(audit_entry(subject=v, action="replanned", actor=actor, changes=changes))
    removed = [v.pk for v in existing.values() if v is not None] + surplus
    Visit.objects.filter(pk__in=removed).delete()
    Visit.objects.bulk_update(moved, ["team", "date", "risk", "version", "plan_run"], batch_size=2000)
    VisitAudit.objects.bulk_create(cast(list[VisitAudit], trail), batch_size=2000)
    Visit.objects.bulk_create(new, batch_size=2000)
    return {"added": len(new), "moved": len(moved), "removed": len(removed)}


def planned_snapshot(campaign: Campaign) -> tuple[list[dict], float]:
    """Return the campaign's planned visits as plan items, and their risk."""
    rows = (
        Visit.objects.filter(campaign=campaign, status=VisitStatus.PLANNED)
        .order_by("date", "team_id", "pk")
        .values_list(
            "employer_id",
            "district_id",
            "team_id",
            "date",
            "units",
            "kind",
            "risk",
            "earliest",
            "follow_up_of_id",
        )
    )
    items = [
        {
            "e": e,
            "g": g,
            "t": t,
            "d": d.isoformat(),
            "u": u,
            "k": k,
            "r": r,
            "n": n.isoformat() if n else None,
            "f": f,
        }
        for e, g, t, d, u, k, r, n, f in rows.iterator(chunk_size=5000)
    ]
    return items, round(sum(it["r"] for it in items), 4)


def today() -> datetime.date:
    return timezone.localdate()
