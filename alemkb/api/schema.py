"""The OpenAPI schema documents the errors every read can answer, not only its successes."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .exports import ExportRenderer


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong, in a sentence.")
    errors = serializers.DictField(
        required=False, help_text="For invalid input: the messages for each parameter."
    )


ERRORS = {
    "400": "Invalid input: a filter, ordering or page size that makes no sense.",
    "404": "No such object, or a page past the end.",
    "429": "Too many requests from this client; try again after Retry-After seconds.",
}


class DocumentedErrorsSchema(AutoSchema):
    """Adds the error responses, and describes downloads as files rather than as JSON pages."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        success = responses.get("200", {}).get("content", {})
        for renderer in self.view.renderer_classes:
            if issubclass(renderer, ExportRenderer) and renderer.media_type in success:
                success[renderer.media_type] = {"schema": renderer.schema}
        if self.method == "GET":
            for code, description in ERRORS.items():
                responses.setdefault(
                    code,
                    self._get_response_for_code(
                        OpenApiResponse(ErrorSerializer, description=description),
                        code,
                        media_types=["application/json"],
                    ),
                )
        return responses


class ConstrainedFilterExtension(DjangoFilterExtension):
    """Filters in the schema carry their limits: length, range, choices, as the forms enforce.

    Without them a client (or schemathesis) cannot tell a valid value from one answered 400.
    """

    target_class = "alemkb.api.filtering.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter["schema"]
            if "max_length" in extra:
                schema["maxLength"] = extra["max_length"]
            if "min_value" in extra:
                schema["minimum"] = extra["min_value"]
            if "max_value" in extra:
                schema["maximum"] = extra["max_value"]
            if "choices" in extra and not callable(extra["choices"]):
                schema.clear()
                schema.update(type="string", enum=[value for value, _ in extra["choices"]])
            elif schema.get("type") == "string":
                # Django's forms refuse a NUL character in text; the schema says so.
                schema.setdefault("pattern", "^[^\\u0000]*$")
        return parameters
