# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The worker's portal: every service from the home page, who runs it, step checks by the server's own
rules, anonymous clues that say 线索, the calculator's units, and the supplement deadline."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from complaints.choices import CaseStatus, DecisionKind
from complaints.models import Complaint, Decision, StagedUpload
from complaints.services.case_transitions import complaint_request_supplement
from core import workdays
from documents.models import Office
from mediation.models import MediationRequest
from tests.complaints.factories import ACCESS_CODE, ComplaintFactory, case_in

from .intake_fixtures import JPEG, jpeg, media  # noqa: F401
from .test_intake_web import form_data

pytestmark = pytest.mark.django_db


# --- home page ---------------------------------------------------------------------------------------


def test_home_page_offers_every_service_of_a_worker(client, district):
    html = client.get("/").content.decode()
    for url in (
        reverse("complaints:complaint-new"),
        reverse("complaints:complaint-new") + "?kind=clue",
        reverse("mediation:apply"),
        reverse("complaints:track"),
        reverse("complaints:calculator"),
    ):
        assert f'href="{url}"' in html, url


def test_home_page_says_who_runs_it_with_hotline_and_hours(client, district, settings):
    settings.PORTAL = {
        **settings.PORTAL,
        "BUREAU_NAME": "某市人社局",
        "OPENING_HOURS": "周一至周五 9:00–17:00",
    }
    Office.objects.create(
        district=district,
        full_name="甘井子区人社局",
        abbreviation="大甘人社",
        opening_hours="周一至周六 8:00–18:00",
    )
    html = client.get("/").content.decode()
    assert "某市人社局" in html
    assert 'href="tel:12333"' in html
    assert "周一至周五 9:00–17:00" in html  # the city's default
    assert "周一至周六 8:00–18:00" in html  # the office's own hours
    # Every page's footer names the bureau and the hotline.
    assert "某市人社局" in client.get(reverse("complaints:calculator")).content.decode()


def test_an_office_without_hours_shows_the_citys_default(client, district, settings):
    settings.PORTAL = {**settings.PORTAL, "OPENING_HOURS": "周一至周五 9:00–17:00"}
    Office.objects.create(district=district, full_name="甘井子区人社局", abbreviation="大甘人社")
    html = client.get("/").content.decode()
    assert html.count("周一至周五 9:00–17:00") == 2  # the bureau's line and the office's


def test_large_text_toggle_is_a_script_file_not_inline(client, district):
    html = client.get("/").content.decode()
    assert "data-large-text" in html and "js/textsize" in html
    assert "onclick" not in html


# --- step checks -------------------------------------------------------------------------------------


def _form(where, /, **overrides) -> dict:
    return {**form_data(where), **overrides}


def _check(client, url, data, fields):
    return client.post(url, {**data, "check": fields})


def test_step_check_reports_a_bad_id_number_as_the_filing_would(client, district):
    data = _form(district, id_number="110105194912310021", district="", description="")
    response = _check(client, reverse("complaints:complaint-check"), data, ["name", "id_number", "mobile"])
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert list(errors) == ["id_number"]  # the empty district and description belong to later steps
    filed = client.post(
        reverse("complaints:complaint-new"), form_data(district, id_number="110105194912310021")
    )
    assert filed.status_code == 400
    assert errors["id_number"][0] in filed.content.decode()


def test_step_check_of_a_good_step_is_empty_and_stores_nothing(client, district):
    data = form_data(district, description="")
    response = _check(client, reverse("complaints:complaint-check"), data, ["name", "id_number", "mobile"])
    assert response.json() == {"errors": {}}
    assert not Complaint.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "fields", "field"),
    [
        ({"mobile": "23800138000"}, ["mobile"], "mobile"),
        ({"district": ""}, ["employer_name", "district"], "district"),
        ({"employer": "999999"}, ["employer_name", "employer"], "employer"),
        ({"member-0-id_number": "123"}, ["amount_owed", "members"], "members"),
        ({"period_start": "2999-01-01"}, ["period_start", "period_end"], "period_start"),
    ],
)
def test_step_check_covers_each_steps_rules(client, district, overrides, fields, field):
    data = _form(district, **overrides)
    errors = _check(client, reverse("complaints:complaint-check"), data, fields).json()["errors"]
    assert field in errors


