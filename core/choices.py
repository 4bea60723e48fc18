"""Choices shared across apps: English values, Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    INSPECTOR = "inspector", _("Inspector")
    MEDIATOR = "mediator", _("Mediator")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")


class Sector(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction")
    MANUFACTURING = "manufacturing", _("Manufacturing and processing")
    CATERING = "catering", _("Catering and services")
    LOGISTICS = "logistics", _("Logistics")
    RETAIL = "retail", _("Wholesale and retail")
    OTHER = "other", _("Other")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday (day off)")
    WORKDAY = "workday", _("Make-up working day")


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinesecalendar package")
    MANUAL = "manual", _("Entered by an administrator")


class ActorKind(models.TextChoices):
    """Who acted, as an audit trail records it."""

    STAFF = "staff", _("Staff")
    WORKER = "worker", _("Worker")
    SYSTEM = "system", _("System")
