"""Campaign pages under /staff/campaigns/ and the staff API under /api/v1/."""

from django.urls import path

from . import apis, views

app_name = "inspections"

urlpatterns = [
    path("staff/campaigns/", views.campaign_list, name="campaign-list"),
    path("staff/campaigns/<int:pk>/", views.campaign_detail, name="campaign-detail"),
    path("staff/campaigns/<int:pk>/plan/", views.campaign_plan, name="campaign-plan"),
    path("staff/campaigns/<int:pk>/plan/run/", views.campaign_plan_request, name="campaign-plan-request"),
    path("staff/campaigns/<int:pk>/dashboard/", views.campaign_dashboard, name="campaign-dashboard"),
    path(
        "staff/campaigns/<int:pk>/dashboard/panel/",
        views.campaign_dashboard_panel,
        name="campaign-dashboard-panel",
    ),
    path(
        "staff/campaigns/<int:pk>/dashboard/print/",
        views.campaign_dashboard_print,
        name="campaign-dashboard-print",
    ),
    path("staff/campaigns/<int:pk>/export.<str:fmt>", views.campaign_export, name="campaign-export"),
    path("staff/campaigns/<int:pk>/map/", views.campaign_map, name="campaign-map"),
    path("staff/campaigns/<int:pk>/employers/<int:employer_id>/", views.employer_risk, name="employer-risk"),
    path("staff/campaigns/plan-runs/<int:pk>/status/", views.plan_run_status, name="plan-run-status"),
    path("staff/campaigns/plan-runs/<int:pk>/", views.plan_run_detail, name="plan-run"),
    path("staff/campaigns/plan-runs/<int:pk>/<str:action>/", views.plan_run_decide, name="plan-run-decide"),
    path("staff/campaigns/<int:pk>/plan/versions/", views.plan_versions, name="plan-versions"),
    path(
        "staff/campaigns/<int:pk>/plan/versions/<int:number>/restore/",
        views.plan_version_restore,
        name="plan-version-restore",
    ),
    path("staff/visits/today/", views.my_day, name="my-day"),
    path("staff/visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("staff/visits/<int:pk>/photos/", views.visit_photo_upload, name="visit-photo-upload"),
    path("staff/visits/<int:pk>/order.pdf", views.visit_order_document, name="visit-order-document"),
    path("staff/visits/<int:pk>/photos/<int:photo_id>/", views.visit_photo, name="visit-photo"),
    path("staff/visits/<int:pk>/<str:action>/", views.visit_plan_action, name="visit-plan-action"),
    path("staff/ledger/", views.ledger, name="ledger"),
    path("staff/ledger/<int:pk>/", views.ledger_import_detail, name="ledger-import"),
    path("staff/ledger/<int:pk>/status/", views.ledger_import_status, name="ledger-import-status"),
    # API
    path("api/v1/campaigns/", apis.CampaignListApi.as_view(), name="api-campaigns"),
    path("api/v1/campaigns/<int:pk>/", apis.CampaignDetailApi.as_view(), name="api-campaign"),
    path("api/v1/campaigns/<int:pk>/teams/", apis.CampaignTeamCreateApi.as_view(), name="api-campaign-teams"),
    path(
        "api/v1/campaigns/<int:pk>/weights/", apis.CampaignWeightsApi.as_view(), name="api-campaign-weights"
    ),
    path("api/v1/campaigns/<int:pk>/risk/", apis.CampaignRiskApi.as_view(), name="api-campaign-risk"),
    path("api/v1/campaigns/<int:pk>/plan/", apis.CampaignPlanApi.as_view(), name="api-campaign-plan"),
    path(
        "api/v1/campaigns/<int:pk>/visits/", apis.CampaignVisitListApi.as_view(), name="api-campaign-visits"
    ),
    path(
        "api/v1/campaigns/<int:pk>/figures/", apis.CampaignFiguresApi.as_view(), name="api-campaign-figures"
    ),
    path("api/v1/campaigns/<int:pk>/map/", apis.CampaignMapApi.as_view(), name="api-campaign-map"),
    path("api/v1/plan-runs/<int:pk>/", apis.PlanRunDetailApi.as_view(), name="api-plan-run"),
    path("api/v1/plan-runs/<int:pk>/confirm/", apis.PlanRunConfirmApi.as_view(), name="api-plan-run-confirm"),
    path("api/v1/plan-runs/<int:pk>/discard/", apis.PlanRunDiscardApi.as_view(), name="api-plan-run-discard"),
    path(
        "api/v1/campaigns/<int:pk>/plan-versions/",
        apis.PlanVersionListApi.as_view(),
        name="api-campaign-plan-versions",
    ),
    path(
        "api/v1/campaigns/<int:pk>/plan-versions/<int:number>/restore/",
        apis.PlanVersionRestoreApi.as_view(),
        name="api-campaign-plan-version-restore",
    ),
    path("api/v1/visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="api-visit"),
    path("api/v1/visits/<int:pk>/lock/", apis.VisitLockApi.as_view(), name="api-visit-lock"),
    path("api/v1/visits/<int:pk>/unlock/", apis.VisitUnlockApi.as_view(), name="api-visit-unlock"),
    path("api/v1/visits/<int:pk>/remove/", apis.VisitRemoveApi.as_view(), name="api-visit-remove"),
    path("api/v1/visits/<int:pk>/complete/", apis.VisitCompleteApi.as_view(), name="api-visit-complete"),
    path("api/v1/visits/<int:pk>/photos/", apis.VisitPhotoApi.as_view(), name="api-visit-photos"),
    path("api/v1/ledger-imports/", apis.LedgerImportListApi.as_view(), name="api-ledger-imports"),
    path("api/v1/ledger-imports/<int:pk>/", apis.LedgerImportDetailApi.as_view(), name="api-ledger-import"),
]
