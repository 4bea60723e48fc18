"""Staff pages and API: the workbench and case actions."""

from django.urls import path

from .apis import cases, records, staff_intake
from .views import clue_import as clue_import_views
from .views import records as record_views
from .views import staff_intake as staff_intake_views
from .views import workbench

urlpatterns = [
    path("staff/cases/", workbench.case_list, name="staff-cases"),
    path("staff/cases/record/", staff_intake_views.complaint_record_page, name="staff-counter-record"),
    path("staff/cases/clues/import/", clue_import_views.clue_import_page, name="staff-clue-import"),
    path(
        "staff/cases/clues/template.<slug:fmt>",
        clue_import_views.clue_template,
        name="staff-clue-template",
    ),
    path(
        "staff/cases/<int:pk>/receipt/",
        staff_intake_views.complaint_record_receipt,
        name="staff-counter-receipt",
    ),
    path(
        "staff/cases/<int:pk>/receipt.pdf",
        staff_intake_views.complaint_record_receipt_pdf,
        name="staff-counter-receipt-pdf",
    ),
    path("staff/cases/bulk-assign/", workbench.bulk_assign, name="staff-bulk-assign"),
    path("staff/cases/<int:pk>/", workbench.case_detail, name="staff-case"),
    path("staff/cases/<int:pk>/row/", workbench.case_row, name="staff-case-row"),
    path("staff/cases/<int:pk>/act/<slug:action>/", workbench.case_act, name="staff-case-act"),
    path("staff/cases/<int:pk>/group/<slug:action>/", workbench.case_group_act, name="staff-case-group-act"),
    path("staff/cases/<int:pk>/notes/", workbench.case_note_add_view, name="staff-case-notes"),
    path("staff/cases/<int:pk>/notices/<int:notice_id>/", workbench.notice_file, name="staff-notice"),
    path("staff/cases/<int:pk>/records/new/", record_views.record_new, name="staff-record-new"),
    path(
        "staff/cases/<int:pk>/records/<int:record_id>/pdf/",
        record_views.record_pdf_file,
        name="staff-record-pdf",
    ),
    path(
        "staff/cases/<int:pk>/records/<int:record_id>/attachments/<int:attachment_id>/",
        record_views.record_attachment_file,
        name="staff-record-attachment",
    ),
    path("api/v1/cases/", cases.CaseListApi.as_view(), name="api-cases"),
    path("api/v1/cases/record/", staff_intake.ComplaintRecordApi.as_view(), name="api-cases-record"),
    path("api/v1/cases/clues/import/", staff_intake.CluesImportApi.as_view(), name="api-cases-clues-import"),
    path("api/v1/cases/<int:pk>/records/", records.CaseRecordListApi.as_view(), name="api-case-records"),
    path(
        "api/v1/cases/<int:pk>/records/<int:record_id>/",
        records.CaseRecordDetailApi.as_view(),
        name="api-case-record",
    ),
    path(
        "api/v1/cases/<int:pk>/records/<int:record_id>/attachments/",
        records.CaseRecordAttachmentApi.as_view(),
        name="api-case-record-attachments",
    ),
    path("api/v1/cases/<int:pk>/", cases.CaseDetailApi.as_view(), name="api-case"),
    path(
        "api/v1/cases/<int:pk>/identify_employer/",
        cases.CaseIdentifyEmployerApi.as_view(),
        name="api-case-identify-employer",
    ),
    path("api/v1/cases/<int:pk>/accept/", cases.CaseAcceptApi.as_view(), name="api-case-accept"),
    path(
        "api/v1/cases/<int:pk>/request_supplement/",
        cases.CaseRequestSupplementApi.as_view(),
        name="api-case-request-supplement",
    ),
    path("api/v1/cases/<int:pk>/decline/", cases.CaseDeclineApi.as_view(), name="api-case-decline"),
    path("api/v1/cases/<int:pk>/refer/", cases.CaseReferApi.as_view(), name="api-case-refer"),
    path("api/v1/cases/<int:pk>/transfer/", cases.CaseTransferApi.as_view(), name="api-case-transfer"),
    path(
        "api/v1/cases/<int:pk>/transfer_accept/",
        cases.CaseTransferAcceptApi.as_view(),
        name="api-case-transfer-accept",
    ),
    path(
        "api/v1/cases/<int:pk>/transfer_return/",
        cases.CaseTransferReturnApi.as_view(),
        name="api-case-transfer-return",
    ),
    path("api/v1/cases/<int:pk>/merge/", cases.CaseMergeApi.as_view(), name="api-case-merge"),
    path("api/v1/cases/<int:pk>/unlink/", cases.CaseUnlinkApi.as_view(), name="api-case-unlink"),
    path("api/v1/cases/<int:pk>/supervise/", cases.CaseSuperviseApi.as_view(), name="api-case-supervise"),
    path(
        "api/v1/cases/<int:pk>/supervision_lift/",
        cases.CaseSupervisionLiftApi.as_view(),
        name="api-case-supervision-lift",
    ),
    path(
        "api/v1/cases/<int:pk>/group/assign/",
        cases.CaseGroupAssignApi.as_view(),
        name="api-case-group-assign",
    ),
    path(
        "api/v1/cases/<int:pk>/group/accept/",
        cases.CaseGroupAcceptApi.as_view(),
        name="api-case-group-accept",
    ),
    path(
        "api/v1/cases/<int:pk>/group/issue_order/",
        cases.CaseGroupIssueOrderApi.as_view(),
        name="api-case-group-issue-order",
    ),
    path("api/v1/cases/<int:pk>/notes/", cases.CaseNoteCreateApi.as_view(), name="api-case-notes"),
    path(
        "api/v1/cases/<int:pk>/start_investigation/",
        cases.CaseStartInvestigationApi.as_view(),
        name="api-case-start-investigation",
    ),
    path(
        "api/v1/cases/<int:pk>/extend_deadline/",
        cases.CaseExtendDeadlineApi.as_view(),
        name="api-case-extend-deadline",
    ),
    path(
        "api/v1/cases/<int:pk>/issue_order/", cases.CaseIssueOrderApi.as_view(), name="api-case-issue-order"
    ),
    path(
        "api/v1/cases/<int:pk>/record_compliance/",
        cases.CaseRecordComplianceApi.as_view(),
        name="api-case-record-compliance",
    ),
    path(
        "api/v1/cases/<int:pk>/record_non_compliance/",
        cases.CaseRecordNonComplianceApi.as_view(),
        name="api-case-record-non-compliance",
    ),
    path(
        "api/v1/cases/<int:pk>/order_surcharge/",
        cases.CaseOrderSurchargeApi.as_view(),
        name="api-case-order-surcharge",
    ),
    path(
        "api/v1/cases/<int:pk>/decide_penalty/",
        cases.CaseDecidePenaltyApi.as_view(),
        name="api-case-decide-penalty",
    ),
    path(
        "api/v1/cases/<int:pk>/transfer_to_police/",
        cases.CaseTransferToPoliceApi.as_view(),
        name="api-case-transfer-to-police",
    ),
    path(
        "api/v1/cases/<int:pk>/propose_blacklist/",
        cases.CaseProposeBlacklistApi.as_view(),
        name="api-case-propose-blacklist",
    ),
    path("api/v1/cases/<int:pk>/resolve/", cases.CaseResolveApi.as_view(), name="api-case-resolve"),
    path(
        "api/v1/cases/<int:pk>/withdraw_case/",
        cases.CaseWithdrawCaseApi.as_view(),
        name="api-case-withdraw-case",
    ),
    path("api/v1/cases/<int:pk>/close/", cases.CaseCloseApi.as_view(), name="api-case-close"),
    path("api/v1/cases/<int:pk>/reopen/", cases.CaseReopenApi.as_view(), name="api-case-reopen"),
    path("api/v1/cases/<int:pk>/assign/", cases.CaseAssignApi.as_view(), name="api-case-assign"),
]
