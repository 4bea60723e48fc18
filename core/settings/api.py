"""Django REST framework and the OpenAPI schema."""

from __future__ import annotations

from .env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    # Bounded in size and depth, an object at the top, no NUL characters (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "intake": env.str("THROTTLE_INTAKE", default="30/hour"),
        "track": env.str("THROTTLE_TRACK", default="60/hour"),
        "track_failure": env.str("THROTTLE_TRACK_FAILURE", default="10/hour"),
        "public": env.str("THROTTLE_PUBLIC", default="120/hour"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wagewatch API",
    "DESCRIPTION": "Wage-arrears complaints, cases, mediation and the winter campaign.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a "status" or "kind" field with their own choices: name each enum after its class.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "complaints.choices.CaseStatus",
        "ComplaintKindEnum": "complaints.choices.ComplaintKind",
        "EvidenceKindEnum": "complaints.choices.EvidenceKind",
        "NoticeKindEnum": "complaints.choices.NoticeKind",
        "DecisionKindEnum": "complaints.choices.DecisionKind",
        "MediationStatusEnum": "mediation.choices.MediationStatus",
        "SessionStatusEnum": "mediation.choices.SessionStatus",
        "CampaignStatusEnum": "inspections.choices.CampaignStatus",
        "JobStatusEnum": "inspections.choices.JobStatus",
        "VisitStatusEnum": "inspections.choices.VisitStatus",
        "VisitKindEnum": "inspections.choices.VisitKind",
        "OrderStatusEnum": "inspections.choices.OrderStatus",
        "WagePaymentStatusEnum": "inspections.choices.WagePaymentStatus",
        "EventKindEnum": "complaints.choices.CaseEventKind",
    },
}
