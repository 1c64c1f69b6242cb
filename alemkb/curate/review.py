"""What a reviewer sees of a change set: each row's diff against what is published, and each
quote in its source's context."""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from curation import content as contents
from curation.anchoring import anchors_of, position_key
from curation.changes import open_change
from curation.content import content_fields
from curation.registry import parts_of

CONTEXT = 120  # characters of the source shown around a quote


@dataclass
class Item:
    row: object
    kind: str  # "new", "changed" or "published"
    changes: list = field(default_factory=list)  # (label, before, after)
    quotes: list = field(default_factory=list)  # (label, HTML of the quote in context, anchors)

    @property
    def model_name(self):
        return type(self.row)._meta.verbose_name.capitalize()


class Names(dict):
    """The names of rows a page refers to by id, each read once per page."""

    def __call__(self, model, pk):
        if (model, pk) not in self:
            found = model._default_manager.filter(pk=pk).first()
            self[(model, pk)] = str(found) if found is not None else f"#{pk}"
        return self[(model, pk)]


def shown(field_, value, names):
    """A stored value as a reviewer reads it: names, not ids; "—" for nothing."""
    if value in (None, "", []):
        return "—"
    if field_.is_relation:
        return names(field_.related_model, value)
    if field_.choices:
        return dict(field_.flatchoices).get(value, value)
    return str(value)


def row_changes(model, before, after, names):
    """(label, before, after) for each field of the row and its parts that differs."""
    found = []
    for model_field in content_fields(model):
        old = before["fields"].get(model_field.name) if before else None
        new = after["fields"].get(model_field.name)
        if old != new and (before is not None or new not in (None, "")):
            found.append(
                (
                    str(model_field.verbose_name).capitalize(),
                    shown(model_field, old, names),
                    shown(model_field, new, names),
                )
            )
    for part_model in parts_of(model):
        label = part_model._meta.label_lower
        old_rows = before["parts"].get(label, {}) if before else {}
        new_rows = after["parts"].get(label, {})
        for pk in sorted(old_rows.keys() | new_rows.keys()):
            old, new = old_rows.get(pk), new_rows.get(pk)
            if old == new:
                continue
            name = str(part_model._meta.verbose_name).capitalize()
            for part_field in content_fields(part_model):
                a = old.get(part_field.name) if old else None
                b = new.get(part_field.name) if new else None
                if a != b and (old is not None or b not in (None, "")):
                    found.append(
                        (
                            f"{name}: {part_field.verbose_name}",
                            shown(part_field, a, names),
                            shown(part_field, b, names),
                        )
                    )
    return found


def in_context(text, start, end):
    before = max(start - CONTEXT, 0)
    after = min(end + CONTEXT, len(text))
    return mark_safe(  # noqa: S308 (every piece is escaped)
        ("…" if before else "")
        + escape(text[before:start])
        + f"<mark>{escape(text[start:end])}</mark>"
        + escape(text[end:after])
        + ("…" if after < len(text) else "")
    )


def quotes_of(rows):
    found = []
    anchors = anchors_of(rows)
    for row in rows:
        model = type(row)
        source = model.provenance.source_of(row) if model.provenance else None
        for quote_field in model.provenance.quote_fields if model.provenance else ():
            located = anchors.get((model, row.pk, quote_field))
            if located is None:
                continue
            anchor, anchored = located
            label = f"{model._meta.verbose_name.capitalize()}: {quote_field.replace('_', ' ')}"
            found.append((label, in_context(source.text, anchor.start, anchor.end), anchored))
    return found


def proposed_quotes(row, change):
    """The quotes a waiting change proposes (the row's and its parts'), each in its source's
    context at the place the editor selected, else its first occurrence: what accepting
    would publish, not what is published now."""
    found = []
    model = type(row)
    for part_model in (model, *parts_of(model)):
        if part_model.provenance is None:
            continue
        if part_model is model:
            rows = [change.content["fields"]]
        else:
            rows = change.content["parts"].get(part_model._meta.label_lower, {}).values()
        for values in rows:
            source = source_in_change(part_model, row, values)
            for quote_field in part_model.provenance.quote_fields:
                quote = values.get(quote_field) or ""
                if not quote or source is None:
                    continue
                start = change.positions.get(position_key(part_model, quote_field, quote))
                if start is None or source.text[start : start + len(quote)] != quote:
                    start = source.text.find(quote)
                label = (
                    f"{part_model._meta.verbose_name.capitalize()}: {quote_field.replace('_', ' ')}"
                )
                if start < 0:
                    found.append((label, f"Not in the source: “{quote}”", False))
                else:
                    found.append((label, in_context(source.text, start, start + len(quote)), True))
    return found


def source_in_change(part_model, row, values):
    """The source document a proposed row or part quotes: by its own field where it names
    one (a mention's document), else through the row it belongs to."""
    path = part_model.provenance.source.split(".")
    if path[0] == getattr(part_model, "part_of", None):
        path = path[1:]
        target = row
    elif path[0] in values and len(path) == 1:
        related = part_model._meta.get_field(path[0]).related_model
        return related._default_manager.filter(pk=values[path[0]]).first()
    else:
        target = row
    for name in path:
        target = getattr(target, name, None)
        if target is None:
            return None
    return target


def review_items(change_set):
    items = []
    names = Names()
    for row in change_set.rows():
        model = type(row)
        change = open_change(row)
        current = contents.content_of(row)
        if change is not None:
            item = Item(row, "changed", row_changes(model, change.base, change.content, names))
        elif row.is_published:
            item = Item(row, "published")
        else:
            item = Item(row, "new", row_changes(model, None, current, names))
        if change is not None:
            item.quotes = proposed_quotes(row, change)
        else:
            parts = [row]
            for part_model in parts_of(model):
                parts += list(part_model._default_manager.filter(**{part_model.part_of: row}))
            item.quotes = quotes_of(parts)
        items.append(item)
    return items
