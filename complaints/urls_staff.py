"""Staff pages and API: the workbench and case actions."""

from django.urls import path

from .apis.cases import ACTION_APIS, CaseDetailApi, CaseListApi
from .views import workbench

urlpatterns = [
    path("staff/cases/", workbench.case_list, name="staff-cases"),
    path("staff/cases/bulk-assign/", workbench.bulk_assign, name="staff-bulk-assign"),
    path("staff/cases/<int:pk>/", workbench.case_detail, name="staff-case"),
    path("staff/cases/<int:pk>/row/", workbench.case_row, name="staff-case-row"),
    path("staff/cases/<int:pk>/act/<slug:action>/", workbench.case_act, name="staff-case-act"),
    path("staff/cases/<int:pk>/notices/<int:notice_id>/", workbench.notice_file, name="staff-notice"),
    path("api/v1/cases/", CaseListApi.as_view(), name="api-cases"),
    path("api/v1/cases/<int:pk>/", CaseDetailApi.as_view(), name="api-case"),
] + [
    path(f"api/v1/cases/<int:pk>/{name}/", view.as_view(), name=f"api-case-{name.replace('_', '-')}")
    for name, view in ACTION_APIS.items()
]
