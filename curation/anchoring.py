"""Keeping each quote's anchor (models/anchors.py) true to its row and its source's text.

`contents.write`, the one function every change of content goes through, calls `keep` for the
row it wrote: a quote gets the passage the editor selected (`positions`), or keeps the one it
had, or is anchored at its first occurrence. A change to a source document's text calls
`recheck`, which finds every anchor in it again and flags those that cannot be told apart.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from .anchors import Anchor, anchor, reanchor
from .models import QuoteAnchor
from .registry import parts_of, quoted_models


def check_positions(text, positions):
    """Refuse a selected position that does not hold its quote: {quote: start}, from a form."""
    for quote, start in (positions or {}).items():
        if start is not None and text[start : start + len(quote)] != quote:
            raise ValidationError(
                f"“{quote[:60]}” does not stand at the place selected in the source (character "
                f"{start + 1}): select the passage again."
            )


def stored(anchor_row):
    return Anchor(
        anchor_row.exact, anchor_row.prefix, anchor_row.suffix, anchor_row.start, anchor_row.end
    )


def keep(obj, positions=None):
    """Anchor every quote of `obj` and of its parts in their source's text.

    `positions` ({quote: start}) are where an editor selected quotes; a quote that stands
    there is anchored there. A quote unchanged keeps its anchor; a new or changed one is
    anchored at its first occurrence. (Anchors of deleted rows go with them: GenericRelation.)
    """
    rows = [obj]
    for part_model in parts_of(type(obj)):
        rows += list(part_model._default_manager.filter(**{part_model.part_of: obj}))
    for row in rows:
        keep_row(row, positions or {})
    if is_source(type(obj)):
        recheck(obj)


@cache
def source_models():
    """The models quotes are taken from: where each quoted model's provenance path ends."""
    return {source_model_of(model) for model in quoted_models()}


def source_model_of(model):
    related = model
    for name in model.provenance.source.split("."):
        related = related._meta.get_field(name).related_model
    return related


def is_source(model):
    return model._meta.concrete_model in source_models()


def keep_row(row, positions):
    provenance = type(row).provenance
    if provenance is None:
        return
    source = provenance.source_of(row)
    content_type = ContentType.objects.get_for_model(row)
    kept = {
        a.field: a for a in QuoteAnchor.objects.filter(content_type=content_type, object_id=row.pk)
    }
    for field in provenance.quote_fields:
        quote = getattr(row, field) or ""
        old = kept.get(field)
        if old is not None and old.exact == quote and quote not in positions:
            continue  # unchanged; a change to the source's text is rechecked on its own
        found = None
        if quote and source is not None:
            if quote in positions:
                # A selection is taken from the body: reader comments are never evidence.
                body = getattr(source, "article_text", source.text)
                check_positions(body, {quote: positions[quote]})
            found = anchor(source.text, quote, positions.get(quote))
        if found is None:
            if old is not None:
                old.delete()
            continue
        values = {
            "exact": found.exact,
            "start": found.start,
            "end": found.end,
            "prefix": found.prefix,
            "suffix": found.suffix,
            "lost_at": None,
        }
        QuoteAnchor.objects.update_or_create(
            content_type=content_type, object_id=row.pk, field=field, defaults=values
        )


def rows_quoting(source):
    """Every row (any quoted model) whose quotes come from `source`."""
    for model in quoted_models():
        if source_model_of(model) is not type(source)._meta.concrete_model:
            continue
        yield from model._default_manager.filter(**{model.provenance.source_lookup: source.pk})


