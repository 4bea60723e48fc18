from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_role_link

        from . import permissions  # noqa: F401  (registers the rules)

        register_role_link(
            [Role.MANAGER, Role.ADMIN],
            _("Winter campaign"),
            "inspections:campaign-list",
            _("Plan risk-based inspections and follow progress"),
        )
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
