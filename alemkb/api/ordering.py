from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from complications.models.base import ordering_terms


class NamedOrderingFilter(OrderingFilter):
    """`?ordering=age,-year`: public names mapped to lookups, unknown names refused, nulls last.

    A view's `ordering_fields` maps each public name to a lookup or annotation, e.g.
    {"year": "report__citation__year"}. DRF's own filter ignores unknown names silently and
    sorts unknown values first in one direction; a researcher deserves neither.
    """

    ordering_description = "Comma-separated names to sort by; a leading - sorts descending."

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param, "")
        try:
            return ordering_terms(raw, getattr(view, "ordering_fields", None) or {})
        except ValueError as error:
            raise ValidationError({self.ordering_param: [str(error)]}) from error

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        # The primary key last keeps pages stable when sort values tie.
        return queryset.order_by(*ordering, "pk") if ordering else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "ordering_fields", None):
            return []
        parameters = super().get_schema_operation_parameters(view)
        names = ", ".join(f"`{name}`" for name in view.ordering_fields)
        # A comma-separated list of the names, each perhaps with a leading "-".
        choice = "-?(" + "|".join(view.ordering_fields) + ")"
        for parameter in parameters:
            parameter["description"] = f"{self.ordering_description} One or more of: {names}."
            parameter["schema"]["pattern"] = f"^{choice}(,{choice})*$"
        return parameters
