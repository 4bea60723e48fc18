"""Public home page, login/logout and the staff home page for each role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .models import User
from .rules import is_staff_member


def home(request: HttpRequest) -> HttpResponse:
    """The worker's front door: every service in one list, and who runs the portal."""
    from django.conf import settings

    from documents.selectors import office_contacts

    return render(
        request,
        "core/home.html",
        {"offices": office_contacts(), "opening_hours": settings.PORTAL["OPENING_HOURS"]},
    )


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


# What each role's home page offers: (title, url name, description). Apps register their entries.
ROLE_LINKS: dict[str, list[tuple[str, str, str]]] = {role: [] for role in Role.values}


def register_role_link(roles: list[str], title: str, url_name: str, description: str = "") -> None:
    """Let an app add an entry to the staff home page of the given roles."""
    for role in roles:
        entry = (title, url_name, description)
        if entry not in ROLE_LINKS[role]:
            ROLE_LINKS[role].append(entry)


@dataclass(frozen=True)
class HomeCount:
    """One figure on a staff member's home page, linking to the list it counts."""

    key: str
    label: str
    count: int
    url: str
    tone: str = ""  # "", "soon" or "overdue": how the tile is coloured


# What each role's home page counts: functions of the user returning HomeCounts. Apps register them.
HOME_COUNTS: dict[str, list[Callable[[User], list[HomeCount]]]] = {role: [] for role in Role.values}


def register_home_counts(roles: list[str], counts: Callable[[User], list[HomeCount]]) -> None:
    """Let an app add figures to the staff home page of the given roles."""
    for role in roles:
        if counts not in HOME_COUNTS[role]:
            HOME_COUNTS[role].append(counts)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not is_staff_member(user) or not isinstance(user, User):
        return render(request, "core/no_role.html", status=403)
    from django.urls import NoReverseMatch, reverse

    links = []
    for title, url_name, description in ROLE_LINKS.get(user.role, []):
        try:
            links.append({"title": title, "url": reverse(url_name), "description": description})
        except NoReverseMatch:
            continue
    counts = [figure for provider in HOME_COUNTS.get(user.role, []) for figure in provider(user)]
    return render(
        request,
        "core/staff_home.html",
        {"links": links, "counts": counts, "role_label": Role(user.role).label, "heading": _("Workbench")},
    )


def too_many_requests(request: HttpRequest, retry_after: int, *, template: str = "429.html") -> HttpResponse:
    """Answer 429 with a Retry-After header and a page that says in words how long to wait."""
    from .api_errors import wait_text

    retry_after = max(1, int(retry_after))
    context = {"retry_after": retry_after, "wait_text": wait_text(retry_after)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def request_refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """Answer a request refused before any view ran: JSON under /api/, a page otherwise."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    heading = gettext("The request is too large") if status == 413 else gettext("The request was refused")
    return render(
        request, "core/request_refused.html", {"heading": heading, "message": message}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a request over Django's limits is a 413 with what the limit is; any other a 400."""
    from .api_errors import request_limit_message

    message = request_limit_message(exception) if exception is not None else None
    if message is not None:
        return request_refused(request, 413, message)
    return request_refused(request, 400, gettext("The request could not be understood."))
