"""Who may see and act on mediation requests (django-rules); object perm ``mediation.view_request``."""

from __future__ import annotations

import rules

from core.rules import in_same_district, is_admin, is_inspector, is_manager, is_mediator

# Mediators and managers of the request's district (or of the whole city) see and handle requests.
can_handle = (is_mediator | is_manager) & in_same_district
can_view = can_handle | is_admin


rules.add_perm("mediation.view_request", can_view)
rules.add_perm("mediation.change_request", can_handle)
rules.add_perm("mediation.schedule_session", can_handle)
rules.add_perm("mediation.record_oral", is_mediator | is_manager)
rules.add_perm("mediation.view_schedule", is_mediator | is_manager | is_admin)
# An inspector (or manager) refers a complaint of their district as a private dispute.
rules.add_perm("mediation.refer_complaint", (is_inspector | is_manager) & in_same_district)
