"""Public (worker-facing) pages and API: filing, tracking, the pay calculator."""

from django.urls import path

from .apis import public as api
from .views import public as views

urlpatterns: list = [
    path("complaints/new/", views.complaint_new, name="complaint-new"),
    path("complaints/new/check/", views.complaint_check, name="complaint-check"),
    path("complaints/employers/", views.employer_lookup, name="employer-lookup"),
    path("complaints/receipt/<str:tracking_number>/", views.complaint_receipt, name="complaint-receipt"),
    path("track/", views.track, name="track"),
    path("track/forget/", views.track_forget, name="track-forget"),
    path("track/recover/", views.track_recover, name="track-recover"),
    path("track/<str:tracking_number>/", views.track_case, name="track-case"),
    path("track/<str:tracking_number>/evidence/", views.track_evidence_add, name="track-evidence-add"),
    path("track/<str:tracking_number>/withdraw/", views.track_withdraw, name="track-withdraw"),
    path("track/<str:tracking_number>/files/<str:which>/<int:pk>/", views.track_file, name="track-file"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence-file"),
    path("calculator/", views.calculator, name="calculator"),
    # API (a contract: keep the paths; the OpenAPI schema at /api/schema/ states them)
    path("api/v1/complaints/", api.ComplaintCreateApi.as_view(), name="api-complaint-create"),
    path("api/v1/calculator/", api.CalculatorApi.as_view(), name="api-calculator"),
    path("api/v1/track/<str:tracking_number>/", api.TrackApi.as_view(), name="api-track"),
    path(
        "api/v1/track/<str:tracking_number>/recover/",
        api.TrackRecoverApi.as_view(),
        name="api-track-recover",
    ),
    path(
        "api/v1/track/<str:tracking_number>/evidence/",
        api.TrackEvidenceApi.as_view(),
        name="api-track-evidence",
    ),
    path(
        "api/v1/track/<str:tracking_number>/withdraw/",
        api.TrackWithdrawApi.as_view(),
        name="api-track-withdraw",
    ),
    path(
        "api/v1/track/<str:tracking_number>/evidence/<int:pk>/",
        api.TrackFileApi.as_view(which="evidence"),
        name="api-track-evidence-file",
    ),
    path(
        "api/v1/track/<str:tracking_number>/notices/<int:pk>/",
        api.TrackFileApi.as_view(which="notices"),
        name="api-track-notices-file",
    ),
]
