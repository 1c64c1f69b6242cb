"""annotations/: every public verbatim quote as a W3C Web Annotation, in JSON-LD.

JSON by default (`application/json`, as every list of the API); `Accept: application/ld+json`
or `?format=jsonld` answers the same document as `application/ld+json;
profile="http://www.w3.org/ns/anno.jsonld"`. Each annotation's `id` is its own address here.
"""

import sys

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from alemkb.api.annotations import (
    MEDIA_TYPE,
    PAGE_CONTEXT,
    Annotator,
    PublicQuotes,
    annotated_models,
    label_of,
    quote_of,
)
from alemkb.api.conditional import ConditionalMixin
from alemkb.api.pagination import StandardPagination
from alemkb.api.parameters import StrictParametersMixin
from alemkb.api.schema import DocumentedErrorsSchema
from alemkb.api.serializers.annotations import AnnotationSerializer
from curation.models import QuoteAnchor


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class AnnotationSchema(DocumentedErrorsSchema):
    """JSON-LD is listed as a media type of its own with no schema of its own: it is the
    application/json document, byte for byte, which the schema describes; JSON Schema
    validators and generated clients read only application/json as JSON."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        success = responses.get("200", {}).get("content", {})
        if JSONLDRenderer.media_type in success:
            success[JSONLDRenderer.media_type] = {}
        return responses


class AnnotationPagination(StandardPagination):
    """The API's pages, as a JSON-LD AnnotationPage: the same keys, with a context that maps
    them (annotations.PAGE_TERMS), the page's address and its type.

    Every page is served, however deep: there is no download of all annotations to send a
    harvester to instead, and a page reads only the models it covers, by id.
    """

    max_rows = sys.maxsize

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {
            "@context": PAGE_CONTEXT,
            "id": self.request.build_absolute_uri(),
            "type": "AnnotationPage",
            **response.data,
        }
        return response

    def get_paginated_response_schema(self, schema):
        page = super().get_paginated_response_schema(schema)
        page["properties"] = {
            "@context": {
                "type": "array",
                "items": {"type": ["string", "object"]},
                "description": "The W3C annotation context, and the terms that map this page's "
                "keys (count, previous, results) onto ActivityStreams.",
            },
            "id": {"type": "string", "format": "uri", "description": "This page's address."},
            "type": {"type": "string", "const": "AnnotationPage"},
            **page["properties"],
        }
        page["required"] = ["@context", "id", "type", *page["required"]]
        return page


class AnnotationMixin(StrictParametersMixin, ConditionalMixin):
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, JSONLDRenderer]
    schema = AnnotationSchema()
    serializer_class = AnnotationSerializer
    filter_backends = []

    def get_queryset(self):
        # The browsable API asks for one; the annotations are read from every quoted model.
        return QuoteAnchor.objects.none()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(getattr(request, "accepted_renderer", None), JSONLDRenderer):
            response.content_type = MEDIA_TYPE
        return response

    def handle_exception(self, exc):
        # An error is explained in plain JSON, as everywhere in the API: it is no annotation.
        if isinstance(getattr(self.request, "accepted_renderer", None), JSONLDRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)


class AnnotationViewSet(AnnotationMixin, viewsets.GenericViewSet):
    """Every verbatim quote of every public row (statements, course statements, reports and
    their counts, patients and their complications, prior therapies, treatments and timeline,
    and where sources name publications) as a W3C Web Annotation: its target the passage in the
    source document's page (TextQuoteSelector and TextPositionSelector), its bodies what the
    row states, its kind of evidence and the page that shows it. By model, then id."""

    pagination_class = AnnotationPagination

    def list(self, request, *args, **kwargs):
        quotes = self.paginate_queryset(PublicQuotes())
        return self.get_paginated_response(Annotator(request).annotations(quotes))


MODEL_LABELS = [label_of(model) for model in annotated_models()]
QUOTE_FIELDS = sorted(
    {field for model in annotated_models() for field in model.provenance.quote_fields}
)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "model", str, OpenApiParameter.PATH, enum=MODEL_LABELS, description="Its model."
        ),
        OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Its row."),
        OpenApiParameter(
            "field",
            str,
            OpenApiParameter.PATH,
            enum=QUOTE_FIELDS,
            description="Its quote field.",
        ),
    ]
)
class AnnotationView(AnnotationMixin, GenericAPIView):
    """One annotation, at the address that is its `id`: one quote of one public row."""

    pagination_class = None

    def get(self, request, model, id, field):
        quote = quote_of(model, id, field)
        if quote is None:
            message = "No public quote has this address."
            raise NotFound({"detail": message, "errors": {}})
        return Response(Annotator(request).annotations([quote])[0])
