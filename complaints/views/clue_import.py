"""Staff pages: import clues handed down by the clue platform or the 12345 hotline, and the template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from ..forms import ClueImportForm
from ..services.clue_import import (
    COLUMN_HELP,
    COLUMNS,
    HEADERS,
    REQUIRED,
    clue_template_csv,
    clue_template_xlsx,
    clues_import,
)

TEMPLATES = {
    "xlsx": (clue_template_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (clue_template_csv, "text/csv; charset=utf-8"),
}


def _may_import(request: HttpRequest) -> None:
    if not request.user.has_perm("complaints.import_clues"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def clue_import_page(request: HttpRequest) -> HttpResponse:
    _may_import(request)
    form = ClueImportForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = clues_import(upload=upload, name=upload.name, by=request.user)
            status = 200 if result.ok else 400
        else:
            status = 400
    columns = [
        {"header": HEADERS[key], "help": COLUMN_HELP[key], "required": key in REQUIRED} for key in COLUMNS
    ]
    return render(
        request,
        "complaints/staff/clue_import.html",
        {"form": form, "result": result, "columns": columns},
        status=status,
    )


@login_required
@require_GET
def clue_template(request: HttpRequest, fmt: str) -> HttpResponse:
    _may_import(request)
    if fmt not in TEMPLATES:
        raise Http404
    make, content_type = TEMPLATES[fmt]
    response = HttpResponse(make(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="clue-import-template.{fmt}"'
    return response
