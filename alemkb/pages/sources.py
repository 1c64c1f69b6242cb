"""Everything public that quotes a source document, as Quotations for the highlighted text.

Which fields are quotes, and how a row reaches its source, every quoted model declares once
(`provenance`); this page reads that declaration rather than a list of its own.
"""

from curation.anchoring import anchors_of
from curation.models.base import required_relations
from curation.registry import quoted_models

from .highlight import Quotation, highlight


def quoting_rows(model, source):
    """The public rows of `model` that quote `source`, with what their label and link need."""
    related = [
        field.name
        for field in required_relations(model)
        if not isinstance(source, field.related_model)  # a source's text is long: not again
    ]
    if getattr(model, "part_of", None):
        related.append(model.part_of)
    rows = model._default_manager.public().filter(**{model.provenance.source_lookup: source})
    return rows.select_related(*related).order_by("pk")


def quotations_of(source):
    quotations = []
    rows = [row for model in quoted_models() for row in quoting_rows(model, source)]
    # Where each quote was selected: a repeated phrase is marked where it was taken from.
    anchors = anchors_of(rows, text_of=lambda row: source.text)
    for row in rows:
        model = type(row)
        for field in model.provenance.quote_fields:
            quote = getattr(row, field)
            if quote:
                located = anchors.get((model, row.pk, field))
                quotations.append(
                    Quotation(
                        quote,
                        row.get_absolute_url(),
                        row.quotation_label(),
                        f"{model._meta.model_name}-{row.pk}-{field}",
                        located[0].start if located else None,
                    )
                )
    # One link per place: a patient's quote is often also their complication's quote.
    unique = {}
    for quotation in quotations:
        unique.setdefault((quotation.quote, quotation.url), quotation)
    return list(unique.values())


def highlighted_parts(source):
    """(article HTML, comments HTML) with every quoted passage marked."""
    quotations = quotations_of(source)
    article = highlight(source.article_text, quotations)
    return article, highlight(source.comments_text, quotations, offset=source.comments_start or 0)
