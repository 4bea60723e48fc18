"""Worker-facing pages: file a complaint, the receipt, track a case, the pay calculator. No login.

A session that proved an access code (on the tracking form or by filing) may open that case's pages;
the code itself never goes into a URL.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_fsm import TransitionNotAllowed

from core.forms import is_too_large, step_errors
from core.selectors import employer_search

from .. import throttles, tracking_registry, tracking_session
from ..calculator import pay_calculate
from ..choices import ComplaintKind
from ..code_attempts import code_check
from ..evidence import EvidenceTooLarge, may_view_evidence, request_too_large
from ..evidence import limits as evidence_limits
from ..forms import (
    MEMBER_ROWS,
    CalculatorForm,
    EvidenceForm,
    IntakeForm,
    RecoverForm,
    TrackForm,
    WithdrawForm,
)
from ..models import Evidence
from ..selectors.worker_view import (
    complaint_can_withdraw,
    complaint_public_evidence,
    complaint_public_notices,
)
from ..services.intake import (
    DuplicateComplaint,
    complaint_add_evidence_by_worker,
    complaint_file,
    complaint_withdraw_by_worker,
)
from ..services.upload_staging import staged_as_uploads, staged_discard, staged_uploads, upload_stage

SESSION_RECEIPT = "intake_receipt"


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    from core.views import too_many_requests

    return too_many_requests(request, retry_after)


def too_large(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/public/too_large.html", {"limits": evidence_limits()}, status=413)


def _tracked(request: HttpRequest, tracking_number: str):
    """Return (kind, object) for a case whose current code this session proved; raise Http404 otherwise."""
    return tracking_session.tracked(request.session, tracking_number)


def _tracked_complaint(request: HttpRequest, tracking_number: str):
    entry, obj = _tracked(request, tracking_number)
    if entry.name != "complaint":
        raise Http404
    return obj


# --- filing -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        initial = {"form_token": IntakeForm.new_token()}
        for key in ("amount_owed", "category", "kind"):
            if request.GET.get(key):
                initial[key] = request.GET[key][:20]
        return _render_form(request, IntakeForm(initial=initial))
    verdict = throttles.gate(request, "intake")
    if not verdict.allowed:
        return too_many(request, verdict.retry_after)
    if request_too_large(request):
        return too_large(request)
    form = IntakeForm(request.POST, request.FILES)
    token = request.POST.get("form_token", "")
    staged = staged_uploads(token=token, keep=request.POST.getlist("staged"))
    if not form.is_valid():
        return _render_form(request, form, status=400, staged=_keep_uploads(form, token, staged))
    kept = staged_as_uploads(staged)
    try:
        result = complaint_file(
            data=form.intake_data,
            uploads=kept + form.cleaned_data["evidence"],
            idempotency_key=f"form:{form.cleaned_data['form_token']}",
            check_fingerprint=False,
        )
    except DuplicateComplaint as exc:
        form.add_error("confirm_different_matter", exc.messages[0])
        staged = _keep_uploads(form, token, staged)
        return _render_form(request, form, status=400, duplicate_of=exc.tracking_number, staged=staged)
    except (EvidenceTooLarge, ValidationError) as exc:
        form.add_error("evidence", exc.messages)
        if is_too_large(exc):
            return _render_form(request, form, status=413, staged=staged)
        return _render_form(request, form, status=400, staged=_keep_uploads(form, token, staged))
    finally:
        for upload in kept:
            upload.close()
    staged_discard(token=token)
    number = result.complaint.tracking_number
    request.session.cycle_key()
    tracking_session.authorise(request.session, number, "complaint", result.complaint)
    if result.access_code:
        request.session[SESSION_RECEIPT] = {"number": number, "code": result.access_code}
    return redirect("complaints:complaint-receipt", tracking_number=number)


def _keep_uploads(form, token: str, staged: list) -> list:
    """Keep the files of a refused submission for the next one (a browser cannot refill a file input).

    Sets ``form.files_dropped`` when some chosen file could not be kept (it must be chosen again).
    """
    chosen = form.files.getlist("evidence")
    new = upload_stage(token=token, uploads=chosen, already=len(staged))
    form.files_dropped = len(new) < len(chosen)
    return staged + new


def _render_form(
    request, form: IntakeForm, *, status: int = 200, duplicate_of: str = "", staged: list | None = None
) -> HttpResponse:
    return render(
        request,
        "complaints/public/new.html",
        {
            "form": form,
            "member_rows": form.member_rows,
            "member_rows_open": form.members_filled() > 0 or bool(form.member_errors),
            "member_count": MEMBER_ROWS,
            "duplicate_of": duplicate_of,
            "show_confirm": bool(duplicate_of) or bool(form.data.get("confirm_different_matter")),
            # Files the server keeps for the next submission; any it could not keep must be chosen again.
            "staged": staged or [],
            "files_dropped": getattr(
                form, "files_dropped", form.is_bound and bool(form.files.getlist("evidence"))
            ),
        },
        status=status,
    )


@require_GET
@tracking_session.back_to_tracking_when_replaced
def complaint_receipt(request: HttpRequest, tracking_number: str) -> HttpResponse:
    complaint = _tracked_complaint(request, tracking_number)
    receipt = request.session.get(SESSION_RECEIPT) or {}
    code = ""
    if receipt.get("number") == tracking_number:
        code = receipt["code"]
        del request.session[SESSION_RECEIPT]  # shown once
    response = render(
        request, "complaints/public/receipt.html", {"complaint": complaint, "access_code": code}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def complaint_check(request: HttpRequest) -> HttpResponse:
    """Check the fields of one step of the filing form by the rules the filing itself is judged by."""
    return step_check_response(request, IntakeForm(request.POST))


def step_check_response(request: HttpRequest, form) -> HttpResponse:
    """Answer a step check: ``{"errors": {field: [message, ...]}}`` for the fields named in ``check``.

    Throttled like the other anonymous reads (scope ``public``); nothing is stored.
    """
    verdict = throttles.gate(request, "public")
    if not verdict.allowed:
        response = JsonResponse({"errors": {}}, status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    names = [name[:64] for name in request.POST.getlist("check")[:64]]
    return JsonResponse({"errors": step_errors(form, names)})


@require_GET
def employer_lookup(request: HttpRequest) -> HttpResponse:
    """Return the employers matching what the worker typed, as a small HTML list (htmx or fetch)."""
    verdict = throttles.gate(request, "public")
    if not verdict.allowed:
        response = HttpResponse(status=429)
        response["Retry-After"] = str(verdict.retry_after)
        return response
    query = (request.GET.get("employer_name") or request.GET.get("q") or "")[:100]
    return render(
        request,
        "complaints/public/_employer_results.html",
        {"employers": employer_search(query=query, limit=8), "query": query},
    )


# --- tracking -----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        recent = tracking_session.numbers(request.session)
        return render(request, "complaints/public/track.html", {"form": TrackForm(), "recent": recent})
    form = TrackForm(request.POST)
    if not form.is_valid():
        return render(request, "complaints/public/track.html", {"form": form}, status=400)
    number = tracking_registry.normalise_tracking_number(form.cleaned_data["tracking_number"])
    verdict = throttles.gate(request, "track")
    if verdict.allowed:
        verdict, found = code_check(request, number, form.cleaned_data["access_code"])
    if not verdict.allowed:
        return too_many(request, verdict.retry_after)
    if found is None:
        form.add_error(
            None, _("We found no case with this tracking number and access code. Check both and try again.")
        )
        return render(request, "complaints/public/track.html", {"form": form}, status=404)
    entry, obj = found
    request.session.cycle_key()
    tracking_session.authorise(request.session, number, entry.name, obj)
    return redirect("complaints:track-case", tracking_number=number)


@require_http_methods(["GET", "POST"])
def track_recover(request: HttpRequest) -> HttpResponse:
    """Lost code: send a new one by SMS to the mobile on the case; the same answer whatever was found."""
    from ..services.access_codes import recover_answer

    form = RecoverForm(request.POST or None, initial={"tracking_number": request.GET.get("number", "")[:32]})
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "complaints/public/recover.html", {"form": form}, status=status)
    number = tracking_registry.normalise_tracking_number(form.cleaned_data["tracking_number"])
    verdict = throttles.gate(request, "recover_address")
    if verdict.allowed:
        verdict = throttles.hit("recover", number)
    if not verdict.allowed:
        return too_many(request, verdict.retry_after)
    tracking_registry.recover(number, form.cleaned_data["mobile"])
    return render(request, "complaints/public/recover.html", {"answer": recover_answer(), "number": number})


@require_GET
@tracking_session.back_to_tracking_when_replaced
def track_case(request: HttpRequest, tracking_number: str) -> HttpResponse:
    try:
        entry, obj = _tracked(request, tracking_number)
    except tracking_session.AccessCodeReplaced:
        raise
    except Http404:
        messages.info(request, _("Enter your tracking number and access code to see the case."))
        return redirect("complaints:track")
    if entry.template:
        context = entry.context(obj, request) if entry.context else {"object": obj}
        response = render(request, entry.template, context)
    else:  # a kind registered without page hooks: number, status and its own page if it has one
        response = render(
            request,
            "complaints/public/track_generic.html",
            {"case": tracking_registry.generic_serialize(entry, obj)},
        )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@tracking_session.back_to_tracking_when_replaced
def track_evidence_add(request: HttpRequest, tracking_number: str) -> HttpResponse:
    complaint = _tracked_complaint(request, tracking_number)
    if request_too_large(request):
        return too_large(request)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = complaint_add_evidence_by_worker(complaint=complaint, uploads=form.cleaned_data["files"])
        except EvidenceTooLarge:
            return too_large(request)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)d file(s) added to your case.") % {"n": len(rows)})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("complaints:track-case", tracking_number=tracking_number)


@require_http_methods(["GET", "POST"])
@tracking_session.back_to_tracking_when_replaced
def track_withdraw(request: HttpRequest, tracking_number: str) -> HttpResponse:
    complaint = _tracked_complaint(request, tracking_number)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" and not complaint_can_withdraw(complaint):
        messages.error(request, _("This case can no longer be withdrawn."))
        return redirect("complaints:track-case", tracking_number=tracking_number)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_withdraw_by_worker(complaint=complaint, reason=form.cleaned_data["reason"])
        except TransitionNotAllowed:
            messages.error(request, _("This case can no longer be withdrawn."))
        else:
            if complaint.kind == ComplaintKind.CLUE:
                messages.success(request, _("Your clue has been withdrawn."))
            else:
                messages.success(request, _("Your complaint has been withdrawn."))
        return redirect("complaints:track-case", tracking_number=tracking_number)
    return render(request, "complaints/public/withdraw.html", {"complaint": complaint, "form": form})


@require_POST
def track_forget(request: HttpRequest) -> HttpResponse:
    tracking_session.forget_all(request.session)
    request.session.pop(SESSION_RECEIPT, None)
    messages.info(request, _("This device no longer shows your case. Use your code to open it again."))
    return redirect("complaints:track")


def file_response(item) -> FileResponse:
    """Serve an evidence file or notice as a download that the browser will not render or sniff."""
    name = getattr(item, "original_name", "") or f"{item.get_kind_display()}.pdf"
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=getattr(item, "content_type", "application/pdf"),
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@tracking_session.back_to_tracking_when_replaced
def track_file(request: HttpRequest, tracking_number: str, which: str, pk: int) -> FileResponse:
    complaint = _tracked_complaint(request, tracking_number)
    if which == "evidence":
        item = complaint_public_evidence(complaint).filter(pk=pk).first()
    elif which == "notices":
        item = complaint_public_notices(complaint).filter(pk=pk).first()
    else:
        item = None
    if item is None:
        raise Http404
    return file_response(item)


@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Staff: download an evidence file of a case they may see."""
    item = Evidence.objects.select_related("complaint").filter(pk=pk).first()
    if item is None:
        raise Http404
    if not may_view_evidence(request.user, item.complaint):
        raise PermissionDenied
    return file_response(item)


# --- the pay calculator -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    form = CalculatorForm(request.POST or None)
    result = None
    if request.method == "POST":
        verdict = throttles.gate(request, "public")
        if not verdict.allowed:
            return too_many(request, verdict.retry_after)
        if form.is_valid():
            try:
                result = pay_calculate(**{k: v for k, v in form.cleaned_data.items() if v is not None})
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
    return render(request, "complaints/public/calculator.html", {"form": form, "result": result})
