"""Statistics in the API: live for staff, published snapshots for everyone.

/api/v1/statistics/ needs a verified staff session of the statistics or
caseworker role (anyone else: 404). /api/v1/public/statistics/ is anonymous
and serves published snapshots only; nothing there is computed live.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.staff.base import StaffAPI
from api.staff.serializers import ErrorOutputSerializer
from api.statistics import serializers as s
from reporting.selectors import statistics as selectors
from reporting.selectors.funder_export import (
    ASSOCIATION,
    NETWORK,
    member_organisations,
)
from reporting.services.funder_exports import funder_export_made
from reporting.statistics import access, labels
from reporting.statistics.access import can_view_statistics
from reporting.statistics.funder_export import (
    ERROR_EXPORT_ORGANISATION,
    XLSX_TYPE,
    export_file,
    labelled,
)

ERRORS = {
    400: OpenApiResponse(ErrorOutputSerializer, description="Invalid query parameters."),
    403: OpenApiResponse(ErrorOutputSerializer, description="Not logged in or no second factor."),
    404: OpenApiResponse(ErrorOutputSerializer, description="Not found or not visible."),
}
PUBLIC_CACHE = "public, max-age=3600"


class StaffStatisticsView(StaffAPI, APIView):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not can_view_statistics(request.user):
            raise NotFound


class LiveStatisticsView(StaffStatisticsView):
    @extend_schema(
        operation_id="staff_statistics",
        summary="Live tables of a year, unsuppressed unless k is given (staff only).",
        parameters=[s.StaffStatisticsInputSerializer],
        responses={200: s.StatisticsOutputSerializer, **ERRORS},
    )
    def get(self, request):
        params = s.StaffStatisticsInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or timezone.localdate().year
        k = params.validated_data.get("k")
        body = (
            selectors.live_statistics(year)
            if k is None
            else selectors.annual_report_body(year=year, k=k)
        )
        return Response(s.StatisticsOutputSerializer(body).data)


class CaseWorkView(StaffStatisticsView):
    @extend_schema(
        operation_id="staff_statistics_case_work",
        summary="Open cases by status and age, median response times, referrals by outcome.",
        responses={200: s.CaseWorkOutputSerializer, **ERRORS},
    )
    def get(self, request):
        figures = selectors.case_work_figures(timezone.localdate())
        referrals = figures["referrals"]
        data = {
            **figures,
            "open_cases": [
                {"status": status, "ages": ages} for status, ages in figures["open_cases"].items()
            ],
            "referrals": None
            if referrals is None
            else [
                {"status": status, "outcome": outcome, "count": count}
                for status, outcomes in sorted(referrals.items())
                for outcome, count in sorted(outcomes.items())
            ],
        }
        return Response(s.CaseWorkOutputSerializer(data).data)


class PublicStatisticsView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200:
            response["Cache-Control"] = PUBLIC_CACHE
        return response


class PublishedListView(PublicStatisticsView):
    @extend_schema(
        operation_id="public_statistics_list",
        summary="Published annual reports, newest first (every edition).",
        responses={200: s.PublishedReportListOutputSerializer(many=True)},
    )
    def get(self, request):
        latest: dict[int, int] = {}
        items = []
        for report in selectors.published_reports():
            latest.setdefault(report.year, report.edition)
            items.append(
                {
                    "year": report.year,
                    "edition": report.edition,
                    "k": report.k,
                    "published_at": report.published_at,
                    "superseded": report.edition != latest[report.year],
                    "url": reverse(
                        "public_statistics:edition",
                        kwargs={"year": report.year, "edition": report.edition},
                    ),
                }
            )
        return Response(s.PublishedReportListOutputSerializer(items, many=True).data)


class PublishedReportView(PublicStatisticsView):
    @extend_schema(
        operation_id="public_statistics_retrieve",
        summary="One published edition: its frozen tables and texts.",
        responses={
            200: s.PublishedStatisticsOutputSerializer,
            404: OpenApiResponse(ErrorOutputSerializer, description="Not published."),
        },
    )
    def get(self, request, year: int, edition: int | None = None):
        report = selectors.published_report(year, edition)
        if report is None:
            raise NotFound
        body = {**report.snapshot, "errata": labels.errata(report.snapshot)}
        return Response(s.PublishedStatisticsOutputSerializer(body).data)


class PublishedLatestView(PublishedReportView):
    @extend_schema(
        operation_id="public_statistics_latest",
        summary="The latest published edition of a year.",
        responses={
            200: s.PublishedStatisticsOutputSerializer,
            404: OpenApiResponse(ErrorOutputSerializer, description="Not published."),
        },
    )
    def get(self, request, year: int):
        return super().get(request, year)


class ExportView(StaffAPI, APIView):
    """Exports for funders and research: suppressed, for any period and organisation;
    a member organisation's caseworkers their own organisation's only (else 404)."""

    @extend_schema(
        operation_id="staff_statistics_export",
        summary="Suppressed figures for funders and research, as JSON, XLSX or CSV (ZIP).",
        parameters=[s.ExportInputSerializer],
        responses={
            (200, "application/json"): s.ExportOutputSerializer,
            (200, XLSX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="file=xlsx"),
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="file=csv: export.csv and method.txt"
            ),
            **ERRORS,
        },
    )
    def get(self, request):
        scopes = access.export_scopes_of(request.user)
        if scopes == []:
            raise NotFound
        params = s.ExportInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        organisation = data["organisation"]
        if scopes is not None and "organisation" not in request.query_params:
            organisation = scopes[0]  # a member organisation's caseworker: their own
        if scopes is not None and organisation not in scopes:
            raise NotFound
        known = {NETWORK, ASSOCIATION} | {
            str(pk) for pk in member_organisations().values_list("pk", flat=True)
        }
        if organisation not in known:
            raise ValidationError({"organisation": [str(ERROR_EXPORT_ORGANISATION)]})
        export = funder_export_made(
            actor=request.user,
            start=data["start"],
            end=data["end"],
            basis=data["basis"],
            organisation=organisation,
            today=timezone.localdate(),
        )
        if data["file"] == "json":
            return Response(s.ExportOutputSerializer(labelled(export)).data)
        content, content_type, name = export_file(export, data["file"])
        response = HttpResponse(content, content_type=content_type)
        # filename* for a name in another script (a member organisation's, Arabic words).
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response
