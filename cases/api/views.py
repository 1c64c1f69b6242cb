"""Read-only API views over reported patients, reports and their statistics."""

from drf_spectacular.utils import extend_schema
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from alemkb.api.conditional import ConditionalMixin
from alemkb.api.exports import CSVRenderer, ExportMixin
from complications.api.views import ReadOnlyViewSet

from ..filters import PATIENT_ORDERING, PatientFilter, ReportFilter
from ..models import Patient, Report
from ..stats import case_statistics
from .serializers import PatientDetailSerializer, PatientSerializer, ReportSerializer
from .stats_schema import CaseStatistics


def joined(items):
    return "; ".join(str(item) for item in items)


class CaseViewSet(ExportMixin, ReadOnlyViewSet):
    """Patients reported individually (never the aggregate counts of series and reviews)."""

    filterset_class = PatientFilter
    ordering_fields = PATIENT_ORDERING
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]
    csv_columns = {
        "id": lambda p: p.pk,
        "label": lambda p: p.label,
        "report": lambda p: p.report.slug,
        "report_kind": lambda p: p.report.kind,
        "citation_id": lambda p: p.report.citation_id,
        "citation_title": lambda p: p.report.citation.title,
        "year": lambda p: p.report.citation.year,
        "doi": lambda p: p.report.citation.doi,
        "age": lambda p: p.age,
        "sex": lambda p: p.sex,
        "disease": lambda p: p.disease,
        "disease_detail": lambda p: p.disease_detail,
        "complications": lambda p: joined(
            link.complication.slug for link in p.complication_links.all()
        ),
        "onset_days": lambda p: p.onset_days,
        "onset": lambda p: joined(
            link.onset_detail for link in p.complication_links.all() if link.onset_detail
        ),
        "course_number": lambda p: joined(
            link.course_number for link in p.complication_links.all() if link.course_number
        ),
        "prior_therapies": lambda p: joined(t.intervention.slug for t in p.prior_therapies.all()),
        "treatments": lambda p: joined(t.intervention.slug for t in p.treatments.all()),
        "outcome": lambda p: p.outcome,
        "outcome_detail": lambda p: p.outcome_detail,
        "retreated": lambda p: p.retreated,
        "retreatment_detail": lambda p: p.retreatment_detail,
        "page_url": lambda p: p.get_absolute_url(),
    }

    def get_queryset(self):
        return (
            Patient.objects.published()
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
        return Report.objects.published().with_details().order_by("-citation__year", "slug")


class StatsView(ConditionalMixin, APIView):
    """Counts of individually reported patients, and, apart, what series report in aggregate."""

    @extend_schema(responses=CaseStatistics)
    def get(self, request):
        return Response(case_statistics())
