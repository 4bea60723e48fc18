"""Serializers of inspection records (output only; input is declared by complaints/record_forms.py)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ..models import InspectionRecord, RecordAttachment


class QuestionAnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


class RecordInspectorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")
    badge = serializers.CharField(source="inspector_badge")


class RecordAttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RecordAttachment
        fields = ["id", "original_name", "kind", "content_type", "size", "sha256", "uploaded_at", "url"]

    def get_url(self, obj: RecordAttachment) -> str:
        record = obj.record
        return reverse("complaints:staff-record-attachment", args=[record.complaint_id, record.pk, obj.pk])


class RecordSerializer(serializers.ModelSerializer):
    case_id = serializers.IntegerField(source="complaint_id", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    person_role_label = serializers.CharField(source="get_person_role_display", read_only=True)
    inspectors = RecordInspectorSerializer(many=True, read_only=True)
    questions = QuestionAnswerSerializer(many=True, read_only=True)
    attachments = RecordAttachmentSerializer(many=True, read_only=True)
    created_by = serializers.StringRelatedField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = InspectionRecord
        fields = [
            "id",
            "client_uuid",
            "case_id",
            "kind",
            "kind_label",
            "started_at",
            "ended_at",
            "place",
            "inspectors",
            "person_name",
            "person_role",
            "person_role_label",
            "person_title",
            "questions",
            "findings",
            "attachments",
            "created_by",
            "created_at",
            "pdf_url",
        ]

    def get_pdf_url(self, obj: InspectionRecord) -> str:
        return reverse("complaints:staff-record-pdf", args=[obj.complaint_id, obj.pk])
