"""The OpenAPI schema documents the errors every read can answer, not only its successes."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from cases.counting import COUNTABLE
from complications.filters import WholeNumberFilter

from .exports import ExportRenderer


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong, in a sentence.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="The messages for each parameter at fault; empty when no parameter is.",
    )


ERRORS = {
    "400": "Invalid input: a filter, ordering or page size that makes no sense.",
    "404": "No such object, or a page past the end.",
    "414": "The URL is longer than the site reads (MAX_URL_LENGTH, 4,096 characters).",
    "429": "Too many requests from this client; try again after Retry-After seconds.",
    "503": "The database is unavailable for a moment; try again after Retry-After seconds.",
}


class DocumentedErrorsSchema(AutoSchema):
    """Adds the error responses, and describes downloads as files rather than as JSON pages.

    The `format` query parameter is left out of the schema: a client generated from it
    offered `format_=csv` and then parsed the CSV as JSON. Downloads are chosen by media type
    (`Accept: text/csv`), which the responses list; `?format=csv` still works for a browser.
    """

    def _get_format_parameters(self):
        return []

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        success = responses.get("200", {}).get("content", {})
        for renderer in self.view.renderer_classes:
            if issubclass(renderer, ExportRenderer) and renderer.media_type in success:
                # A file, with no JSON schema: generated clients hand it over as bytes
                # instead of parsing it as JSON.
                success[renderer.media_type] = {}
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
            if isinstance(filter_field, WholeNumberFilter):
                schema["type"] = "integer"
                schema.pop("format", None)
            if "max_length" in extra:
                schema["maxLength"] = extra["max_length"]
            if "min_value" in extra:
                schema["minimum"] = extra["min_value"]
            if "max_value" in extra:
                schema["maximum"] = extra["max_value"]
            if "choices" in extra and not callable(extra["choices"]):
                schema.clear()
                # "" is the HTML form's "any"; the API refuses an empty value.
                schema.update(type="string", enum=[value for value, _ in extra["choices"] if value])
            elif schema.get("type") == "string":
                # Django's forms refuse a NUL character in text; the API an empty value.
                schema.setdefault("pattern", "^[^\\u0000]*$")
                schema["minLength"] = 1
        return parameters


def case_counts_schema():
    return {
        "type": "object",
        "description": "What cases/?count=FIELD answers: how many of the filtered patients "
        "have each value of FIELD.",
        "properties": {
            "count_by": {"type": "string", "enum": COUNTABLE},
            "patients": {"type": "integer", "description": "Patients in the filtered set."},
            "small_sample": {
                "type": "boolean",
                "description": "Fewer than 10 patients: the counts support no comparison.",
            },
            "note": {"type": "string", "description": "How to read the counts."},
            "results": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "value": {
                            "type": ["string", "null"],
                            "description": "The value, as text; null: not reported.",
                        },
                        "count": {"type": "integer"},
                    },
                    "required": ["value", "count"],
                },
            },
        },
        "required": ["count_by", "patients", "small_sample", "note", "results"],
    }


def any_of_blank(schema):
    """drf-spectacular writes a URL that may be blank as oneOf [blank, URL]; a validator that
    does not check URL formats finds "" valid under both, which oneOf forbids. anyOf says it."""
    if isinstance(schema, dict):
        alternatives = schema.get("oneOf")
        if alternatives and any(a.get("maxLength") == 0 for a in alternatives):
            schema["anyOf"] = schema.pop("oneOf")
        for value in schema.values():
            any_of_blank(value)
    elif isinstance(schema, list):
        for value in schema:
            any_of_blank(value)


def describe_counts(result, generator, request, public):
    """cases/ answers either a page of patients or, with `count`, the counts (one or other)."""
    result["components"]["schemas"]["CaseCounts"] = case_counts_schema()
    content = result["paths"]["/api/v1/cases/"]["get"]["responses"]["200"]["content"]
    page = content["application/json"]["schema"]
    content["application/json"]["schema"] = {
        "oneOf": [page, {"$ref": "#/components/schemas/CaseCounts"}]
    }
    any_of_blank(result)
    return result
