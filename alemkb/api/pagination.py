from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Pages of 50 by default; `page_size` up to 200 and never beyond."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = "Rows per page: 1 to 200 (default 50); larger values are capped."

    # Deep OFFSETs cost a scan of everything before them; the CSV export serves every row.
    max_rows = 10_000

    def paginate_queryset(self, queryset, request, view=None):
        size = self.get_page_size(request)
        try:
            number = int(request.query_params.get(self.page_query_param, 1))
        except ValueError:
            number = 1
        if number * size > self.max_rows:
            raise NotFound(
                f"Pages beyond the first {self.max_rows:,} rows are not served: narrow the "
                "filters, or download every row with ?format=csv."
            )
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
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
        if size < 1:
            message = f"Enter a whole number from 1 to {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]})
        return min(size, self.max_page_size)
