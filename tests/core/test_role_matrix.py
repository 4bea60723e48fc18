"""Role × endpoint matrix, generated from the URL configuration.

Every URL pattern of the project must have a row here: a new endpoint without one fails
``test_every_endpoint_is_in_the_matrix``. Each row requests the endpoint as each role and compares the
outcome's class:

    ok     allowed: 2xx, a redirect elsewhere than the login page, or 400/409/429 (the input or the
           state was refused, after the role was let in)
    403    refused for the role (401 or 403)
    404    the object is not found for the role (hidden)
    login  redirected to the login page (staff) or to the tracking form (workers)

Columns: anon = no session; worker = no account, but the tracking number and access code of the case
and of the mediation request entered; insp = inspector assigned to the case and in the visit's team;
oinsp = inspector of another district; med = mediator; mgr = manager of the district; omgr = manager
of another district; city = city manager (no district); admin = administrator.

Every request runs in a transaction rolled back afterwards, so one role's action does not change
what the next role meets. POSTs carry an empty body: refusing the role comes before reading input.
"""

from __future__ import annotations

import copy

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.choices import Role
from tests.complaints.factories import ACCESS_CODE
from tests.factories import UserFactory

from .role_matrix_world import build_world

ROLES = ["anon", "worker", "insp", "oinsp", "med", "mgr", "omgr", "city", "admin"]

