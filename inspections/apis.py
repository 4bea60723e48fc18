"""Staff API of the winter campaign (DRF): parse, call one service or selector, answer.

Errors follow the project contract through core.api_errors: 400 validation, 403 permission,
404 not found, 409 conflict (stale version, a plan already running), never a 500.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_errors import form_error_detail
from core.choices import Sector
from core.form_schema import form_request_serializer
from core.models import District, User
from core.parsers import FormParser

from . import selectors
from .choices import PlanMethod, RiskFactor
from .forms import MapFilterForm, PlanDecisionForm, VisitCompleteForm
from .models import Campaign, LedgerImport, PlanRun, PlanVersion, Team, Visit
from .selectors import map as map_selectors
from .services import campaigns as campaign_services
from .services import ledger as ledger_services
from .services import plan_proposals, plan_versions
from .services import planning as planning_services
from .services import visits as visit_services


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name", "inspector_a", "inspector_b", "home_district", "may_travel", "unavailable"]


class CampaignSerializer(serializers.ModelSerializer):
    teams = TeamSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "starts_on",
            "ends_on",
            "districts",
            "sectors",
            "goal_employers",
            "goal_arrears_cleared",
            "weights",
            "travel_cost",
            "status",
            "teams",
            "risk_computed_at",
        ]


class CampaignCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    districts = serializers.PrimaryKeyRelatedField(queryset=District.objects.all(), many=True)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    goal_employers = serializers.IntegerField(min_value=0, required=False, default=0)
    goal_arrears_cleared = serializers.IntegerField(min_value=0, required=False, default=0)
    travel_cost = serializers.FloatField(min_value=0, required=False, default=15.0)


class TeamCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64, required=False, default="")
    inspector_a = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    inspector_b = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    home_district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())
    may_travel = serializers.BooleanField(required=False, default=False)
    unavailable = serializers.ListField(child=serializers.DateField(), required=False, default=list)


class WeightsSerializer(serializers.Serializer):
    weights = serializers.DictField(child=serializers.FloatField(min_value=0, max_value=100))

    def validate_weights(self, value):
        unknown = set(value) - set(RiskFactor.values)
        if unknown:
            raise serializers.ValidationError(f"unknown factors: {sorted(unknown)}")
        return value


class PlanRunSerializer(serializers.ModelSerializer):
    job = serializers.SerializerMethodField()
    gain_percent = serializers.SerializerMethodField()

    class Meta:
        model = PlanRun
        fields = [
            "id",
            "job",
            "campaign",
            "method",
            "status",
            "stage",
            "done",
            "total",
            "from_date",
            "objective",
            "risk_covered",
            "bound",
            "gap",
            "greedy_objective",
            "visits",
            "seconds",
            "stats",
            "message",
            "created_at",
            "finished_at",
            "decision",
            "decided_at",
            "gain_percent",
            "changes",
        ]

    def get_job(self, obj) -> int | None:
        return obj.job_id

    def get_gain_percent(self, obj) -> float | None:
        """How much more risk the plan covers than the simple (greedy) schedule, in percent."""
        return obj.gain_percent


class PlanVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanVersion
        fields = [
            "number",
            "plan_run",
            "restored_from",
            "from_date",
            "visit_count",
            "risk_covered",
            "created_by",
            "created_at",
        ]


class PlanRequestSerializer(serializers.Serializer):
    from_date = serializers.DateField(required=False)
    method = serializers.ChoiceField(choices=PlanMethod.choices, required=False, default=PlanMethod.MILP)


class VisitSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    address = serializers.CharField(source="employer.address", read_only=True)
    team_name = serializers.CharField(source="team.name", read_only=True, default="")

    class Meta:
        model = Visit
        fields = [
            "id",
            "campaign",
            "employer",
            "employer_name",
            "address",
            "district",
            "team",
            "team_name",
            "date",
            "units",
            "kind",
            "status",
            "locked",
            "risk",
            "earliest",
            "checklist",
            "findings",
            "outcome",
            "complaint",
            "workers_on_site",
            "completed_at",
            "version",
        ]


class LedgerImportSerializer(serializers.ModelSerializer):
    job = serializers.SerializerMethodField()

    class Meta:
        model = LedgerImport
        fields = [
            "id",
            "job",
            "original_name",
            "status",
            "total",
            "done",
            "percent",
            "created_count",
            "changed_count",
            "unchanged_count",
            "error_count",
            "errors",
            "warnings",
            "message",
            "created_at",
            "finished_at",
        ]

    def get_job(self, obj) -> int | None:
        return obj.job_id


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class PhotoSerializer(serializers.Serializer):
    photo = serializers.FileField()


class FiguresSerializer(serializers.Serializer):
    metrics = serializers.ListField(child=serializers.DictField())
    totals = serializers.DictField()
    districts = serializers.ListField(child=serializers.DictField())
    weeks = serializers.ListField(child=serializers.DictField())
    goal_employers = serializers.IntegerField()
    goal_arrears_cleared = serializers.IntegerField()
    computed_at = serializers.DictField(
        child=serializers.DateTimeField(allow_null=True),
        help_text="Per metric: when its figures were computed.",
    )
    as_of = serializers.DateTimeField(
        allow_null=True, help_text="The oldest computing time: every figure is true at least as of then."
    )
    refreshed_at = serializers.DateTimeField(allow_null=True)


def _valid(serializer_class, request, **kw):
    s = serializer_class(data=request.data, **kw)
    s.is_valid(raise_exception=True)
    return s.validated_data


# ----------------------------------------------------------------------------------------------


class CampaignListApi(APIView):
    @extend_schema(responses=CampaignSerializer(many=True))
    def get(self, request):
        qs = selectors.campaign_list(fetched_by=request.user).prefetch_related("districts", "teams")
        return Response(CampaignSerializer(qs, many=True).data)

    @extend_schema(request=CampaignCreateSerializer, responses={201: CampaignSerializer})
    def post(self, request):
        if not request.user.has_perm("inspections.add_campaign"):
            raise PermissionDenied()
        data = _valid(CampaignCreateSerializer, request)
        campaign = campaign_services.campaign_create(created_by=request.user, **data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class CampaignDetailApi(APIView):
    @extend_schema(responses=CampaignSerializer)
    def get(self, request, pk: int):
        return Response(CampaignSerializer(selectors.campaign_get_for(request.user, pk)).data)


class CampaignTeamCreateApi(APIView):
    @extend_schema(request=TeamCreateSerializer, responses={201: TeamSerializer})
    def post(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign_district")
        data = _valid(TeamCreateSerializer, request)
        team = campaign_services.team_create(campaign=campaign, created_by=request.user, **data)
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class CampaignWeightsApi(APIView):
    @extend_schema(request=WeightsSerializer, responses=CampaignSerializer)
    def put(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign")
        data = _valid(WeightsSerializer, request)
        campaign = campaign_services.campaign_set_weights(
            campaign=campaign, weights=data["weights"], changed_by=request.user
        )
        return Response(CampaignSerializer(campaign).data)


class RiskRowSerializer(serializers.Serializer):
    employer = serializers.IntegerField()
    employer_name = serializers.CharField()
    district = serializers.IntegerField()
    score = serializers.FloatField()
    must_visit = serializers.BooleanField()
    factors = serializers.DictField(child=serializers.FloatField())
    explanation = serializers.ListField(child=serializers.DictField())


class PhotoCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class CampaignRiskApi(APIView):
    @extend_schema(responses=RiskRowSerializer(many=True))
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk)
        rows = selectors.risk_ranking(
            campaign=campaign, district_id=request.query_params.get("district") or None, limit=100
        )
        return Response(
            [
                {
                    "employer": r["score"].employer_id,
                    "employer_name": r["score"].employer.name,
                    "district": r["score"].district_id,
                    "score": r["score"].score,
                    "must_visit": r["score"].must_visit,
                    "factors": r["score"].factors,
                    "explanation": r["explanation"],
                }
                for r in rows
            ]
        )


class CampaignPlanApi(APIView):
    @extend_schema(request=PlanRequestSerializer, responses={202: PlanRunSerializer})
    def post(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign")
        data = _valid(PlanRequestSerializer, request)
        run = planning_services.plan_request(campaign=campaign, requested_by=request.user, **data)
        run.refresh_from_db()
        return Response(PlanRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class PlanRunDetailApi(APIView):
    @extend_schema(responses=PlanRunSerializer)
    def get(self, request, pk: int):
        run = get_object_or_404(PlanRun, pk=pk)
        selectors.campaign_get_for(request.user, run.campaign_id)
        return Response(PlanRunSerializer(run).data)


class PlanRunConfirmApi(APIView):
    """Confirm a plan proposal: 409 when it was decided already or the visits changed since it was computed."""

    decide = staticmethod(plan_proposals.plan_confirm)
    actor = "confirmed_by"

    @extend_schema(
        request=form_request_serializer(PlanDecisionForm, "PlanDecision"), responses=PlanRunSerializer
    )
    def post(self, request, pk: int):
        run = selectors.plan_run_get_for(request.user, pk, perm="inspections.manage_campaign")
        form = PlanDecisionForm(request.data)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        run = self.decide(run=run, **{self.actor: request.user}, **form.cleaned_data)
        return Response(PlanRunSerializer(run).data)


class PlanRunDiscardApi(PlanRunConfirmApi):
    """Discard a plan proposal: the campaign's visits stay as they are."""

    decide = staticmethod(plan_proposals.plan_discard)
    actor = "discarded_by"


