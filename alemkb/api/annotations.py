"""Every public verbatim quote as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/).

Each quoted model declares its quotes (`Model.provenance`, curation/quotes.py). One annotation
stands for one non-empty quote field of one public row: its target is the passage in the source
document's page (a TextQuoteSelector and a TextPositionSelector, curation/anchoring.py), its
bodies what the row says about that passage (the statement, the patient, the count, as text),
what kind of evidence it is, and the page that shows the row.

The annotations run over the quoted models in the order of their labels ("cases.patient" …
"complications.statement"), then by id, then in the order the model declares its quote fields.
A page is found without reading every row: the public quotes of each model are counted (one
query for all models), then each model the page covers gives its part of the page.
"""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, Q, Value, prefetch_related_objects
from django.urls import reverse

from alemkb.precomputed import per_content_version
from curation.anchoring import anchors_of
from curation.models import Curated
from curation.registry import quoted_models

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# JSON-LD drops every key its context does not map, and with it everything under that key: a
# page's `results` would take the annotations with it. These map the page's keys onto the
# ActivityStreams terms the W3C model uses for an AnnotationPage (`next` is mapped already).
PAGE_TERMS = {
    "count": {"@id": "as:totalItems", "@type": "xsd:nonNegativeInteger"},
    "previous": {"@id": "as:prev", "@type": "@id"},
    "results": {"@id": "as:items", "@container": "@list"},
}
PAGE_CONTEXT = [ANNOTATION_CONTEXT, PAGE_TERMS]
# The JSON-LD media type with the W3C annotation profile (Web Annotation Protocol, 4.1).
MEDIA_TYPE = f'application/ld+json; profile="{ANNOTATION_CONTEXT}"'

# The curated row states what the quoted passage says: it describes its target. ("tagging"
# would make the body a mere keyword, "identifying" a name for the target; the evidence kind
# is said by a body of its own, whose purpose is "classifying".)
MOTIVATION = "describing"


def attribute(row, path):
    """The object at a dotted path from `row` ("patient.report.citation"), or None."""
    for name in path.split("."):
        row = getattr(row, name, None)
        if row is None:
            return None
    return row


def patient_heading(patient):
    return patient.heading


def patient_text(row, field):
    heading = patient_heading(row)
    if field == "outcome_quote":
        detail = f" {row.outcome_detail}" if row.outcome_detail else ""
        return f"{heading}. Outcome: {row.get_outcome_display().lower()}.{detail}"
    if field == "retreatment_quote":
        retreated = {True: "yes", False: "no"}.get(row.retreated, "not reported")
        detail = f" {row.retreatment_detail}" if row.retreatment_detail else ""
        return f"{heading}. Retreated with alemtuzumab: {retreated}.{detail}"
    return heading


def complication_text(row, field):
    onset = f", onset {row.onset_text}" if row.onset_text else ""
    return f"{patient_heading(row.patient)}: {row.complication}{onset}"


def prior_therapy_text(row, field):
    detail = f" ({row.detail})" if row.detail else ""
    return f"{patient_heading(row.patient)}: {row.intervention}{detail} before alemtuzumab"


def treatment_text(row, field):
    detail = f" ({row.detail})" if row.detail else ""
    given_for = f" ({row.complication})" if row.complication_id else ""
    role = row.get_role_display().lower()
    return f"{patient_heading(row.patient)}: {row.intervention}{detail}, {role}{given_for}"


def timeline_text(row, field):
    when = f"{row.when}: " if row.when else ""
    return f"{patient_heading(row.patient)}: {when}{row.description}"


def count_text(row, field):
    return f"{row} ({row.report.citation.short_label})"


def mention_text(row, field):
    citation = row.citation
    if not citation.authors.all():
        return f"Refers to {citation}"
    return f"Refers to {citation.short_label}: {citation.title}"


@dataclass(frozen=True)
class Described:
    """How the rows of one quoted model are told as an annotation's bodies."""

    # Read with each row besides its source document, for its text and its links.
    related: tuple = ()
    # A citation the text names by its authors ("Zhao et al. 2025"): its authors are read.
    citation: str | None = None
    text: Any = None  # (row, field) -> the statement or fact, as text
    evidence: Any = None  # row -> the kind of evidence, in words


def report_kind(path):
    return lambda row: attribute(row, path).get_kind_display()


def evidence_kind(row):
    return row.get_evidence_kind_display()


