from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_home_counts, register_role_link
        from notifications.registry import register_event_kind, register_subject

        from . import (
            permissions,  # noqa: F401  (registers the rules)
            signals,  # noqa: F401  (a changed case makes the campaign figures due)
        )
        from .selectors import visit_home_counts

        register_role_link(
            [Role.MANAGER, Role.ADMIN],
            _("Winter campaign"),
            "inspections:campaign-list",
            _("Plan risk-based inspections and follow progress"),
        )
        register_home_counts([Role.INSPECTOR], visit_home_counts)
        register_role_link(
            [Role.INSPECTOR],
            _("My inspection visits"),
            "inspections:my-day",
            _("Today's planned visits, checklist and outcome"),
        )
        register_role_link(
            [Role.MANAGER, Role.ADMIN],
            _("Enterprise ledger"),
            "inspections:ledger",
            _("Import employers' workforce records (台账)"),
        )
        # Campaign events reach whoever may open the campaign (permissions.is_campaign_staff of a
        # district it covers); a job's page group carries only progress counts, for any staff member.
        register_subject(
            "campaign",
            model="inspections.Campaign",
            perm="inspections.view_campaign",
            payload_key="campaign_id",
            url_name="inspections:campaign-detail",
        )
        register_subject("job", model="inspections.Job", perm=None, payload_key="job_id")
        register_event_kind(
            "campaign.*",
            label=_("Winter campaign"),
            subject="campaign",
            roles=[Role.INSPECTOR, Role.MANAGER, Role.ADMIN],
        )