class PlanVersionListApi(APIView):
    @extend_schema(responses=PlanVersionSerializer(many=True))
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk)
        return Response(PlanVersionSerializer(selectors.plan_version_list(campaign=campaign), many=True).data)


class PlanVersionRestoreApi(APIView):
    """Restore an earlier plan version from today on; the result is recorded as a new version."""

    @extend_schema(
        request=form_request_serializer(PlanDecisionForm, "PlanDecision"), responses=PlanVersionSerializer
    )
    def post(self, request, pk: int, number: int):
        campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign")
        version = selectors.plan_version_get(campaign=campaign, number=number)
        form = PlanDecisionForm(request.data)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        new = plan_versions.plan_version_restore(
            version=version, restored_by=request.user, **form.cleaned_data
        )
        return Response(PlanVersionSerializer(new).data)


class VisitPagination(PageNumberPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"


class CampaignVisitListApi(APIView):
    @extend_schema(responses=VisitSerializer(many=True))
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk)
        qs = selectors.plan_visits(
            campaign=campaign,
            fetched_by=request.user,
            district_id=_int_or_none(request.query_params.get("district")),
            team_id=_int_or_none(request.query_params.get("team")),
            status=request.query_params.get("status") or None,
        )
        paginator = VisitPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(VisitSerializer(page, many=True).data)


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


