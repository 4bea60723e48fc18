from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_role_link

        from . import deadlines, permissions, throttles  # noqa: F401  (rules, calendar receiver, rate check)

        register_role_link(
            [Role.INSPECTOR],
            _("My cases"),
            "complaints:staff-cases",
            _("Cases assigned to you, nearest deadline first"),
        )
        register_role_link(
            [Role.MANAGER],
            _("District queue"),
            "complaints:staff-cases",
            _("Every open case of the district: assign, approve, follow deadlines"),
        )
