"""Read-only API views over reported patients, reports and their statistics."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from alemkb.api.conditional import ConditionalMixin
from alemkb.api.exports import CSVRenderer, ExportMixin, XLSXRenderer
from alemkb.api.filtering import FilterBackend
from alemkb.api.kept_rows import KeptRowsListMixin
from alemkb.api.parameters import StrictParametersMixin
from alemkb.api.serializers.cases import (
    PatientDetailSerializer,
    PatientSerializer,
    ReportSerializer,
)
from alemkb.api.stats_schema import CaseStatistics
from alemkb.api.views.complications import ReadOnlyViewSet
from alemkb.api.views.tables import DictionaryMixin
from cases.counting import COUNTABLE, SEVERAL, SEVERAL_NOTE, count_patients
from cases.export import COLUMNS, patient_rows
from cases.filters import PATIENT_ORDERING, PatientFilter, ReportFilter
from cases.models import Patient, Report
from cases.stats import SMALL_NUMBER, case_statistics
from cases.tables import CASES

COUNT_PARAMETER = OpenApiParameter(
    "count",
    str,
    enum=COUNTABLE,
    description="Instead of patients, how many of the filtered patients have each value of "
    "this field: [{value, count}], most frequent first (see the CaseCounts schema). "
    f"{SEVERAL_NOTE.replace('values', 'complications, prior therapies or treatments')}",
)


class CaseViewSet(ExportMixin, KeptRowsListMixin, DictionaryMixin, ReadOnlyViewSet):
    """Patients reported individually (never the aggregate counts of series and reviews)."""

    filterset_class = PatientFilter
    ordering_fields = PATIENT_ORDERING
    extra_parameters = ("count",)
    table = CASES  # the CSV's columns and their data dictionary
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]

    def export_rows(self, queryset):
        return COLUMNS, patient_rows(queryset)

    def get_queryset(self):
        return (
            Patient.objects.public()
            .with_details()
            .with_earliest_onset()
            .order_by("report__citation__year", "report", "position")
        )

    def get_serializer_class(self):
        return PatientDetailSerializer if self.action == "retrieve" else PatientSerializer

    @extend_schema(parameters=[COUNT_PARAMETER])
    def list(self, request, *args, **kwargs):
        field = request.query_params.get("count")
        if field is None:
            return super().list(request, *args, **kwargs)
        if field not in COUNTABLE:
            raise ValidationError({"count": [f"Count by one of: {', '.join(COUNTABLE)}."]})
        patients = self.filter_queryset(Patient.objects.public())
        role = request.query_params.get("treatment_role")
        results = count_patients(patients, field, treatment_role=role)
        renderer = request.accepted_renderer
        if isinstance(renderer, CSVRenderer | XLSXRenderer):
            rows = [[row["value"], row["count"]] for row in results]
            return self.export_values(renderer, ["value", "count"], rows)
        total = patients.count()
        return Response(
            {
                "count_by": field,
                "patients": total,
                "small_sample": total < SMALL_NUMBER,
                "note": SEVERAL_NOTE if field in SEVERAL else "",
                # Values as text (a year too), so that every value has one type.
                "results": [
                    {
                        "value": None if row["value"] is None else str(row["value"]),
                        "count": row["count"],
                    }
                    for row in results
                ],
            }
        )


class ReportViewSet(ReadOnlyViewSet):
    """Publications that report patients: one, several one by one, several in aggregate, reviews."""

    filterset_class = ReportFilter
    serializer_class = ReportSerializer
    ordering_fields = {"year": "citation__year", "patient_count": "patient_count"}

    def get_queryset(self):
        return Report.objects.public().with_details().order_by("-citation__year", "slug")


class StatsView(StrictParametersMixin, ConditionalMixin, GenericAPIView):
    """Counts of individually reported patients, and, apart, what series report in aggregate.

    Accepts the filters of cases/: the figures are then those of the filtered patients. The
    reports that give only aggregate counts follow the complication and publication year
    filters only (they describe no patient whose sex, age or outcome a filter could test).
    """

    filterset_class = PatientFilter
    filter_backends = [FilterBackend]
    pagination_class = None

    def get_queryset(self):
        return Patient.objects.public()

    @extend_schema(responses=CaseStatistics, filters=True)
    def get(self, request):
        patients = self.filter_queryset(self.get_queryset())  # answers 400 or 404 if invalid
        filterset = FilterBackend().get_filterset(request, self.get_queryset(), self)
        filterset.is_valid()
        given = filterset.form.cleaned_data
        years = (
            given.get("year_min") or given.get("year"),
            given.get("year_max") or given.get("year"),
        )
        return Response(case_statistics(patients, given.get("complication"), years))
