"""Keeping each quote's anchor (models/anchors.py) true to its row and its source's text.

`contents.write`, the one function every change of content goes through, calls `keep` for the
row it wrote: a quote gets the passage the editor selected (`positions`), or keeps the one it
had, or is anchored at its first occurrence. A change to a source document's text calls
`recheck`, which finds every anchor in it again and flags those that cannot be told apart.
"""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .anchors import Anchor, anchor, reanchor
from .models import ChangeSetItem, ContentVersion, QuoteAnchor, Status
from .registry import parts_of, quoted_models
from .roles import can_publish


def position_key(model, field, quote):
    """How a selection names the quote it places: its model, its field and its words.

    Positions are {key: start}, JSON-able (a waiting change keeps them). Words alone would
    move every row that quotes the same words (a patient's quote and their complication's).
    """
    return f"{model._meta.label_lower}.{field}:{quote}"


def check_position(text, quote, start):
    """Refuse a selected place that does not hold its quote."""
    if text[start : start + len(quote)] != quote:
        raise ValidationError(
            f"“{quote[:60]}” does not stand at the place selected in the source (character "
            f"{start + 1}): select the passage again."
        )


def stored(anchor_row):
    return Anchor(
        anchor_row.exact, anchor_row.prefix, anchor_row.suffix, anchor_row.start, anchor_row.end
    )


def keep(obj, positions=None, hints=None):
    """Anchor every quote of `obj` and of its parts in their source's text.

    `positions` ({position_key: start}) are where the user selected quotes now: each must
    hold its quote, in the document's body. `hints` are places chosen earlier (a waiting
    change's selections, a part's place before it was renumbered): used where they still hold
    their quote, else left aside. A quote unchanged and not selected again keeps its anchor; a
    new or changed one without a place is anchored at its first occurrence. (Anchors of
    deleted rows go with them: a GenericRelation.)
    """
    rows = [obj]
    for part_model in parts_of(type(obj)):
        rows += list(part_model._default_manager.filter(**{part_model.part_of: obj}))
    for row in rows:
        keep_row(row, positions or {}, hints or {})
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


def keep_row(row, positions, hints=None, kept=None, move=False):
    """Anchor `row`'s quotes. A selection places a quote that is new, changed or lost; one
    that anchors already stays where it is (another row may quote the same words: a second
    treatment "with prednisolone"), unless `move` (the user selected this very quote again)."""
    provenance = type(row).provenance
    if provenance is None or row.pk is None or row.pk <= 0:
        return  # not stored (a working copy's new part keeps a negative id)
    hints = hints or {}
    source = provenance.source_of(row)
    content_type = ContentType.objects.get_for_model(row)
    if kept is None:
        kept = QuoteAnchor.objects.filter(content_type=content_type, object_id=row.pk)
    kept = {a.field: a for a in kept}
    body = None if source is None else getattr(source, "article_text", source.text)
    for field in provenance.quote_fields:
        quote = getattr(row, field) or ""
        old = kept.get(field)
        key = position_key(type(row), field, quote)
        start = None
        settled = old is not None and old.exact == quote and old.lost_at is None and not move
        if quote and source is not None and not settled:
            if key in positions:
                # Selected from the body: reader comments are never evidence.
                check_position(body, quote, positions[key])
                start = positions[key]
            elif key in hints and body[hints[key] : hints[key] + len(quote)] == quote:
                start = hints[key]
        if old is not None and old.exact == quote and (start is None or start == old.start):
            continue  # unchanged; a change to the source's text is rechecked on its own
        found = anchor(source.text, quote, start) if quote and source is not None else None
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
        rows = model._default_manager.filter(**{model.provenance.source_lookup: source.pk})
        yield from rows.prefetch_related("quote_anchors")


def recheck(source):
    """Find every quote of `source` again in its (changed) text. Returns the rows whose quotes
    no longer anchor, as (row, field) pairs; their anchors are flagged until selected again."""
    lost = []
    now = timezone.now()
    for row in rows_quoting(source):
        row_anchors = list(row.quote_anchors.all())
        kept = {a.field: a for a in row_anchors}
        for field in type(row).provenance.quote_fields:
            quote = getattr(row, field) or ""
            old = kept.get(field)
            if not quote:
                continue
            if old is None or old.exact != quote:
                keep_row(row, {}, kept=row_anchors)
                continue
            body = getattr(source, "article_text", source.text)
            found, sure = reanchor(source.text, stored(old), body)
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


def reselect(row, field, quote, start, user):
    """Anchor a row's quote again where `user` selected its words (a quote that no longer
    anchors, or one marked at the wrong place). The words must be the row's quote: selecting
    changes where it stands, never what it says. Where a published quote stands is public
    (highlights, annotations), so only a reviewer moves one."""
    expected = getattr(row, field)
    if quote != expected:
        raise ValidationError(
            {
                "quote": f"Select the quote's own words: “{expected[:80]}”. To change them, "
                "edit the row."
            }
        )
    owner = row.parent if getattr(type(row), "part_of", None) else row
    held = ChangeSetItem.objects.set_of_another_editor(owner, user)
    if held is not None:
        raise PermissionDenied(held.holds(owner))
    if owner.status == Status.PUBLISHED and not can_publish(user):
        raise PermissionDenied(
            "Where a published quote stands is public: ask a reviewer to select it again."
        )
    keep_row(row, {position_key(type(row), field, quote): start}, move=True)
    if owner.status == Status.PUBLISHED:
        ContentVersion.bump()  # pages and annotations kept for the content version change
    return row.quote_anchors.get(field=field)


def unanchored(model):
    """Rows of `model` with a quote that has no anchor yet."""
    content_type = ContentType.objects.get_for_model(model)
    lacking = Q()
    for field in model.provenance.quote_fields:
        anchored = QuoteAnchor.objects.filter(
            content_type=content_type, object_id=OuterRef("pk"), field=field
        )
        lacking |= ~Q(**{field: ""}) & ~Exists(anchored)
    return model._default_manager.filter(lacking)


def anchor_unanchored():
    """Anchor every quote that has no anchor yet, at its first occurrence: rows loaded from
    fixtures or a dump (loaddata saves raw rows, past `contents.write`), or stored before
    anchors existed. Reads only the rows that lack one. Returns how many it anchored."""
    before = QuoteAnchor.objects.count()
    for model in quoted_models():
        rows = unanchored(model).select_related(model.provenance.source_lookup)
        for row in rows.prefetch_related("quote_anchors").iterator(chunk_size=2000):
            keep_row(row, {}, kept=row.quote_anchors.all())
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