PATIENT = ("patient__report__citation",)
DESCRIBED = {
    "complications.statement": Described(
        ("complication",), text=lambda row, field: row.text, evidence=evidence_kind
    ),
    "complications.coursestatement": Described(
        text=lambda row, field: row.text, evidence=evidence_kind
    ),
    "complications.citationmention": Described(
        ("citation",),
        citation="citation",
        text=mention_text,
        evidence=lambda row: row.citation.get_kind_display(),
    ),
    "cases.report": Described(
        text=lambda row, field: row.summary, evidence=lambda row: row.get_kind_display()
    ),
    "cases.reportcount": Described(
        ("report__citation",),
        citation="report.citation",
        text=count_text,
        evidence=report_kind("report"),
    ),
    "cases.patient": Described(
        ("report__citation",),
        citation="report.citation",
        text=patient_text,
        evidence=report_kind("report"),
    ),
    "cases.patientcomplication": Described(
        (*PATIENT, "complication"),
        citation="patient.report.citation",
        text=complication_text,
        evidence=report_kind("patient.report"),
    ),
    "cases.priortherapy": Described(
        (*PATIENT, "intervention"),
        citation="patient.report.citation",
        text=prior_therapy_text,
        evidence=report_kind("patient.report"),
    ),
    "cases.treatment": Described(
        (*PATIENT, "intervention", "complication"),
        citation="patient.report.citation",
        text=treatment_text,
        evidence=report_kind("patient.report"),
    ),
    "cases.timelineevent": Described(
        PATIENT,
        citation="patient.report.citation",
        text=timeline_text,
        evidence=report_kind("patient.report"),
    ),
}
# A quoted model added later is still annotated: its rows told by str(), with no evidence kind.
PLAIN = Described(text=lambda row, field: str(row))


def label_of(model):
    return model._meta.label_lower


def described(model):
    return DESCRIBED.get(label_of(model), PLAIN)


@cache
def annotated_models():
    """The quoted models, in the order annotations run over them: by label."""
    return tuple(sorted(quoted_models(), key=label_of))


def model_named(label):
    return next((model for model in annotated_models() if label_of(model) == label), None)


def has_quote(field):
    return Q(**{f"{field}__isnull": False}) & ~Q(**{field: ""})


def rows_of(model):
    """The model's public rows, each read with its source document (its text apart: see
    with_source_texts) and whatever its bodies name, in one query."""
    source = model.provenance.source_lookup
    return (
        model.objects.public()
        .select_related(source, *described(model).related)
        .defer(f"{source}__text")
        .order_by("pk")
    )


def count_quotes():
    """{model label: how many annotations it gives}, for every quoted model, in one query."""
    counts = []
    for index, model in enumerate(annotated_models()):
        quotes = [Count("pk", filter=has_quote(field)) for field in model.provenance.quote_fields]
        counts.append(
            model.objects.public()
            .order_by()
            .annotate(model_index=Value(index, output_field=IntegerField()))
            .values("model_index")
            .annotate(quotes=sum(quotes[1:], quotes[0]))
            .values_list("model_index", "quotes")
        )
    combined = counts[0].union(*counts[1:], all=True) if len(counts) > 1 else counts[0]
    found = dict(combined)
    return {label_of(model): found.get(i) or 0 for i, model in enumerate(annotated_models())}


def quotes_between(model, start, stop):
    """[(row, field)] of the model's annotations `start` to `stop` (by id, then field)."""
    fields = model.provenance.quote_fields
    rows = rows_of(model)
    if len(fields) == 1:
        return [(row, fields[0]) for row in rows.filter(has_quote(fields[0]))[start:stop]]
    # Several quotes a row: the (id, field) pairs of the slice first, then their rows.
    public = model.objects.public().order_by()
    pairs = [
        public.filter(has_quote(field))
        .annotate(field_index=Value(index, output_field=IntegerField()))
        .values_list("pk", "field_index")
        for index, field in enumerate(fields)
    ]
    pairs = pairs[0].union(*pairs[1:], all=True).order_by("pk", "field_index")[start:stop]
    pairs = list(pairs)
    found = rows.in_bulk([pk for pk, _ in pairs])
    return [(found[pk], fields[index]) for pk, index in pairs if pk in found]