class VisitDetailApi(APIView):
    @extend_schema(responses=VisitSerializer)
    def get(self, request, pk: int):
        return Response(VisitSerializer(selectors.visit_get_for(request.user, pk)).data)


class VisitLockApi(APIView):
    locked = True

    @extend_schema(request=None, responses=VisitSerializer)
    def post(self, request, pk: int):
        visit = selectors.visit_get_for(request.user, pk)
        visit = planning_services.visit_set_locked(visit=visit, locked=self.locked, changed_by=request.user)
        return Response(VisitSerializer(visit).data)


class VisitUnlockApi(VisitLockApi):
    locked = False


class VisitRemoveApi(APIView):
    @extend_schema(request=None, responses=VisitSerializer)
    def post(self, request, pk: int):
        visit = selectors.visit_get_for(request.user, pk)
        visit = planning_services.visit_remove(
            visit=visit, removed_by=request.user, reason=str(request.data.get("reason", ""))
        )
        return Response(VisitSerializer(visit).data)


class VisitCompleteApi(APIView):
    """Record a visit's result: 409 when the version is stale (someone changed the visit meanwhile)."""

    @extend_schema(
        request=form_request_serializer(VisitCompleteForm, "VisitComplete"), responses=VisitSerializer
    )
    def post(self, request, pk: int):
        visit = selectors.visit_get_for(request.user, pk, perm="inspections.complete_visit")
        form = VisitCompleteForm(request.data)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        visit = visit_services.visit_complete(visit=visit, completed_by=request.user, **form.cleaned_data)
        return Response(VisitSerializer(visit).data)


class VisitPhotoApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": PhotoSerializer}, responses={201: PhotoCreatedSerializer})
    def post(self, request, pk: int):
        visit = selectors.visit_get_for(request.user, pk, perm="inspections.complete_visit")
        data = _valid(PhotoSerializer, request)
        photo = visit_services.visit_photo_add(visit=visit, upload=data["photo"], uploaded_by=request.user)
        return Response({"id": photo.pk, "content_type": photo.content_type, "size": photo.size}, status=201)


class CampaignFiguresApi(APIView):
    @extend_schema(responses=FiguresSerializer)
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk)
        return Response(FiguresSerializer(selectors.dashboard_figures(campaign=campaign)).data)


_GEOJSON = inline_serializer(
    "CampaignMap",
    fields={
        "type": serializers.CharField(help_text="FeatureCollection"),
        "features": serializers.ListField(
            child=serializers.DictField(),
            help_text=(
                "GeoJSON features, WGS-84 [longitude, latitude]. properties.kind: 'district_area' (Polygon: "
                "the convex hull of the district's employers' positions, not its boundary), 'employer' (Point: "
                "employer_id, name, district_id, district, sector, sector_label, risk, band high|medium|low, "
                "band_label, must_visit, status not_planned|planned|visited|order|case, status_label, "
                "located_by ledger|checkin, url), 'checkin' (Point: visit_id, employer_id, at, accuracy_m, "
                "distance_m from the employer's position, url)."
            ),
        ),
        "meta": serializers.DictField(
            help_text="computed_at, employers, checkins, without_position, truncated, max_points"
        ),
    },
)


class CampaignMapApi(APIView):
    """The campaign's employers, check-ins and district areas as GeoJSON (managers, within their district)."""

    @extend_schema(
        parameters=[form_request_serializer(MapFilterForm, "CampaignMapFilter")],
        responses={200: OpenApiResponse(_GEOJSON), 400: OpenApiResponse(description="Invalid filter")},
    )
    def get(self, request, pk: int):
        campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.view_campaign_map")
        districts = map_selectors.map_districts(campaign=campaign, fetched_by=request.user)
        form = MapFilterForm(request.query_params, districts=districts)
        if not form.is_valid():
            return Response(form_error_detail(form), status=status.HTTP_400_BAD_REQUEST)
        data = map_selectors.campaign_map(
            campaign=campaign,
            fetched_by=request.user,
            district_id=form.cleaned_data["district"],
            sector=form.cleaned_data["sector"],
            status=form.cleaned_data["status"],
        )
        return Response(data, content_type="application/geo+json")


class LedgerImportListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=LedgerImportSerializer(many=True))
    def get(self, request):
        if not request.user.has_perm("inspections.import_ledger"):
            raise PermissionDenied()
        return Response(
            LedgerImportSerializer(selectors.ledger_import_list(fetched_by=request.user)[:50], many=True).data
        )

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={202: LedgerImportSerializer})
    def post(self, request):
        if not request.user.has_perm("inspections.import_ledger"):
            raise PermissionDenied()
        data = _valid(UploadSerializer, request)
        job = ledger_services.ledger_import_create(upload=data["file"], uploaded_by=request.user)
        job.refresh_from_db()
        return Response(LedgerImportSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class LedgerImportDetailApi(APIView):
    @extend_schema(responses=LedgerImportSerializer)
    def get(self, request, pk: int):
        return Response(LedgerImportSerializer(selectors.ledger_import_get_for(request.user, pk)).data)
