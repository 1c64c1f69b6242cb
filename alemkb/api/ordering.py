from django.db.models import F
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class NamedOrderingFilter(OrderingFilter):
    """`?ordering=age,-year`: public names mapped to lookups, unknown names refused, nulls last.

    A view's `ordering_fields` maps each public name to a lookup or annotation, e.g.
    {"year": "report__citation__year"}. DRF's own filter ignores unknown names silently and
    sorts unknown values first in one direction; a researcher deserves neither.
    """

    ordering_description = "Comma-separated names to sort by; a leading - sorts descending."

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param, "").strip()
        if not raw:
            return None
        fields = getattr(view, "ordering_fields", None) or {}
        ordering = []
        for term in (t.strip() for t in raw.split(",") if t.strip()):
            name = term.removeprefix("-")
            if name not in fields:
                choices = ", ".join(fields) or "nothing: this list has a fixed order"
                message = f"Unknown ordering “{name}”; use {choices}."
                raise ValidationError({self.ordering_param: [message]})
            expression = F(fields[name])
            descending = term.startswith("-")
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return ordering

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        # The primary key last keeps pages stable when sort values tie.
        return queryset.order_by(*ordering, "pk") if ordering else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "ordering_fields", None):
            return []
        parameters = super().get_schema_operation_parameters(view)
        names = ", ".join(f"`{name}`" for name in view.ordering_fields)
        # A comma-separated list of the names, each perhaps with a leading "-"; empty is default.
        choice = "-?(" + "|".join(view.ordering_fields) + ")"
        for parameter in parameters:
            parameter["description"] = f"{self.ordering_description} One or more of: {names}."
            parameter["schema"]["pattern"] = f"^({choice}(,{choice})*)?$"
        return parameters
