"""Long ("tidy") tables over reported patients, in JSON pages and CSV, with their dictionary.

A table is described once (cases/tables.py); its CSV columns, its JSON rows, its schema and
its data dictionary all come from that description.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from alemkb.api.conditional import ConditionalMixin
from alemkb.api.exports import CSVRenderer, ExportListMixin, XLSXRenderer
from alemkb.api.parameters import StrictParametersMixin
from alemkb.api.serializers.tables import DictionaryEntrySerializer, row_serializer
from cases.filters import PatientComplicationFilter, TreatmentFilter
from cases.tables import PATIENT_COMPLICATIONS, TREATMENTS


class DictionaryMixin:
    """`dictionary/`: each column of the table with its type, meaning and allowed values."""

    table = None

    @extend_schema(responses=DictionaryEntrySerializer(many=True), filters=False)
    @action(detail=False, pagination_class=None, filter_backends=[])
    def dictionary(self, request, *args, **kwargs):
        return Response(self.table.dictionary())


class TableRows:
    """The JSON list of a table: one page of rows, read as plain values in two queries."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        ids = self.paginate_queryset(queryset.values_list("pk", flat=True))
        rows = list(self.table.records(queryset.filter(pk__in=list(ids))))
        return self.get_paginated_response(rows)


class TableViewSet(
    ExportListMixin,
    TableRows,
    DictionaryMixin,
    StrictParametersMixin,
    ConditionalMixin,
    viewsets.GenericViewSet,
):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer, XLSXRenderer]

    def get_queryset(self):
        return self.table.queryset()

    def get_serializer_class(self):
        return row_serializer(self.table)

    def export_rows(self, queryset):
        return self.table.header, self.table.rows(queryset)


class PatientComplicationViewSet(TableViewSet):
    """One row per individually reported patient and complication: onset value, unit, days
    and anchor, course and dose. Join to cases/ on patient_id."""

    table = PATIENT_COMPLICATIONS
    filterset_class = PatientComplicationFilter


class TreatmentViewSet(TableViewSet):
    """One row per drug or procedure given to an individually reported patient, with its role
    (treatment, premedication, prophylaxis, background, other). Join to cases/ on patient_id."""

    table = TREATMENTS
    filterset_class = TreatmentFilter