class PublicQuotes:
    """Every public quote, in order, as a paginator reads it: a count, and slices of
    (row, field) pairs read from the models the slice covers (at most one query each, two
    for a model with several quote fields)."""

    def __init__(self):
        self._counts = None

    def counts(self):
        if self._counts is None:
            self._counts = per_content_version("annotation-counts", "all", count_quotes)
        return self._counts

    def count(self):
        return sum(self.counts().values())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("PublicQuotes reads slices only")
        start, stop, _ = index.indices(self.count())
        found = []
        offset = 0
        for model in annotated_models():
            size = self.counts()[label_of(model)]
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                found += quotes_between(model, low, high)
            offset += size
            if offset >= stop:
                break
        return found


def quote_of(label, pk, field):
    """(row, field) for one public quote, or None."""
    model = model_named(label)
    if model is None or field not in model.provenance.quote_fields:
        return None
    try:
        pk = int(pk)
    except ValueError:
        return None
    row = rows_of(model).filter(has_quote(field), pk=pk).first()
    return None if row is None else (row, field)


def with_source_texts(rows):
    """Give each row's source document its text, deferred in rows_of(): one query for every
    document the rows quote, rather than each document's text once per row."""
    sources = {}
    for row in rows:
        source = type(row).provenance.source_of(row)
        if source is not None and "text" in source.get_deferred_fields():
            sources.setdefault((type(source), source.pk), []).append(source)
    by_model = {}
    for model, pk in sources:
        by_model.setdefault(model, []).append(pk)
    for model, pks in by_model.items():
        texts = model._default_manager.filter(pk__in=pks).order_by().values_list("pk", "text")
        for pk, text in texts:
            for source in sources[(model, pk)]:
                source.text = text


def with_authors(rows):
    """Read, in one query, the authors of every citation the rows' texts name."""
    citations = []
    for row in rows:
        path = described(type(row)).citation
        citation = attribute(row, path) if path else None
        if citation is not None:
            citations.append(citation)
    # Authors are parts of their citation, public when it is; these citations are public.
    prefetch_related_objects(citations, "authors")


def selectors(quote, found):
    """The W3C selectors of a quote: both where it anchors; where its passage can no longer be
    told apart (or is not found), only the quote itself, which a reader can look for."""
    if found is not None:
        anchor, anchors = found
        if anchors:
            return anchor.selectors()
    return [{"type": "TextQuoteSelector", "exact": quote}]


def timestamp(value):
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class Annotator:
    """Writes (row, field) pairs as annotations, with absolute URLs for `request`."""

    def __init__(self, request):
        self.request = request
        self.base = request.build_absolute_uri(reverse("api:annotation-list"))
        self.urls = {}

    def absolute(self, path):
        if path not in self.urls:
            self.urls[path] = self.request.build_absolute_uri(path)
        return self.urls[path]

    def annotations(self, quotes):
        rows = list({(type(row), row.pk): row for row, _ in quotes}.values())
        ContentType.objects.get_for_models(*{type(row) for row in rows})  # one query, if any
        with_source_texts(rows)
        with_authors(rows)
        anchors = anchors_of(rows)
        return [
            self.annotation(row, field, anchors.get((type(row), row.pk, field)))
            for row, field in quotes
        ]

    def annotation(self, row, field, found):
        model = type(row)
        how = described(model)
        owner = row if isinstance(row, Curated) else row.parent
        quote = getattr(row, field)
        source = model.provenance.source_of(row)
        body = [
            {
                "type": "TextualBody",
                "value": how.text(row, field),
                "format": "text/plain",
                "purpose": "describing",
            }
        ]
        if how.evidence is not None:
            body.append(
                {
                    "type": "TextualBody",
                    "value": how.evidence(row),
                    "format": "text/plain",
                    "purpose": "classifying",
                }
            )
        body.append(
            {
                "type": "SpecificResource",
                "source": self.absolute(row.get_absolute_url()),
                "purpose": "linking",
            }
        )
        return {
            "@context": ANNOTATION_CONTEXT,
            "id": f"{self.base}{label_of(model)}/{row.pk}/{field}/",
            "type": "Annotation",
            "motivation": MOTIVATION,
            "created": timestamp(owner.created_at),
            "modified": timestamp(owner.updated_at),
            "body": body,
            "target": {
                "type": "SpecificResource",
                "source": self.absolute(source.get_absolute_url()),
                "selector": selectors(quote, found),
            },
        }
