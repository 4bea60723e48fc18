"""API serializers: shapes of input and output only (no writes here)."""

from __future__ import annotations

from rest_framework import serializers

from core.identifiers import mask_mobile, mask_name

from .choices import Matter, MediationStatus


class MediationFileSerializer(serializers.Serializer):
    applicant_name = serializers.CharField(max_length=64)
    applicant_mobile = serializers.CharField(max_length=16)
    applicant_id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    district = serializers.IntegerField(help_text="Workplace district id")
    employer_name = serializers.CharField(max_length=200)
    employer_credit_code = serializers.CharField(max_length=18, required=False, allow_blank=True)
    employer_address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    employer_contact_name = serializers.CharField(max_length=64, required=False, allow_blank=True)
    employer_contact_mobile = serializers.CharField(max_length=16, required=False, allow_blank=True)
    matters = serializers.ListField(child=serializers.ChoiceField(choices=Matter.choices), min_length=1)
    matters_detail = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    reasons = serializers.CharField(max_length=5000)
    amount_claimed = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True
    )


class MediationFiledSerializer(serializers.Serializer):
    tracking_number = serializers.CharField()
    access_code = serializers.CharField(help_text="Shown once; keep it to follow the request")
    status = serializers.ChoiceField(choices=MediationStatus.choices)
    deadline = serializers.DateField()
    deadline_provisional = serializers.BooleanField()


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    status = serializers.CharField()
    remote = serializers.BooleanField()
    room = serializers.CharField(source="room.name", default=None)
    mediator_id = serializers.IntegerField()


class TermSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    due_date = serializers.DateField()
    performed_on = serializers.DateField(read_only=True)


class MediationSerializer(serializers.Serializer):
    """A request as staff see it: personal data masked."""

    id = serializers.IntegerField()
    tracking_number = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    source = serializers.CharField()
    district_id = serializers.IntegerField()
    employer_name = serializers.CharField(source="employer_name_given")
    applicant = serializers.SerializerMethodField()
    applicant_mobile = serializers.SerializerMethodField()
    matters = serializers.ListField(child=serializers.CharField())
    amount_claimed = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    received_at = serializers.DateTimeField()
    deadline = serializers.DateField()
    deadline_provisional = serializers.BooleanField()
    mediator_id = serializers.IntegerField(allow_null=True)
    available_actions = serializers.SerializerMethodField()

    def get_applicant(self, obj) -> str:
        return mask_name(obj.applicant_name)

    def get_applicant_mobile(self, obj) -> str:
        return mask_mobile(obj.applicant_mobile)

    def get_available_actions(self, obj) -> list[str]:
        from .actions import ACTIONS

        return [t.name for t in obj.get_available_status_transitions() if t.name in ACTIONS]


class MediationDetailSerializer(MediationSerializer):
    sessions = SessionSerializer(many=True)
    terms = TermSerializer(many=True)


class SlotQuerySerializer(serializers.Serializer):
    request = serializers.IntegerField(help_text="Mediation request id")
    duration = serializers.IntegerField(default=60, min_value=15, max_value=480, help_text="Minutes")
    mediator = serializers.IntegerField(required=False, help_text="Only this mediator (default: any)")
    room = serializers.IntegerField(required=False, help_text="Only this room (default: any that fits)")
    remote = serializers.BooleanField(default=False)
    attendees = serializers.IntegerField(default=3, min_value=2, max_value=50)
    earliest = serializers.DateTimeField(required=False)
    limit = serializers.IntegerField(default=5, min_value=1, max_value=50)


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    mediator_id = serializers.IntegerField()
    room_id = serializers.IntegerField(allow_null=True)
