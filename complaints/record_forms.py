"""The input of an inspection or interview record: one form for the case page and the API.

Questions and answers come as ``questions-N-question``/``questions-N-answer`` rows from the page, or as
a JSON list of ``{"question", "answer"}`` objects from the API; attachments as ``files`` (multipart).
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import json_form_data

from .choices import PersonRole, RecordKind
from .services.records import MAX_QUESTIONS, MAX_TEXT, QuestionAnswer

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
# Rows the page offers before JavaScript adds more (the tablet's form has a button for another row).
BLANK_ROWS = 3


class QuestionRowsWidget(forms.Widget):
    """Reads Q/A rows from ``<name>-N-question``/``<name>-N-answer`` (page) or a JSON list (API)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, list):
            return value
        if isinstance(value, str) and value.strip():  # a JSON list sent as one multipart field
            try:
                return json.loads(value)
            except ValueError:
                return value
        rows = []
        for i in range(MAX_QUESTIONS + 1):
            question = data.get(f"{name}-{i}-question")
            answer = data.get(f"{name}-{i}-answer")
            if question is None and answer is None:
                continue
            if (question or "").strip() or (answer or "").strip():
                rows.append({"question": question or "", "answer": answer or ""})
        return rows


class QuestionsField(forms.Field):
    """A list of questions with their answers; each needs both."""

    widget = QuestionRowsWidget
    json_structured = True  # a JSON list of rows; to_python checks each

    def schema_field(self):
        """Document the field in the API schema as a list of rows (core/form_schema.py)."""
        from .apis.record_serializers import QuestionAnswerSerializer

        return QuestionAnswerSerializer(many=True, required=False)

    def to_python(self, value):
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            raise ValidationError(_("Give the questions as a list of rows."), code="invalid")
        if len(value) > MAX_QUESTIONS:
            raise ValidationError(_("At most %(n)d questions.") % {"n": MAX_QUESTIONS}, code="too_many")
        rows = []
        for row in value:
            if not isinstance(row, dict):
                raise ValidationError(_("Each row needs a question and its answer."), code="invalid")
            question = str(row.get("question") or "").strip()
            answer = str(row.get("answer") or "").strip()
            if not question or not answer:
                raise ValidationError(_("Each row needs a question and its answer."), code="incomplete")
            if len(question) > MAX_TEXT or len(answer) > MAX_TEXT:
                raise ValidationError(
                    _("A question or an answer may have at most %(n)d characters.") % {"n": MAX_TEXT},
                    code="too_long",
                )
            rows.append(QuestionAnswer(question, answer))
        return rows


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Any number of files under one name (checked by content in the service, not here)."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(AttachmentsField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []

    def schema_field(self):
        from rest_framework import serializers

        return serializers.ListField(child=serializers.FileField(), required=False)


class RecordForm(forms.Form):
    """What an inspection or interview record holds; ``kwargs()`` gives the service its arguments."""

    client_uuid = forms.UUIDField(
        label=_("Client key"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("A UUID the client chose; sending the same one again returns the record already made."),
    )
    kind = forms.ChoiceField(label=_("Kind of record"), choices=RecordKind.choices)
    started_at = forms.DateTimeField(
        label=_("Started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=DATETIME_FORMATS,
    )
    ended_at = forms.DateTimeField(
        label=_("Ended"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=DATETIME_FORMATS,
    )
    place = forms.CharField(label=_("Place"), max_length=255)
    inspectors = forms.ModelMultipleChoiceField(
        label=_("Inspectors present (at least two)"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    person_name = forms.CharField(label=_("Person questioned or present"), max_length=64)
    person_role = forms.ChoiceField(label=_("Their role"), choices=PersonRole.choices)
    person_title = forms.CharField(label=_("Position"), max_length=64, required=False)
    questions = QuestionsField(label=_("Questions and answers"), required=False)
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the inspectors saw and checked on site."),
    )
    files = AttachmentsField(
        label=_("Attachments"),
        required=False,
        help_text=_("Photos, copies of the payroll, contracts: JPEG, PNG, WebP, HEIC or PDF."),
    )

    def __init__(self, data=None, files=None, *args, complaint=None, **kwargs):
        if data is not None and not hasattr(data, "getlist"):  # a JSON body, not a browser's form
            data = json_form_data(self.base_fields, data)
        super().__init__(data, files, *args, **kwargs)
        self.complaint = complaint
        from core.models import User

        from .services.assignment import assignable_inspectors

        self.fields["inspectors"].queryset = (
            assignable_inspectors(complaint) if complaint is not None else User.objects.none()
        )
        if not self.is_bound and complaint is not None:
            self.initial.setdefault("started_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
            assigned = [a.inspector_id for a in complaint.assignments.all()]
            self.initial.setdefault("inspectors", assigned)
            if complaint.employer_id:
                self.initial.setdefault("place", complaint.employer.address)

    def question_rows(self) -> list[dict]:
        """Rows for the page: what was typed, plus blank rows to fill."""
        rows = []
        if self.is_bound:
            rows = self.fields["questions"].widget.value_from_datadict(self.data, None, "questions")
        return list(rows) + [{"question": "", "answer": ""} for _ in range(BLANK_ROWS)]

    def kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["uploads"] = data.pop("files") or []
        data["inspectors"] = list(data["inspectors"])
        data["person_title"] = data.get("person_title") or ""
        data["findings"] = data.get("findings") or ""
        return data
