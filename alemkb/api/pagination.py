from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.utils.urls import replace_query_param

from alemkb.precomputed import count_of


class KeptCountPaginator(Paginator):
    """Counts the rows once per content version (alemkb/precomputed.py)."""

    @cached_property
    def count(self):
        return count_of(self.object_list)


class StandardPagination(PageNumberPagination):
    """Pages of 50 by default; `page_size` from 1 to 200, anything else a 400."""

    django_paginator_class = KeptCountPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = "Rows per page: 1 to 200 (default 50)."

    # Deep OFFSETs cost a scan of everything before them; the CSV export serves every row.
    max_rows = 10_000

    def paginate_queryset(self, queryset, request, view=None):
        size = self.get_page_size(request)
        number = self.get_page_number(request)
        if number * size > self.max_rows:
            if (number - 1) * size >= count_of(queryset):
                self.not_found(f"Page {number} is past the last page of these results.")
            self.not_found(
                f"Pages beyond the first {self.max_rows:,} rows are not served: narrow the "
                "filters, or download every row with ?format=csv."
            )
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            self.not_found(f"Page {number} is past the last page of these results.")

    def get_page_number(self, request, paginator=None):
        # DRF answers page=abc with a 404 and no word about the parameter.
        raw = request.query_params.get(self.page_query_param, "1")
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            message = "Enter a whole number from 1."
            raise ValidationError({self.page_query_param: [message]})
        return number

    def not_found(self, message):
        raise NotFound({"detail": message, "errors": {self.page_query_param: [message]}})

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        links = self.link_header()
        if links:
            response["Link"] = links
        return response

    def link_header(self):
        """RFC 8288 links to the first, previous, next and last pages, as GitHub sends them."""
        url = self.request.build_absolute_uri()
        last = self.page.paginator.num_pages
        links = [("first", replace_query_param(url, self.page_query_param, 1))]
        if self.page.has_previous():
            links.append(("prev", self.get_previous_link()))
        if self.page.has_next():
            links.append(("next", self.get_next_link()))
        links.append(("last", replace_query_param(url, self.page_query_param, last)))
        return ", ".join(f'<{link}>; rel="{rel}"' for rel, link in links)

    def get_paginated_response_schema(self, schema):
        # OpenAPI 3.1: "a string or null", which DRF writes the 3.0 way (`nullable`).
        link = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "example": 123},
                "next": {**link, "example": "https://example.org/api/v1/cases/?page=4"},
                "previous": {**link, "example": "https://example.org/api/v1/cases/?page=2"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters

    def get_page_size(self, request):
        # DRF silently ignores a malformed page_size; a researcher should hear about it.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            message = f"Enter a whole number from 1 to {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return size
