"""Read-only API views over reported patients, reports and their statistics."""

from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from alemkb.api.conditional import ConditionalMixin
from alemkb.api.exports import CSVRenderer, ExportMixin, stream_csv_values
from alemkb.api.parameters import StrictParametersMixin
from alemkb.api.serializers.cases import (
    PatientDetailSerializer,
    PatientSerializer,
    ReportSerializer,
)
from alemkb.api.stats_schema import CaseStatistics
from alemkb.api.views.complications import ReadOnlyViewSet
from cases.export import COLUMNS, patient_rows
from cases.filters import PATIENT_ORDERING, PatientFilter, ReportFilter
from cases.models import Patient, Report
from cases.stats import case_statistics


class CaseViewSet(ExportMixin, ReadOnlyViewSet):
    """Patients reported individually (never the aggregate counts of series and reviews)."""

    filterset_class = PatientFilter
    ordering_fields = PATIENT_ORDERING
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def csv_lines(self, queryset):
        return stream_csv_values(COLUMNS, patient_rows(queryset))

    def get_queryset(self):
        return (
            Patient.objects.public()
            .with_details()
            .with_earliest_onset()
            .order_by("report__citation__year", "report", "position")
        )

    def get_serializer_class(self):
        return PatientDetailSerializer if self.action == "retrieve" else PatientSerializer


class ReportViewSet(ReadOnlyViewSet):
    """Publications that report patients: one, several one by one, several in aggregate, reviews."""

    filterset_class = ReportFilter
    serializer_class = ReportSerializer
    ordering_fields = {"year": "citation__year", "patient_count": "patient_count"}

    def get_queryset(self):
        return Report.objects.public().with_details().order_by("-citation__year", "slug")


class StatsView(StrictParametersMixin, ConditionalMixin, APIView):
    """Counts of individually reported patients, and, apart, what series report in aggregate."""

    @extend_schema(responses=CaseStatistics)
    def get(self, request):
        return Response(case_statistics())
