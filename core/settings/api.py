"""Django REST framework and the OpenAPI schema."""

from __future__ import annotations

from .env import env

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Staff browsers and tablets use the session of the login page (locked out by django-axes after
        # repeated failures); no Basic auth, which would be a second password door.
        "rest_framework.authentication.SessionAuthentication",
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
    # Per client address unless noted; "off" switches a scope off. See complaints/throttles.py. A building
    # site's workers often share one hotspot: sixty filings and their lookups an hour must pass.
    "DEFAULT_THROTTLE_RATES": {
        "address": env.str("THROTTLE_ADDRESS", default="1200/hour"),
        "intake": env.str("THROTTLE_INTAKE", default="120/hour"),
        "track": env.str("THROTTLE_TRACK", default="300/hour"),
        # Wrong access codes per tracking number and address.
        "track_failure": env.str("THROTTLE_TRACK_FAILURE", default="10/hour"),
        "public": env.str("THROTTLE_PUBLIC", default="600/hour"),
        # New access codes by SMS per tracking number, and per address.
        "recover": env.str("THROTTLE_RECOVER", default="3/hour"),
        "recover_address": env.str("THROTTLE_RECOVER_ADDRESS", default="30/hour"),
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
        "CheckinStatusEnum": "inspections.choices.CheckinStatus",
        "OrderStatusEnum": "inspections.choices.OrderStatus",
        "WagePaymentStatusEnum": "inspections.choices.WagePaymentStatus",
        "EventKindEnum": "complaints.choices.CaseEventKind",
        "RecordKindEnum": "complaints.choices.RecordKind",
        "PersonRoleEnum": "complaints.choices.PersonRole",
    },
}
