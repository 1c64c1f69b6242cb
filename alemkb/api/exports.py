"""Exports: a list endpoint answers a file format with every filtered row, not one page.

CSV is streamed row by row, so a large export never sits whole in memory; errors stay JSON.
"""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from rest_framework.renderers import BaseRenderer, JSONRenderer

from .spreadsheets import workbook

EXPORT_CHUNK_SIZE = 1000
LINES_PER_WRITE = 500  # one write per line would cost a system call per row in the server


class ExportRenderer(BaseRenderer):
    """A file format that a list endpoint serves whole, as a download."""

    charset = "utf-8"
    extension = ""

    def filename(self, view):
        return f"{download_name(view)}.{self.extension or self.format}"


# Parameters that choose how rows are delivered, not which: left out of a download's name.
NOT_FILTERS = {"format", "page", "page_size", "ordering"}
MAX_NAME_LENGTH = 150


def download_name(view):
    """What a download is, in its file name: `alemkb-cases_complication-dah_outcome-died`,
    `alemkb-citations-zhao-2025`; a name too long for a file system is cut short."""
    name = f"alemkb-{view.basename}s"
    lookup = view.kwargs.get(view.lookup_url_kwarg or view.lookup_field)
    if lookup is not None:
        name += f"-{slugify(str(lookup))}"
    for key, value in view.request.query_params.items():
        if key not in NOT_FILTERS:
            name += f"_{slugify(key)}-{slugify(value)}"
    return name[:MAX_NAME_LENGTH].rstrip("-_")


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # ExportMixin streams CSV itself; this only serves a plain mapping, as a last resort.
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0]) if rows else []
        values = ([row.get(key) for key in header] for row in rows)
        return "".join(stream_csv_values(header, values)).encode(self.charset)


class XLSXRenderer(ExportRenderer):
    """A spreadsheet whose cells are never run as formulas (alemkb/api/spreadsheets.py)."""

    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0]) if rows else []
        return workbook(header, ([row.get(key) for key in header] for row in rows))


class _Echo:
    """A file-like object whose write() hands back what it is given, for csv.writer."""

    def write(self, value):
        return value


def stream_csv_values(header, rows):
    """Yield a header line, then the rows of plain values as lines, a few hundred at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    lines = []
    for row in rows:
        # csv writes None as an empty field already; only booleans need words. Most rows hold
        # none, and asking the whole row first (in C; 1 and 0 match too, harmlessly) spares
        # them a pass cell by cell, which was a tenth of a 100,000-row export.
        if True in row or False in row:
            row = [(BOOLEAN_WORDS[v] if v.__class__ is bool else v) for v in row]
        lines.append(writer.writerow(row))
        if len(lines) == LINES_PER_WRITE:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


BOOLEAN_WORDS = {True: "true", False: "false"}


class ExportListMixin:
    """For list views: export renderers get every filtered row; CSV is streamed."""

    csv_columns = None  # {header: function(row) -> value}

    def export_rows(self, queryset):
        """(header, rows of plain values) for a queryset, for CSV and spreadsheets alike;
        views with a faster way of reading rows override it."""
        columns = self.csv_columns
        rows = queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        return list(columns), ([get(row) for get in columns.values()] for row in rows)

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if not isinstance(renderer, ExportRenderer):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        return self.export(renderer, queryset)

    def export(self, renderer, queryset):
        if isinstance(renderer, CSVRenderer | XLSXRenderer):
            return self.export_values(renderer, *self.export_rows(queryset))
        return self.download(renderer, self.get_serializer(queryset, many=True).data)

    def export_values(self, renderer, header, rows):
        """A table of plain values as CSV (streamed) or as a spreadsheet."""
        if isinstance(renderer, CSVRenderer):
            return self.csv_response(renderer, stream_csv_values(header, rows))
        body = workbook(header, rows)
        return self.as_attachment(HttpResponse(body, content_type=renderer.media_type), renderer)

    def csv_response(self, renderer, lines):
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        return self.as_attachment(response, renderer)

    def download(self, renderer, data):
        # Rendered here rather than by DRF, which drops the Content-Type of an empty body.
        content_type = f"{renderer.media_type}; charset={renderer.charset}"
        return self.as_attachment(
            HttpResponse(renderer.render(data), content_type=content_type), renderer
        )

    def as_attachment(self, response, renderer):
        response["Content-Disposition"] = f'attachment; filename="{renderer.filename(self)}"'
        return response

    def perform_content_negotiation(self, request, force=False):
        # Only reads are exported; OPTIONS and refused writes answer in JSON.
        if request.method not in ("GET", "HEAD"):
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        # An error is explained in JSON, whatever file format was asked for.
        if isinstance(getattr(self.request, "accepted_renderer", None), ExportRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class ExportMixin(ExportListMixin):
    """For list and detail views: a detail exports its one object too."""

    def retrieve(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if not isinstance(renderer, ExportRenderer):
            return super().retrieve(request, *args, **kwargs)
        if isinstance(renderer, CSVRenderer | XLSXRenderer):
            obj = self.get_object()
            return self.export(renderer, self.get_queryset().filter(pk=obj.pk))
        return self.download(renderer, self.get_serializer(self.get_object()).data)
