"""The life of a campaign (django-fsm-2): being prepared, under way once it is planned, then finished.

Transitions only change fields; services/planning.py starts a campaign with its first plan and
services/campaigns.py finishes it.
"""

from __future__ import annotations

from django_fsm import transition

from .choices import CampaignStatus as S


class CampaignLifecycleMixin:
    """Transitions of Campaign.status; mixed into the model."""

    @transition(field="status", source=S.DRAFT, target=S.ACTIVE)
    def start(self) -> None:
        pass

    # A finished campaign keeps its figures as they were (the nightly refresh skips it).
    @transition(field="status", source=[S.DRAFT, S.ACTIVE], target=S.CLOSED)
    def close(self) -> None:
        pass