# fmt: off
MATRIX = [
    # URL name                                   method  URL kwargs (from the world)                                             anon   worker insp   oinsp  med    mgr    omgr   city   admin
    ("core:home",                                 "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("core:login",                                "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("core:logout",                               "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("core:staff-home",                           "GET",  {},                                                                     "login  login  ok     ok     ok     ok     ok     ok     ok"),
    ("core:service-worker",                       "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("core:manifest",                             "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:complaint-new",                  "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:complaint-new",                  "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:employer-lookup",                "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:complaint-check",                "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:complaint-receipt",              "GET",  {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:track",                          "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:track-forget",                   "POST", {},                                                                     "login  login  login  login  login  login  login  login  login"),
    ("complaints:track-recover",                  "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:track-case",                     "GET",  {"tracking_number": "case_number"},                                     "login  ok     login  login  login  login  login  login  login"),
    ("complaints:track-evidence-add",             "POST", {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:track-withdraw",                 "POST", {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:track-file",                     "GET",  {"tracking_number": "case_number", "which": "notices", "pk": "notice"}, "404    ok     404    404    404    404    404    404    404"),
    ("complaints:evidence-file",                  "GET",  {"pk": "evidence"},                                                     "403    403    ok     403    403    ok     403    ok     ok"),
    ("complaints:calculator",                     "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:api-complaint-create",           "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:api-calculator",                 "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:api-track",                      "GET",  {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:api-track-evidence",             "POST", {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:api-track-withdraw",             "POST", {"tracking_number": "case_number"},                                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:api-track-recover",              "POST", {"tracking_number": "case_number"},                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:api-track-evidence-file",        "GET",  {"tracking_number": "case_number", "pk": "evidence"},                   "404    ok     404    404    404    404    404    404    404"),
    ("complaints:api-track-notices-file",         "GET",  {"tracking_number": "case_number", "pk": "notice"},                     "404    ok     404    404    404    404    404    404    404"),
    ("complaints:staff-cases",                    "GET",  {},                                                                     "login  login  ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:staff-counter-record",           "GET",  {},                                                                     "login  login  ok     ok     403    ok     ok     ok     403"),
    ("complaints:staff-counter-record",           "POST", {},                                                                     "login  login  ok     ok     403    ok     ok     ok     403"),
    ("complaints:staff-counter-receipt",          "GET",  {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-counter-receipt-pdf",      "GET",  {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-clue-import",              "GET",  {},                                                                     "login  login  403    403    403    ok     ok     ok     403"),
    ("complaints:staff-clue-import",              "POST", {},                                                                     "login  login  403    403    403    ok     ok     ok     403"),
    ("complaints:staff-clue-template",            "GET",  {"fmt": "xlsx"},                                                        "login  login  403    403    403    ok     ok     ok     403"),
    ("complaints:staff-bulk-assign",              "POST", {},                                                                     "login  login  403    403    403    ok     ok     ok     403"),
    ("complaints:staff-case",                     "GET",  {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-case-row",                 "GET",  {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-case-act",                 "POST", {"pk": "case", "action": "accept"},                                     "login  login  ok     404    404    ok     404    ok     403"),
    ("complaints:staff-notice",                   "GET",  {"pk": "case", "notice_id": "notice"},                                  "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-record-new",               "GET",  {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     403"),
    ("complaints:staff-record-new",               "POST", {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     403"),
    ("complaints:staff-record-pdf",               "GET",  {"pk": "case", "record_id": "record"},                                  "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:staff-record-attachment",        "GET",  {"pk": "case", "record_id": "record", "attachment_id": "record_attachment"}, "login  login  ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-records",               "GET",  {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-records",               "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-record",                "GET",  {"pk": "case", "record_id": "record"},                                  "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-record-attachments",    "POST", {"pk": "case", "record_id": "record"},                                  "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-cases",                      "GET",  {},                                                                     "403    403    ok     ok     ok     ok     ok     ok     ok"),
    ("complaints:api-cases-record",               "POST", {},                                                                     "403    403    ok     ok     403    ok     ok     ok     403"),
    ("complaints:api-cases-clues-import",         "POST", {},                                                                     "403    403    403    403    403    ok     ok     ok     403"),
    ("complaints:api-case",                       "GET",  {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-identify-employer",     "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-accept",                "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-request-supplement",    "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-decline",               "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-refer",                 "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-start-investigation",   "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-extend-deadline",       "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-issue-order",           "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-record-compliance",     "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-record-non-compliance", "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-order-surcharge",       "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-decide-penalty",        "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-transfer-to-police",    "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-propose-blacklist",     "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-resolve",               "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-withdraw-case",         "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-close",                 "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-reopen",                "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     ok"),
    ("complaints:api-case-assign",                "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-transfer",              "POST", {"pk": "case"},                                                         "403    403    403    404    404    ok     404    ok     403"),
    ("complaints:api-case-transfer-accept",       "POST", {"pk": "transferring"},                                                 "403    403    403    403    404    403    ok     ok     403"),
    ("complaints:api-case-transfer-return",       "POST", {"pk": "transferring"},                                                 "403    403    403    403    404    403    ok     ok     403"),
    ("complaints:api-case",                       "GET",  {"pk": "transferring"},                                                 "403    403    ok     ok     404    ok     ok     ok     ok"),
    ("complaints:staff-case",                     "GET",  {"pk": "transferring"},                                                 "login  login  ok     ok     404    ok     ok     ok     ok"),
    ("complaints:staff-case-act",                 "POST", {"pk": "transferring", "action": "transfer_accept"},                    "login  login  403    403    404    403    ok     ok     403"),
    ("complaints:api-case-merge",                 "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-unlink",                "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-supervise",             "POST", {"pk": "case"},                                                         "403    403    403    404    404    403    404    ok     403"),
    ("complaints:api-case-supervision-lift",      "POST", {"pk": "case"},                                                         "403    403    403    404    404    403    404    ok     403"),
    ("complaints:api-case-group-assign",          "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-group-accept",          "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-group-issue-order",     "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:api-case-notes",                 "POST", {"pk": "case"},                                                         "403    403    ok     404    404    ok     404    ok     403"),
    ("complaints:staff-case-group-act",           "POST", {"pk": "case", "action": "accept"},                                     "login  login  ok     404    404    ok     404    ok     403"),
    ("complaints:staff-case-notes",               "POST", {"pk": "case"},                                                         "login  login  ok     404    404    ok     404    ok     403"),
    ("mediation:apply",                           "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("mediation:apply",                           "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("mediation:apply-check",                     "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("mediation:applied",                         "GET",  {},                                                                     "login  login  login  login  login  login  login  login  login"),
    ("mediation:track",                           "GET",  {},                                                                     "login  login  login  login  login  login  login  login  login"),
    ("mediation:track-agreement",                 "GET",  {"tracking_number": "mediation_number"},                                "404    404    404    404    404    404    404    404    404"),
    ("mediation:track-ics",                       "GET",  {"tracking_number": "mediation_number", "pk": "mediation"},             "404    404    404    404    404    404    404    404    404"),
    ("mediation:list",                            "GET",  {},                                                                     "login  login  403    403    ok     ok     ok     ok     ok"),
    ("mediation:oral",                            "GET",  {},                                                                     "login  login  403    403    ok     ok     ok     ok     403"),
    ("mediation:oral",                            "POST", {},                                                                     "login  login  403    403    ok     ok     ok     ok     403"),
    ("mediation:week",                            "GET",  {},                                                                     "login  login  403    403    ok     ok     ok     ok     ok"),
    ("mediation:rooms",                           "GET",  {},                                                                     "login  login  403    403    ok     ok     ok     ok     ok"),
    ("mediation:detail",                          "GET",  {"pk": "mediation"},                                                    "login  login  403    403    ok     ok     403    ok     ok"),
    ("mediation:act",                             "POST", {"pk": "mediation", "action": "accept"},                                "login  login  403    403    ok     ok     403    ok     403"),
    ("mediation:schedule",                        "GET",  {"pk": "mediation"},                                                    "login  login  403    403    ok     ok     403    ok     ok"),
    ("mediation:schedule",                        "POST", {"pk": "mediation"},                                                    "login  login  403    403    ok     ok     403    ok     403"),
    ("mediation:reschedule",                      "POST", {"pk": "mediation", "session_pk": 1},                                   "login  login  403    403    404    404    403    404    403"),
    ("mediation:agreement",                       "GET",  {"pk": "mediation"},                                                    "login  login  403    403    ok     ok     403    ok     ok"),
    ("mediation:agreement",                       "POST", {"pk": "mediation"},                                                    "login  login  403    403    ok     ok     403    ok     403"),
    ("mediation:agreement-pdf",                   "GET",  {"pk": "mediation"},                                                    "login  login  403    403    404    404    403    404    404"),
    ("mediation:session-ics",                     "GET",  {"pk": "mediation"},                                                    "login  login  403    403    404    404    404    404    404"),
    ("mediation:evidence",                        "GET",  {"pk": "mediation_evidence"},                                           "login  login  403    403    ok     ok     403    ok     ok"),
    ("mediation:refer-complaint",                 "GET",  {"complaint_pk": "case"},                                               "login  login  ok     403    403    ok     403    ok     403"),
    ("mediation:refer-complaint",                 "POST", {"complaint_pk": "case"},                                               "login  login  ok     403    403    ok     403    ok     403"),
    ("mediation:api-list",                        "GET",  {},                                                                     "403    403    403    403    ok     ok     ok     ok     ok"),
    ("mediation:api-list",                        "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("mediation:api-slots",                       "GET",  {},                                                                     "403    403    403    403    ok     ok     ok     ok     ok"),
    ("mediation:api-track-agreement",             "GET",  {"tracking_number": "mediation_number"},                                "404    404    404    404    404    404    404    404    404"),
    ("mediation:api-from-complaint",              "POST", {"complaint_pk": "case"},                                               "403    403    ok     403    403    ok     403    ok     403"),
    ("mediation:api-detail",                      "GET",  {"pk": "mediation"},                                                    "403    403    403    403    ok     ok     403    ok     ok"),
    ("mediation:api-action",                      "POST", {"pk": "mediation", "action": "accept"},                                "403    403    403    403    ok     ok     403    ok     403"),
    ("inspections:campaign-list",                 "GET",  {},                                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-list",                 "POST", {},                                                                     "login  login  403    403    403    ok     ok     ok     403"),
    ("inspections:campaign-detail",               "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-detail",               "POST", {"pk": "campaign"},                                                     "login  login  403    403    403    403    403    ok     403"),
    ("inspections:campaign-plan",                 "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-plan-request",         "POST", {"pk": "campaign"},                                                     "login  login  403    403    403    403    403    ok     403"),
    ("inspections:campaign-dashboard",            "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-dashboard",            "POST", {"pk": "campaign"},                                                     "login  login  403    403    403    ok     ok     ok     403"),
    ("inspections:campaign-dashboard-panel",      "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-dashboard-print",      "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-export",               "GET",  {"pk": "campaign", "fmt": "csv"},                                       "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:campaign-map",                  "GET",  {"pk": "campaign"},                                                     "login  login  403    403    403    ok     ok     ok     ok"),
    ("inspections:employer-risk",                 "GET",  {"pk": "campaign", "employer_id": "employer"},                          "login  login  404    404    403    404    404    404    404"),
    ("inspections:plan-run-status",               "GET",  {"pk": "plan_run"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:plan-run",                      "GET",  {"pk": "plan_run"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:plan-run-decide",               "POST", {"pk": "plan_run", "action": "confirm"},                                "login  login  403    403    403    403    403    ok     403"),
    ("inspections:plan-versions",                 "GET",  {"pk": "campaign"},                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:plan-version-restore",          "POST", {"pk": "campaign", "number": "plan_version"},                           "login  login  403    403    403    403    403    ok     403"),
    ("inspections:my-day",                        "GET",  {},                                                                     "login  login  ok     ok     403    ok     ok     ok     ok"),
    ("inspections:visit-detail",                  "GET",  {"pk": "visit"},                                                        "login  login  ok     403    403    ok     403    ok     ok"),
    ("inspections:visit-detail",                  "POST", {"pk": "visit"},                                                        "login  login  ok     403    403    ok     403    ok     403"),
    ("inspections:visit-photo-upload",            "POST", {"pk": "visit"},                                                        "login  login  ok     403    403    ok     403    ok     403"),
    ("inspections:visit-photo",                   "GET",  {"pk": "visit", "photo_id": "photo"},                                   "login  login  ok     403    403    ok     403    ok     ok"),
    ("inspections:visit-order-document",          "GET",  {"pk": "visit"},                                                        "login  login  404    403    403    404    403    404    404"),
    ("inspections:visit-plan-action",             "POST", {"pk": "visit", "action": "lock"},                                      "login  login  403    403    403    ok     403    ok     403"),
    ("inspections:ledger",                        "GET",  {},                                                                     "login  login  403    403    403    ok     ok     ok     ok"),
    ("inspections:ledger",                        "POST", {},                                                                     "login  login  403    403    403    ok     ok     ok     ok"),
    ("inspections:ledger-import",                 "GET",  {"pk": "ledger"},                                                       "login  login  403    403    403    ok     403    ok     ok"),
    ("inspections:ledger-import-status",          "GET",  {"pk": "ledger"},                                                       "login  login  403    403    403    ok     403    ok     ok"),
    ("inspections:api-campaigns",                 "GET",  {},                                                                     "403    403    ok     ok     ok     ok     ok     ok     ok"),
    ("inspections:api-campaigns",                 "POST", {},                                                                     "403    403    403    403    403    ok     ok     ok     403"),
    ("inspections:api-campaign",                  "GET",  {"pk": "campaign"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-campaign-teams",            "POST", {"pk": "campaign"},                                                     "403    403    403    403    403    ok     ok     ok     403"),
    ("inspections:api-campaign-weights",          "PUT",  {"pk": "campaign"},                                                     "403    403    403    403    403    403    403    ok     403"),
    ("inspections:api-campaign-risk",             "GET",  {"pk": "campaign"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-campaign-plan",             "POST", {"pk": "campaign"},                                                     "403    403    403    403    403    403    403    ok     403"),
    ("inspections:api-campaign-visits",           "GET",  {"pk": "campaign"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-campaign-figures",          "GET",  {"pk": "campaign"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-campaign-map",              "GET",  {"pk": "campaign"},                                                     "403    403    403    403    403    ok     ok     ok     ok"),
    ("inspections:api-plan-run",                  "GET",  {"pk": "plan_run"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-plan-run-confirm",          "POST", {"pk": "plan_run"},                                                     "403    403    403    403    403    403    403    ok     403"),
    ("inspections:api-plan-run-discard",          "POST", {"pk": "plan_run"},                                                     "403    403    403    403    403    403    403    ok     403"),
    ("inspections:api-campaign-plan-versions",    "GET",  {"pk": "campaign"},                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-campaign-plan-version-restore","POST", {"pk": "campaign", "number": "plan_version"},                           "403    403    403    403    403    403    403    ok     403"),
    ("inspections:api-visit",                     "GET",  {"pk": "visit"},                                                        "403    403    ok     403    403    ok     403    ok     ok"),
    ("inspections:api-visit-lock",                "POST", {"pk": "visit"},                                                        "403    403    403    403    403    ok     403    ok     403"),
    ("inspections:api-visit-unlock",              "POST", {"pk": "visit"},                                                        "403    403    403    403    403    ok     403    ok     403"),
    ("inspections:api-visit-remove",              "POST", {"pk": "visit"},                                                        "403    403    403    403    403    ok     403    ok     403"),
    ("inspections:api-visit-complete",            "POST", {"pk": "visit"},                                                        "403    403    ok     403    403    ok     403    ok     403"),
    ("inspections:api-visit-photos",              "POST", {"pk": "visit"},                                                        "403    403    ok     403    403    ok     403    ok     403"),
    ("inspections:api-visit-checkin",             "POST", {"pk": "visit"},                                                        "403    403    ok     403    403    ok     403    ok     403"),
    ("inspections:api-tablet-day",                "GET",  {},                                                                     "403    403    ok     ok     403    ok     ok     ok     ok"),
    ("inspections:api-ledger-imports",            "GET",  {},                                                                     "403    403    403    403    403    ok     ok     ok     ok"),
    ("inspections:api-ledger-imports",            "POST", {},                                                                     "403    403    403    403    403    ok     ok     ok     ok"),
    ("inspections:api-ledger-import",             "GET",  {"pk": "ledger"},                                                       "403    403    403    403    403    ok     403    ok     ok"),
    ("notifications:page",                        "GET",  {},                                                                     "login  login  ok     ok     ok     ok     ok     ok     ok"),
    ("notifications:read-all",                    "POST", {},                                                                     "login  login  ok     ok     ok     ok     ok     ok     ok"),
    ("notifications:read",                        "POST", {"pk": "notification"},                                                 "login  login  ok     404    404    404    404    404    404"),
    ("notifications:api-list",                    "GET",  {},                                                                     "403    403    ok     ok     ok     ok     ok     ok     ok"),
    ("notifications:api-read-all",                "POST", {},                                                                     "403    403    ok     ok     ok     ok     ok     ok     ok"),
    ("notifications:api-read",                    "POST", {"pk": "notification"},                                                 "403    403    ok     404    404    404    404    404    404"),
    ("set_language",                              "POST", {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("javascript-catalog",                        "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("schema",                                    "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
    ("api-docs",                                  "GET",  {},                                                                     "ok     ok     ok     ok     ok     ok     ok     ok     ok"),
]
# fmt: on

# Patterns not requested by the matrix, and why.
NOT_IN_MATRIX = {
    "admin": "the Django admin: tests/core/test_admin_readonly.py",
}


def _walk(patterns, ns=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(x for x in (ns, p.namespace) if x) or None
            if p.app_name == "admin":
                yield "admin"
                continue
            yield from _walk(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}" if ns else p.name


def test_every_endpoint_is_in_the_matrix():
    names = set(_walk(get_resolver().url_patterns))
    covered = {row[0] for row in MATRIX} | set(NOT_IN_MATRIX)
    assert sorted(names - covered) == [], "add these endpoints to MATRIX"
    assert sorted(covered - names) == [], "these rows name no endpoint"


def _outcome(response) -> str:
    code = response.status_code
    logins = {reverse("core:login"), reverse("complaints:track"), reverse("mediation:track")}
    if code in (301, 302, 303) and response["Location"].split("?")[0] in logins:
        return "login"
    if code in (401, 403):
        return "403"
    if code == 404:
        return "404"
    if code >= 500:
        return str(code)
    return "ok"


@pytest.fixture
def clients(
    db,
    settings,
    tmp_path,
    district,
    other_district,
    inspector,
    inspector2,
    other_inspector,
    mediator,
    manager,
    city_manager,
    admin_user,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    other_manager = UserFactory(role=Role.MANAGER, district=other_district, username="mgr-other")
    world = build_world(
        district=district,
        other_district=other_district,
        inspector=inspector,
        inspector2=inspector2,
        manager=manager,
        city_manager=city_manager,
    )
    staff = {
        "insp": inspector,
        "oinsp": other_inspector,
        "med": mediator,
        "mgr": manager,
        "omgr": other_manager,
        "city": city_manager,
        "admin": admin_user,
    }
    out = {"anon": Client(raise_request_exception=False)}
    worker = Client(raise_request_exception=False)
    for number in (world["case_number"], world["mediation_number"]):
        response = worker.post(
            reverse("complaints:track"), {"tracking_number": number, "access_code": ACCESS_CODE}
        )
        assert response.status_code == 302, number
    out["worker"] = worker
    for role, user in staff.items():
        out[role] = Client(raise_request_exception=False)
        out[role].force_login(user)
    return world, out


def _request(client: Client, method: str, url: str, headers: dict):
    cache.clear()  # throttles start afresh for every request
    cookies = copy.deepcopy(client.cookies)  # a logout or a new session does not leak to the next row
    with transaction.atomic():
        if method == "GET":
            response = client.get(url, headers=headers)
        elif url.startswith("/api/"):
            response = client.generic(method, url, "{}", content_type="application/json", headers=headers)
        else:
            response = client.generic(
                method, url, "", content_type="application/x-www-form-urlencoded", headers=headers
            )
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


def test_role_matrix(clients):
    world, by_role = clients
    mismatches, observed = [], []
    for name, method, kwargs, expected in MATRIX:
        url = reverse(
            name,
            kwargs={k: (world[v] if isinstance(v, str) and v in world.ids else v) for k, v in kwargs.items()},
        )
        got = []
        for role, want in zip(ROLES, expected.split(), strict=True):
            # The worker's API calls carry the access code, as the tracking API asks.
            headers = {"X-Access-Code": ACCESS_CODE} if role == "worker" and "/track/" in url else {}
            response = _request(by_role[role], method, url, headers)
            outcome = _outcome(response)
            got.append(outcome)
            if outcome != want:
                mismatches.append(
                    f"{method} {url} as {role}: expected {want}, got {outcome} ({response.status_code})"
                )
            if (
                method == "GET"
                and response.status_code == 200
                and response.get("Content-Type", "").startswith("text/html")
            ):
                assert "script-src 'self'" in response.get("Content-Security-Policy", ""), url
        observed.append(
            f'    ({name!r}, {method!r}, {kwargs!r}, "{"  ".join(f"{o:<5}" for o in got).rstrip()}"),'
        )
    print("\n".join(observed))
    assert mismatches == []