def test_step_check_is_throttled_like_other_anonymous_reads(client, district, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "public": "2/hour"},
    }
    url = reverse("complaints:complaint-check")
    codes = [_check(client, url, form_data(district), ["name"]).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_mediation_step_check_uses_the_filing_rules(client, district):
    data = {
        "applicant_name": "李四",
        "applicant_mobile": "12345",
        "applicant_id_number": "110105194912310021",
    }
    url = reverse("mediation:apply-check")
    errors = _check(client, url, data, ["applicant_name", "applicant_mobile", "applicant_id_number"]).json()[
        "errors"
    ]
    assert set(errors) == {"applicant_mobile", "applicant_id_number"}
    page = client.post(reverse("mediation:apply"), data).content.decode()
    assert errors["applicant_mobile"][0] in page and errors["applicant_id_number"][0] in page


def test_mediation_step_check_checks_the_credit_code(client, district):
    data = {"employer_name": "大连某某公司", "employer_credit_code": "XYZ", "district": district.pk}
    errors = _check(
        client, reverse("mediation:apply-check"), data, ["employer_name", "employer_credit_code", "district"]
    ).json()["errors"]
    assert set(errors) == {"employer_credit_code"}


# --- anonymous clue ----------------------------------------------------------------------------------


def _file_clue(client, district, **overrides):
    anonymous = {
        "kind": "clue",
        "name": "",
        "id_number": "",
        "mobile": "",
        "period_start": "",
        "period_end": "",
    }
    data = _form(district, **(anonymous | overrides))
    response = client.post(reverse("complaints:complaint-new"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.get(kind="clue"), client.get(response["Location"])


def test_a_clue_with_a_contact_number_sends_no_sms_and_its_receipt_says_clue(
    client, district, media, sms_outbox
):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    clue, receipt = _file_clue(client, district, mobile="13800138000")
    assert clue.complainant_mobile == "13800138000"
    assert sms_outbox == []
    html = receipt.content.decode()
    assert "线索" in html
    assert "投诉" not in html
    assert "SMS" not in html and "短信发送" not in html


def test_the_form_asks_a_clue_for_no_identity(client, district):
    html = client.get(reverse("complaints:complaint-new") + "?kind=clue").content.decode()
    assert 'data-kind="clue"' in html
    assert 'data-show-for="complaint" data-testid="identity"' in html
    assert "Phone number for a call back (optional)" in html


def test_a_clues_tracking_and_withdrawal_say_clue(client, district, media):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    clue, _receipt = _file_clue(client, district)
    page = client.get(reverse("complaints:track-case", args=[clue.tracking_number]))
    withdraw = client.get(reverse("complaints:track-withdraw", args=[clue.tracking_number]))
    done = client.post(reverse("complaints:track-withdraw", args=[clue.tracking_number]), follow=True)
    for response in (page, withdraw, done):
        html = response.content.decode()
        assert "线索" in html
        assert "投诉" not in html, [line for line in html.splitlines() if "投诉" in line]


# --- calculator --------------------------------------------------------------------------------------


def test_calculator_shows_a_unit_on_every_input_and_jumps_to_the_result(client, db):
    response = client.get(reverse("complaints:calculator"))
    form = response.context["form"]
    html = response.content.decode()
    assert all(getattr(field, "unit", "") for field in form.fields.values())
    assert html.count('class="unit"') == len(form.fields)
    assert 'action="#result"' in html
    result = client.post(reverse("complaints:calculator"), {"monthly_wage": "4350", "overtime_hours": "10"})
    assert 'id="result"' in result.content.decode()


# --- supplement ----------------------------------------------------------------------------------------


def _open(client, complaint):
    client.post(
        reverse("complaints:track"),
        {"tracking_number": complaint.tracking_number, "access_code": ACCESS_CODE},
    )
    return client.get(reverse("complaints:track-case", args=[complaint.tracking_number]))


def test_tracking_after_a_supplement_request_names_the_deadline(client, inspector, settings, media):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "SUPPLEMENT_WORKING_DAYS": 7}
    complaint = case_in(CaseStatus.RECEIVED, inspectors=[inspector], district=inspector.district)
    complaint_request_supplement(complaint=complaint, by=inspector, reason="请补充工资条和劳动合同")
    decision = Decision.objects.get(complaint=complaint, kind=DecisionKind.SUPPLEMENT)
    expected = workdays.add_working_days(decision.decided_at.date(), 7).date
    assert decision.due_date == expected
    html = _open(client, complaint).content.decode()
    assert 'data-testid="supplement-due"' in html
    assert expected.isoformat() in html
    assert "请补充工资条和劳动合同" in html
    api = client.get(
        reverse("complaints:api-track", args=[complaint.tracking_number]), HTTP_X_ACCESS_CODE=ACCESS_CODE
    ).json()
    assert api["next_deadline"]["date"] == expected.isoformat()


def test_an_older_supplement_request_without_a_due_date_gets_one_by_the_same_rule(client, inspector):
    complaint = ComplaintFactory(status=CaseStatus.NEEDS_SUPPLEMENT, district=inspector.district)
    decision = Decision.objects.create(
        complaint=complaint, kind=DecisionKind.SUPPLEMENT, reason="请补充", decided_by=inspector
    )
    from complaints.deadlines import supplement_due_from

    html = _open(client, complaint).content.decode()
    assert supplement_due_from(decision.decided_at.date()).date.isoformat() in html


# --- mediation form and receipt ---------------------------------------------------------------------


def test_mediation_form_marks_required_fields_searches_employers_and_names_districts(client, district):
    html = client.get(reverse("mediation:apply")).content.decode()
    assert html.count('class="req"') >= 6  # name, mobile, employer, district, matters, reasons
    assert f'data-search-url="{reverse("complaints:employer-lookup")}"' in html
    assert f'<option value="{district.pk}">{district.name}</option>' in html
    assert 'name="form_token"' in html


def test_mediation_receipt_groups_the_code_and_prints(client, district, media):
    data = {
        "form_token": "tok-mediation-1",
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "district": district.pk,
        "employer_name": "大连某某物流有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资",
    }
    response = client.post(reverse("mediation:apply"), data)
    html = client.get(response["Location"]).content.decode()
    code = html.split('data-code="')[1].split('"')[0]
    assert f"{code[:4]} {code[4:8]} {code[8:]}" in html
    assert "data-print" in html


# --- uploads kept across a refused submission ----------------------------------------------------------

TOKEN = "tok-staged-0123456789abc"


def _staged_ids(response) -> list[int]:
    return [row.pk for row in response.context["staged"]]


def test_a_refused_complaint_keeps_the_chosen_photo_for_the_next_submission(client, district, media):
    bad = _form(district, form_token=TOKEN, id_number="110105194912310021")
    refused = client.post(reverse("complaints:complaint-new"), {**bad, "evidence": [jpeg("工资条.jpg")]})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="staged-files"' in html and "工资条.jpg" in html
    assert 'data-testid="files-dropped"' not in html
    kept = _staged_ids(refused)
    assert len(kept) == 1
    good = _form(district, form_token=TOKEN)
    filed = client.post(reverse("complaints:complaint-new"), {**good, "staged": kept})
    assert filed.status_code == 302
    evidence = Complaint.objects.get().evidence.get()
    assert evidence.original_name == "工资条.jpg" and evidence.size == len(JPEG)
    assert not StagedUpload.objects.exists()


def test_a_duplicate_refusal_keeps_the_photo_too(client, district, media):
    client.post(reverse("complaints:complaint-new"), _form(district, form_token="tok-first-0123456789abc"))
    refused = client.post(
        reverse("complaints:complaint-new"), {**_form(district, form_token=TOKEN), "evidence": [jpeg()]}
    )
    assert refused.status_code == 400 and len(_staged_ids(refused)) == 1
    confirmed = _form(district, form_token=TOKEN, confirm_different_matter="on")
    filed = client.post(reverse("complaints:complaint-new"), {**confirmed, "staged": _staged_ids(refused)})
    assert filed.status_code == 302
    assert Complaint.objects.order_by("-id").first().evidence.count() == 1


def test_an_unticked_kept_file_is_left_out_and_deleted(client, district, media):
    bad = _form(district, form_token=TOKEN, mobile="123")
    refused = client.post(reverse("complaints:complaint-new"), {**bad, "evidence": [jpeg(), jpeg("b.jpg")]})
    first, second = _staged_ids(refused)
    filed = client.post(
        reverse("complaints:complaint-new"), {**_form(district, form_token=TOKEN), "staged": [second]}
    )
    assert filed.status_code == 302
    assert list(Complaint.objects.get().evidence.values_list("original_name", flat=True)) == ["b.jpg"]
    assert not StagedUpload.objects.exists()


def test_kept_files_belong_to_their_form_only(client, district, media):
    refused = client.post(
        reverse("complaints:complaint-new"),
        {**_form(district, form_token=TOKEN, mobile="1"), "evidence": [jpeg()]},
    )
    other = _form(district, form_token="tok-other-0123456789abc")
    client.post(reverse("complaints:complaint-new"), {**other, "staged": _staged_ids(refused)})
    assert Complaint.objects.get().evidence.count() == 0
    assert StagedUpload.objects.count() == 1  # still the first form's, until the nightly prune


def test_a_file_that_is_not_a_photo_is_not_kept_and_the_worker_is_told(client, district, media):
    junk = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    refused = client.post(
        reverse("complaints:complaint-new"),
        {**_form(district, form_token=TOKEN, mobile="1"), "evidence": [junk]},
    )
    assert refused.status_code == 400
    assert _staged_ids(refused) == []
    assert 'data-testid="files-dropped"' in refused.content.decode()


def test_a_refused_mediation_request_keeps_the_photo(client, district, media):
    data = {
        "form_token": TOKEN,
        "applicant_name": "李四",
        "applicant_mobile": "1381234",
        "district": district.pk,
        "employer_name": "大连某某物流有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资",
    }
    refused = client.post(reverse("mediation:apply"), {**data, "evidence": [jpeg("合同.jpg")]})
    assert refused.status_code == 400 and "合同.jpg" in refused.content.decode()
    filed = client.post(
        reverse("mediation:apply"),
        {**data, "applicant_mobile": "13812345678", "staged": _staged_ids(refused)},
    )
    assert filed.status_code == 302
    assert list(MediationRequest.objects.get().evidence.values_list("original_name", flat=True)) == [
        "合同.jpg"
    ]
    assert not StagedUpload.objects.exists()


def test_unclaimed_files_are_pruned_with_their_files(
    client, district, media, django_capture_on_commit_callbacks
):
    from complaints.tasks import intake_submissions_prune

    refused = client.post(
        reverse("complaints:complaint-new"),
        {**_form(district, form_token=TOKEN, mobile="1"), "evidence": [jpeg()]},
    )
    row = StagedUpload.objects.get(pk=_staged_ids(refused)[0])
    path = row.file.path
    StagedUpload.objects.filter(pk=row.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after commit
        assert intake_submissions_prune()[-1] == 1
    assert not StagedUpload.objects.exists()
    assert not os.path.exists(path)
