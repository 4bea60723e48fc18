from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mediation"
    label = "mediation"
    verbose_name = _("Mediation")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_role_link
        from notifications.registry import register_event_kind, register_subject

        from . import permissions, tracking_registration  # noqa: F401  (rules and the trackables registration)

        staff = [Role.MEDIATOR, Role.MANAGER]
        register_role_link(
            staff, _("Mediation requests"), "mediation:list", _("Requests, 15-day deadlines, outcomes")
        )
        register_role_link(staff, _("My week"), "mediation:week", _("Sessions by day, find a free slot"))
        register_role_link(staff, _("Rooms"), "mediation:rooms", _("Mediation rooms and their bookings"))
        register_role_link(
            [Role.MEDIATOR], _("Record an oral application"), "mediation:oral", _("第十二条: on the spot")
        )
        tracking_registration.register_with_intake()
        # Mediation events reach whoever may open the request (permissions.can_view).
        register_subject(
            "mediation",
            model="mediation.MediationRequest",
            perm="mediation.view_request",
            payload_key="mediation_id",
            url_name="mediation:detail",
        )
        register_event_kind(
            "mediation.*", label=_("Mediation"), subject="mediation", roles=[*staff, Role.ADMIN]
        )
