"""django-filter for the API: a reference to something that does not exist is a 404.

A malformed value (a word for a number, a choice not on the list) is the client's mistake in
form and answers 400. A well-formed slug or id that names nothing (`complication=no-such`) is a
lookup that found nothing, and answers 404 with the same JSON shape, as a detail URL would.
"""

from django_filters import ModelChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import NotFound


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.form.errors.as_data()
            if all(self.names_nothing(filterset, name, found) for name, found in errors.items()):
                messages = {name: [f"No {name} “{request.query_params[name]}”."] for name in errors}
                detail = " ".join(message for [message] in messages.values())
                raise NotFound({"detail": detail, "errors": messages})
            raise translate_validation(filterset.errors)
        return filterset.qs

    @staticmethod
    def names_nothing(filterset, name, errors):
        is_reference = isinstance(filterset.filters.get(name), ModelChoiceFilter)
        return is_reference and all(error.code == "invalid_choice" for error in errors)
