"""How far each source document is curated: its quotes, where they stand, its paragraphs."""

from dataclasses import dataclass, field

from django.urls import reverse

from curation.anchoring import anchors_of
from curation.models.base import required_relations
from curation.registry import quoted_models


@dataclass
class Quoted:
    """A quote of a row (any status: staff see drafts) and where it stands in its source."""

    row: object
    field: str
    start: int
    end: int
    anchors: bool

    @property
    def reselect_url(self):
        meta = type(self.row)._meta
        return reverse("curate:reselect-quote", args=[meta.label_lower, self.row.pk, self.field])

    @property
    def label(self):
        model = type(self.row)
        return f"{model._meta.verbose_name.capitalize()}: {self.row.quotation_label()}"

    @property
    def full_label(self):
        """The row by its full name (a query or two): for the few quotes that no longer anchor."""
        return f"{type(self.row)._meta.verbose_name.capitalize()}: {self.row}"

    @property
    def field_label(self):
        return self.field.replace("_", " ")

    @property
    def dom_id(self):
        return f"q-{type(self.row)._meta.model_name}-{self.row.pk}-{self.field}"


@dataclass
class Progress:
    source: object
    quotes: list = field(default_factory=list)

    @property
    def paragraphs(self):
        """(start, end) of each paragraph of the article (blank lines part them)."""
        text = self.source.article_text
        spans, start = [], 0
        for chunk in text.split("\n\n"):
            if chunk.strip():
                spans.append((start, start + len(chunk)))
            start += len(chunk) + 2
        return spans

    @property
    def curated_paragraphs(self):
        return sum(
            1
            for start, end in self.paragraphs
            if any(q.start < end and start < q.end for q in self.quotes)
        )

    @property
    def lost(self):
        return [q for q in self.quotes if not q.anchors]


def quoted_rows(sources):
    """Every row (any status) quoting one of `sources`, with its source loaded."""
    rows = []
    ids = [source.pk for source in sources]
    for model in quoted_models():
        lookup = model.provenance.source_lookup
        queryset = model._default_manager.filter(**{f"{lookup}__in": ids})
        related = [lookup]
        related += [
            field.name  # what its label names
            for field in required_relations(model)
            if field.name != lookup
        ]
        if getattr(model, "part_of", None):
            related.append(model.part_of)
        rows += list(queryset.select_related(*related).order_by("pk"))
    return rows


def progress_of(sources):
    """{source pk: Progress} for `sources`, in a query per quoted model and one for anchors."""
    sources = list(sources)
    found = {source.pk: Progress(source) for source in sources}
    rows = quoted_rows(sources)
    anchors = anchors_of(rows)
    for row in rows:
        model = type(row)
        source = model.provenance.source_of(row)
        for quote_field in model.provenance.quote_fields:
            located = anchors.get((model, row.pk, quote_field))
            if located is None:
                continue
            anchor, anchored = located
            found[source.pk].quotes.append(
                Quoted(row, quote_field, anchor.start, anchor.end, anchored)
            )
    for progress in found.values():
        progress.quotes.sort(key=lambda q: (q.start, q.end))
    return found
