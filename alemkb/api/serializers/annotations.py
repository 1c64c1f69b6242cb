"""The W3C Web Annotation shape of annotations/ (alemkb/api/annotations.py writes them), for
the OpenAPI schema: a JSON-LD object whose keys and constant values the W3C model fixes."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from alemkb.api.annotations import ANNOTATION_CONTEXT, MOTIVATION


class Constant(serializers.Field):
    """A key whose value the W3C model fixes ("type": "Annotation")."""

    def __init__(self, value, **kwargs):
        self.value = value
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.value


class ConstantExtension(OpenApiSerializerFieldExtension):
    target_class = Constant

    def map_serializer_field(self, auto_schema, direction):
        schema = {"type": "string", "const": self.target.value}
        if self.target.help_text:
            schema["description"] = str(self.target.help_text)
        return schema


class TextQuoteSelectorSerializer(serializers.Serializer):
    type = Constant("TextQuoteSelector")
    exact = serializers.CharField(help_text="The quote, verbatim.")
    prefix = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The text just before it in the source (up to 32 characters); absent where "
        "the quote no longer anchors in its source's text.",
    )
    suffix = serializers.CharField(
        required=False, allow_blank=True, help_text="The text just after it, likewise."
    )


class TextPositionSelectorSerializer(serializers.Serializer):
    type = Constant("TextPositionSelector")
    start = serializers.IntegerField(
        min_value=0, help_text="Offset of the quote's first character in the source's text."
    )
    end = serializers.IntegerField(min_value=0, help_text="Offset just after its last character.")


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="AnnotationSelector",
        serializers=[TextQuoteSelectorSerializer, TextPositionSelectorSerializer],
        resource_type_field_name=None,
    )
)
class SelectorField(serializers.DictField):
    pass


class AnnotationTargetSerializer(serializers.Serializer):
    type = Constant("SpecificResource")
    source = serializers.URLField(help_text="The source document's page, whose text it quotes.")
    selector = serializers.ListField(
        child=SelectorField(),
        min_length=1,
        help_text="Where the quote stands in the source's text: a TextQuoteSelector and a "
        "TextPositionSelector (offsets in characters of the text); only the "
        "TextQuoteSelector's `exact` where the passage can no longer be told apart.",
    )


class TextualBodySerializer(serializers.Serializer):
    type = Constant("TextualBody")
    value = serializers.CharField(
        help_text="describing: what the row states (a statement's text, a patient, a count, "
        "a treatment…); classifying: its kind of evidence (a statement's evidence kind, the "
        "kind of report for reported patients, the kind of publication for a reference)."
    )
    format = Constant("text/plain")
    purpose = serializers.ChoiceField(choices=["describing", "classifying"])


class LinkingBodySerializer(serializers.Serializer):
    type = Constant("SpecificResource")
    source = serializers.URLField(help_text="The page that shows the row.")
    purpose = Constant("linking")


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="AnnotationBody",
        serializers=[TextualBodySerializer, LinkingBodySerializer],
        resource_type_field_name=None,
    )
)
class BodyField(serializers.DictField):
    pass


AnnotationSerializer = type(
    "AnnotationSerializer",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "One quote of one public row, as a W3C Web Annotation (JSON-LD).",
        # Not a Python name: "@context" is set here rather than as a class attribute.
        "@context": Constant(ANNOTATION_CONTEXT, help_text="The W3C annotation vocabulary."),
        "id": serializers.URLField(
            help_text="This annotation's address: the model, the row's id and the quote field."
        ),
        "type": Constant("Annotation"),
        "motivation": Constant(MOTIVATION),
        "created": serializers.DateTimeField(help_text="When the row was created."),
        "modified": serializers.DateTimeField(
            help_text="When the row (or the row it belongs to) last changed."
        ),
        "body": serializers.ListField(child=BodyField(), min_length=1),
        "target": AnnotationTargetSerializer(),
    },
)
