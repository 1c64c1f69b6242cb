"""Read-only API views over complications, citations, sources and drugs."""

from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from alemkb.api.conditional import ConditionalMixin
from alemkb.api.exports import CSVRenderer, ExportMixin, ExportRenderer, XLSXRenderer
from alemkb.api.formats import BibTeXRenderer, CSLJSONRenderer, RISRenderer
from alemkb.api.parameters import StrictParametersMixin
from alemkb.api.serializers.complications import (
    CitationDetailSerializer,
    CitationSerializer,
    ComplicationDetailSerializer,
    ComplicationSerializer,
    CourseStatementSerializer,
    InterventionSerializer,
    SourceDocumentDetailSerializer,
    SourceDocumentSerializer,
)
from cases.models import Report
from complications.filters import CitationFilter, ComplicationFilter
from complications.models import (
    Citation,
    Complication,
    CourseStatement,
    Intervention,
    SourceDocument,
    Statement,
)


class ReadOnlyViewSet(StrictParametersMixin, ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    """GET only: any other method answers 405; an unknown query parameter answers 400."""


class ComplicationViewSet(ReadOnlyViewSet):
    """Complications, each with its published statements, figures and onset windows."""

    lookup_field = "slug"
    filterset_class = ComplicationFilter
    ordering_fields = {"name": "name", "category": "category"}

    def get_queryset(self):
        return Complication.objects.public().with_statements().with_case_counts().by_category()

    def get_serializer_class(self):
        return ComplicationDetailSerializer if self.action == "retrieve" else ComplicationSerializer

    def get_object(self):
        complication = super().get_object()
        complication.supporting_citations = Citation.objects.public().supporting(complication)
        return complication


class CourseStatementViewSet(ReadOnlyViewSet):
    """How alemtuzumab courses are given and repeated, with the numbers the sources state."""

    serializer_class = CourseStatementSerializer
    lookup_field = "key"

    def get_queryset(self):
        return CourseStatement.objects.public().with_provenance()


CITATION_EXPORTS = [CSVRenderer, XLSXRenderer, RISRenderer, BibTeXRenderer, CSLJSONRenderer]


class CitationViewSet(ExportMixin, ReadOnlyViewSet):
    """Publications; export any filtered list as CSV, RIS, BibTeX or CSL-JSON."""

    filterset_class = CitationFilter
    ordering_fields = {"year": "year", "title": "title"}
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, *CITATION_EXPORTS]
    csv_columns = {
        "id": lambda c: c.pk,
        "slug": lambda c: c.slug,
        "kind": lambda c: c.kind,
        "authors": lambda c: (
            "; ".join(str(a) for a in c.authors.all()) + ("; et al." if c.authors_truncated else "")
        ),
        "title": lambda c: c.title,
        "journal": lambda c: c.journal,
        "year": lambda c: c.year,
        "volume": lambda c: c.volume,
        "issue": lambda c: c.issue,
        "pages": lambda c: c.pages,
        "doi": lambda c: c.doi,
        "pmid": lambda c: c.pmid,
        "url": lambda c: c.url,
    }

    def get_queryset(self):
        queryset = Citation.objects.public().with_authors()
        if self.action == "retrieve":
            queryset = queryset.with_public_evidence().prefetch_related(
                Prefetch(
                    "reports",
                    queryset=Report.objects.public().prefetch_related(
                        Prefetch("complications", queryset=Complication.objects.public())
                    ),
                ),
            )
        return queryset

    def get_serializer_class(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        if self.action == "retrieve" and not isinstance(renderer, ExportRenderer):
            return CitationDetailSerializer
        return CitationSerializer


class SourceDocumentViewSet(ReadOnlyViewSet):
    """The seed documents, verbatim, with the statements that quote them."""

    lookup_field = "slug"

    def get_queryset(self):
        queryset = SourceDocument.objects.public()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "statements",
                    queryset=Statement.objects.public().select_related("complication"),
                ),
                Prefetch("course_statements", queryset=CourseStatement.objects.public()),
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SourceDocumentDetailSerializer
        return SourceDocumentSerializer


class DrugViewSet(ReadOnlyViewSet):
    """The vocabulary of drugs and procedures that the case filters use, by slug."""

    queryset = Intervention.objects.public()
    serializer_class = InterventionSerializer
    lookup_field = "slug"
