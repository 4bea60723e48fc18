"""The project's URLs plus, only when WW_BENCH_CEILING=1, two bench views.

* ``bench/ceiling/``: a minimal view that inserts one row (the ceiling intake is compared with in docs/performance.md).
* ``bench/intake-checks/``: the intake endpoint's door alone (parse, validate, clean, as
  ``POST /api/v1/complaints/`` does) with nothing looked up or written, to split intake's cost into its
  door and its filing.
"""

import os

from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from core.urls import urlpatterns as project_urlpatterns


@csrf_exempt
def ceiling(request: HttpRequest) -> JsonResponse:
    """Insert one row and answer: the least any write endpoint of this stack can cost."""
    from notifications.models import Event

    event = Event.objects.create(kind="bench.ceiling", text="x")
    return JsonResponse({"id": event.pk}, status=201)


def intake_checks():
    from rest_framework.response import Response

    from complaints.apis.public import ComplaintCreateApi
    from complaints.services.intake import intake_clean

    class IntakeChecks(ComplaintCreateApi):
        def post(self, request):
            intake_clean(self.parse(request)[0])
            return Response({"checked": True}, status=201)

    return IntakeChecks.as_view()


urlpatterns = list(project_urlpatterns)
if os.environ.get("WW_BENCH_CEILING") == "1":
    urlpatterns += [path("bench/ceiling/", ceiling), path("bench/intake-checks/", intake_checks())]
