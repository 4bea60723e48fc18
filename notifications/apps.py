from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from core.choices import Role
        from core.views import register_role_link

        register_role_link(
            list(Role.values),
            _("Notifications"),
            "notifications:page",
            _("Case changes, assignments and deadline warnings for you"),
        )
