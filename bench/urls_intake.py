"""The project's URLs plus, only when WW_BENCH_CEILING=1, a minimal view that inserts one row (the ceiling)."""

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


urlpatterns = list(project_urlpatterns)
if os.environ.get("WW_BENCH_CEILING") == "1":
    urlpatterns.append(path("bench/ceiling/", ceiling))
