from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_home_counts, register_role_link
        from notifications.registry import register_event_kind, register_subject

        from . import deadlines, permissions, throttles  # noqa: F401  (rules, calendar receiver, rate check)
        from .choices import CaseEventKind
        from .selectors.cases import complaint_home_counts

        # Case events reach whoever may open the case page: its district's inspectors and managers,
        # city-wide staff and administrators (permissions.check_view), and the inspectors it addresses.
        register_subject(
            "case",
            model="complaints.Complaint",
            perm="complaints.view_complaint",
            payload_key="case_id",
            url_name="complaints:staff-case",
        )
        for kind in CaseEventKind:
            register_event_kind(
                kind.value, label=kind.label, subject="case", roles=[Role.INSPECTOR, Role.MANAGER, Role.ADMIN]
            )

        register_home_counts([Role.INSPECTOR, Role.MANAGER], complaint_home_counts)
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
        register_role_link(
            [Role.INSPECTOR, Role.MANAGER],
            _("Record a complaint"),
            "complaints:staff-counter-record",
            _("For a worker at the counter, on the hotline or by letter: receipt printed or sent by SMS"),
        )
        register_role_link(
            [Role.MANAGER],
            _("Import handed-down clues"),
            "complaints:staff-clue-import",
            _(
                "Clues from the national wage-arrears clue platform or the 12345 hotline, from a CSV or XLSX file"
            ),
        )
