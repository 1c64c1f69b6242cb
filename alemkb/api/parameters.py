"""A query parameter the API does not know is refused, not ignored.

A misspelt filter (`outcomes=died`) used to answer 200 with every row: a researcher could not
tell a filter that matched everything from one that was never applied. Now it answers 400,
naming the parameter and listing the ones the endpoint accepts.
"""

from rest_framework.exceptions import ValidationError

ALWAYS_ACCEPTED = {"format"}


class StrictParametersMixin:
    def accepted_parameters(self):
        names = set(ALWAYS_ACCEPTED)
        if getattr(self, "action", None) != "list":
            return names
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
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return  # other methods answer 405 whatever their parameters
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
