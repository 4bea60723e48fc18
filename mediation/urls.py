"""Mediation URLs: the worker's pages, the staff pages, and the API under /api/v1/mediations/."""

from django.urls import path

from . import apis, views

app_name = "mediation"

urlpatterns = [
    # Public (worker)
    path("mediation/apply/", views.apply, name="apply"),
    path("mediation/apply/check/", views.apply_check, name="apply-check"),
    path("mediation/apply/done/", views.applied, name="applied"),
    path("mediation/track/", views.track, name="track"),
    path(
        "mediation/track/<str:tracking_number>/agreement.pdf", views.track_agreement, name="track-agreement"
    ),
    path(
        "mediation/track/<str:tracking_number>/sessions/<int:pk>.ics",
        views.track_session_ics,
        name="track-ics",
    ),
    # Staff
    path("staff/mediation/", views.request_list, name="list"),
    path("staff/mediation/oral/", views.oral, name="oral"),
    path("staff/mediation/week/", views.week, name="week"),
    path("staff/mediation/rooms/", views.rooms, name="rooms"),
    path("staff/mediation/<int:pk>/", views.request_detail, name="detail"),
    path("staff/mediation/<int:pk>/act/<slug:action>/", views.request_act, name="act"),
    path("staff/mediation/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("staff/mediation/<int:pk>/sessions/<int:session_pk>/move/", views.schedule, name="reschedule"),
    path("staff/mediation/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("staff/mediation/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement-pdf"),
    path("staff/mediation/sessions/<int:pk>.ics", views.session_ics_view, name="session-ics"),
    path("staff/mediation/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("staff/mediation/refer/<int:complaint_pk>/", views.refer_complaint, name="refer-complaint"),
    # API
    path("api/v1/mediations/", apis.MediationListCreateApi.as_view(), name="api-list"),
    path("api/v1/mediations/slots/", apis.MediationSlotsApi.as_view(), name="api-slots"),
    path(
        "api/v1/mediations/track/<str:tracking_number>/agreement.pdf",
        apis.MediationTrackAgreementApi.as_view(),
        name="api-track-agreement",
    ),
    path(
        "api/v1/mediations/from-complaint/<int:complaint_pk>/",
        apis.MediationFromComplaintApi.as_view(),
        name="api-from-complaint",
    ),
    path("api/v1/mediations/<int:pk>/", apis.MediationDetailApi.as_view(), name="api-detail"),
    path("api/v1/mediations/<int:pk>/<slug:action>/", apis.MediationActionApi.as_view(), name="api-action"),
]
