"""The REST API under /api/v1/, its OpenAPI schema and its documentation (no CDN)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views.annotations import AnnotationView, AnnotationViewSet
from .views.cases import CaseViewSet, ReportViewSet, StatsView
from .views.complications import (
    CitationViewSet,
    ComplicationViewSet,
    CourseStatementViewSet,
    DrugViewSet,
    SourceDocumentViewSet,
)
from .views.tables import PatientComplicationViewSet, TreatmentViewSet

router = DefaultRouter()
router.register("complications", ComplicationViewSet, basename="complication")
router.register("courses", CourseStatementViewSet, basename="course")
router.register("cases", CaseViewSet, basename="case")
router.register("reports", ReportViewSet, basename="report")
router.register(
    "patient-complications", PatientComplicationViewSet, basename="patient-complication"
)
router.register("treatments", TreatmentViewSet, basename="treatment")
router.register("citations", CitationViewSet, basename="citation")
router.register("sources", SourceDocumentViewSet, basename="source")
router.register("drugs", DrugViewSet, basename="drug")
router.register("annotations", AnnotationViewSet, basename="annotation")

api_v1 = [
    path("stats/", StatsView.as_view(), name="stats"),
    # An annotation's id: its model's label, its row's id and its quote field.
    re_path(
        r"^annotations/(?P<model>[^/]+)/(?P<id>[^/]+)/(?P<field>[^/]+)/$",
        AnnotationView.as_view(),
        name="annotation-detail",
    ),
    *router.urls,
]

urlpatterns = [
    path("v1/", include((api_v1, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script on the page.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
