"""A query parameter the API does not know is refused, not ignored.

A misspelt filter (`outcomes=died`) used to answer 200 with every row: a researcher could not
tell a filter that matched everything from one that was never applied. Now it answers 400,
naming the parameter and listing the ones the endpoint accepts.

An empty value (`outcome=`), a parameter given twice (Django would keep only the last) and an
unknown format are refused too: the schema forbids them, and a client that sends one means
something the API would otherwise quietly drop. (The HTML forms, which send every field, share
the FilterSets but not these rules.)
"""

from rest_framework.exceptions import ValidationError

ALWAYS_ACCEPTED = {"format"}


class StrictParametersMixin:
    extra_parameters = ()  # accepted besides the filters, pages and ordering of a list

    def accepted_parameters(self):
        names = set(ALWAYS_ACCEPTED)
        # An APIView that filters (stats/) has no action; it accepts its filters.
        if getattr(self, "action", "list") != "list":
            return names
        names |= set(self.extra_parameters)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names |= set(filterset_class.base_filters)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            names |= {paginator.page_query_param, paginator.page_size_query_param}
        if getattr(self, "ordering_fields", None):
            names.add("ordering")
        return names

    def initial(self, request, *args, **kwargs):
        # Before content negotiation, which answers an unknown format with a bare 404.
        if request.method in ("GET", "HEAD"):
            self.check_parameters(request)
        super().initial(request, *args, **kwargs)

    def check_parameters(self, request):
        accepted = self.accepted_parameters()
        unknown = sorted(set(request.query_params) - accepted)
        if unknown:
            listed = ", ".join(sorted(accepted))
            raise ValidationError(
                {
                    name: [f"Unknown parameter “{name}”; this endpoint accepts {listed}."]
                    for name in unknown
                }
            )
        empty = sorted(name for name, values in request.query_params.lists() if not all(values))
        if empty:
            raise ValidationError(
                {name: ["Give a value, or leave the parameter out."] for name in empty}
            )
        # Django keeps the last of repeated values; a filter given twice would quietly lose one.
        repeated = sorted(name for name, values in request.query_params.lists() if len(values) > 1)
        if repeated:
            raise ValidationError(
                {name: ["Give this parameter once; it takes one value."] for name in repeated}
            )
        formats = [renderer.format for renderer in self.renderer_classes]
        given = request.query_params.get("format")
        if given is not None and given not in formats:
            raise ValidationError(
                {
                    "format": [
                        f"Unknown format “{given}”; this endpoint serves {', '.join(formats)}."
                    ]
                }
            )