def recheck(source):
    """Find every quote of `source` again in its (changed) text. Returns the rows whose quotes
    no longer anchor, as (row, field) pairs; their anchors are flagged until selected again."""
    lost = []
    now = timezone.now()
    for row in rows_quoting(source):
        content_type = ContentType.objects.get_for_model(row)
        kept = {
            a.field: a
            for a in QuoteAnchor.objects.filter(content_type=content_type, object_id=row.pk)
        }
        for field in type(row).provenance.quote_fields:
            quote = getattr(row, field) or ""
            old = kept.get(field)
            if not quote:
                continue
            if old is None or old.exact != quote:
                keep_row(row, {})
                continue
            found, sure = reanchor(source.text, stored(old))
            if found is not None and sure:
                QuoteAnchor.objects.filter(pk=old.pk).update(
                    start=found.start,
                    end=found.end,
                    prefix=found.prefix,
                    suffix=found.suffix,
                    lost_at=None,
                )
            else:
                if old.lost_at is None:
                    QuoteAnchor.objects.filter(pk=old.pk).update(lost_at=now)
                lost.append((row, field))
    return lost


def reselect(row, field, quote, start):
    """Anchor a row's quote again where an editor selected its words (a quote that no longer
    anchors, or one marked at the wrong place). The words must be the row's quote: selecting
    changes where it stands, never what it says."""
    expected = getattr(row, field)
    if quote != expected:
        raise ValidationError(
            {
                "quote": f"Select the quote's own words: “{expected[:80]}”. To change them, "
                "edit the row."
            }
        )
    keep_row(row, {quote: start})
    return row.quote_anchors.get(field=field)


def anchor_unanchored():
    """Anchor every quote that has no anchor yet, at its first occurrence: rows loaded from
    fixtures (loaddata saves raw rows, past `contents.write`). Returns how many it anchored."""
    before = QuoteAnchor.objects.count()
    for model in quoted_models():
        rows = model._default_manager.select_related(model.provenance.source_lookup)
        for row in rows.prefetch_related("quote_anchors"):
            if len(row.quote_anchors.all()) < len(
                [f for f in model.provenance.quote_fields if getattr(row, f)]
            ):
                keep_row(row, {})
    return QuoteAnchor.objects.count() - before


def lost_notes(source):
    """For the editor who changed a source's text: which quotes no longer anchor in it."""
    if not is_source(type(source)):
        return []
    lost = [
        f"{a.row._meta.verbose_name} “{a.row}” ({a.field.replace('_', ' ')})"
        for a in lost_anchors()
        if a.row is not None and type(a.row).provenance.source_of(a.row) == source
    ]
    if not lost:
        return []
    return [
        "The text around these quotes changed, and they no longer anchor: select their "
        f"passages again in the workspace: {'; '.join(lost)}."
    ]


def lost_anchors():
    """The anchors flagged as no longer anchoring, with their rows."""
    return QuoteAnchor.objects.filter(lost_at__isnull=False).prefetch_related("row")


def anchors_of(rows, text_of=None):
    """{(model, pk, field): (Anchor, anchors)} for the quotes of `rows`: the stored anchor where
    there is one, else the quote's first occurrence in its source (rows loaded with their
    source, or `text_of(row)` giving its source's text). One query for all rows."""
    rows = [row for row in rows if type(row).provenance is not None]
    by_type = {}
    for row in rows:
        by_type.setdefault(ContentType.objects.get_for_model(row).pk, []).append(row.pk)
    stored_rows = QuoteAnchor.objects.none()
    for content_type_id, ids in by_type.items():
        stored_rows = stored_rows | QuoteAnchor.objects.filter(
            content_type_id=content_type_id, object_id__in=ids
        )
    kept = {(a.content_type_id, a.object_id, a.field): a for a in stored_rows}
    result = {}
    for row in rows:
        model = type(row)
        content_type_id = ContentType.objects.get_for_model(row).pk
        if text_of is not None:
            text = text_of(row)
        else:
            source = model.provenance.source_of(row)
            text = None if source is None else source.text
        for field in model.provenance.quote_fields:
            quote = getattr(row, field) or ""
            if not quote or text is None:
                continue
            old = kept.get((content_type_id, row.pk, field))
            if old is not None and old.exact == quote:
                result[(model, row.pk, field)] = (stored(old), old.lost_at is None)
            else:
                found = anchor(text, quote)
                if found is not None:
                    result[(model, row.pk, field)] = (found, True)
    return result
