"""Exports: a list endpoint answers a file format with every filtered row, not one page.

CSV is streamed row by row, so a large export never sits whole in memory; errors stay JSON.
"""

import csv

from django.http import HttpResponse, StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer

EXPORT_CHUNK_SIZE = 1000
LINES_PER_WRITE = 500  # one write per line would cost a system call per row in the server


class ExportRenderer(BaseRenderer):
    """A file format that a list endpoint serves whole, as a download."""

    charset = "utf-8"
    extension = ""

    def filename(self, view):
        return f"alemkb-{view.basename}.{self.extension or self.format}"


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # ExportMixin streams CSV itself; this only serves a plain mapping, as a last resort.
        rows = data if isinstance(data, list) else [data]
        columns = {key: (lambda row, key=key: row.get(key)) for key in (rows[0] if rows else {})}
        return "".join(stream_csv(columns, rows)).encode(self.charset)


class _Echo:
    """A file-like object whose write() hands back what it is given, for csv.writer."""

    def write(self, value):
        return value


def stream_csv(columns, rows):
    """Yield a header line, then one line per row; `columns` maps headers to row functions."""
    yield from stream_csv_values(
        list(columns), ([get(row) for get in columns.values()] for row in rows)
    )


def stream_csv_values(header, rows):
    """Yield a header line, then the rows of plain values as lines, a few hundred at a time."""
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    lines = []
    for row in rows:
        lines.append(writer.writerow([_cell(value) for value in row]))
        if len(lines) == LINES_PER_WRITE:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class ExportListMixin:
    """For list views: export renderers get every filtered row; CSV is streamed."""

    csv_columns = None  # {header: function(row) -> value}

    def csv_lines(self, queryset):
        """The CSV lines for a queryset; views with a faster way of reading rows override it."""
        return stream_csv(self.csv_columns, queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE))

    def list(self, request, *args, **kwargs):
        renderer = request.accepted_renderer
        if not isinstance(renderer, ExportRenderer):
            return super().list(request, *args, **kwargs)
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(renderer, CSVRenderer):
            return self.csv_response(renderer, self.csv_lines(queryset))
        return self.download(renderer, self.get_serializer(queryset, many=True).data)

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
        if isinstance(renderer, CSVRenderer):
            obj = self.get_object()
            return self.csv_response(
                renderer, self.csv_lines(self.get_queryset().filter(pk=obj.pk))
            )
        return self.download(renderer, self.get_serializer(self.get_object()).data)
