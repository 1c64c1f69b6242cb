"""The content of a curated row as plain data: its own fields, its many-to-many links, its parts.

Content is what editors change and reviewers approve. The workflow fields (status, who changed
it and when, version, timestamps) and fields derived by the database are not content. As plain
JSON-able data, content can be compared (did anything change?), merged (two editors changed
different fields), kept as a pending change, validated without being saved, and written.

    {"fields": {name: value},
     "relations": {many-to-many name: [ids]},
     "parts": {part model label: {id: {name: value}}}}

A part that does not exist yet has a negative id: unique, and never a real row's.
"""

import datetime
import random
from decimal import Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models

from . import anchoring
from .registry import parts_of
from .text import normalise_line_endings

WORKFLOW_FIELDS = {"status"}  # editable, but changed by the workflow, never as content
MISSING = object()
SEEN_SALT = "curation.seen"


def seen_token(content, status):
    """What a form showed (content and status), signed, for it to send back with a change:
    the exact base against which an edit is merged with what others saved meanwhile."""
    return signing.dumps({"content": content, "status": status}, salt=SEEN_SALT, compress=True)


def read_seen_token(token):
    """The content and status a form showed; BadSignature if the token was tampered with."""
    seen = signing.loads(token, salt=SEEN_SALT)
    if not isinstance(seen, dict) or not {"content", "status"} <= seen.keys():
        raise signing.BadSignature("not a seen token")
    return seen


def content_fields(model):
    part_of = getattr(model, "part_of", None)
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in WORKFLOW_FIELDS
        and field.name != part_of
    ]


def relation_fields(model):
    """Many-to-many fields edited with the row itself (not through parts of their own)."""
    return [
        field
        for field in model._meta.many_to_many
        if field.editable and field.remote_field.through._meta.auto_created
    ]


def encode(field, value):
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str):
        return normalise_line_endings(value)
    return value


def decode(field, value):
    if value is None:
        return None
    if field.is_relation:
        return field.target_field.to_python(value)
    return field.to_python(value)


def values_of(obj):
    """{field name: value} of a row's (or a historical record's) content fields."""
    return {
        field.name: encode(field, field.value_from_object(obj))
        for field in content_fields(type(obj)._meta.concrete_model)
    }


def historical_values(model, record):
    return {
        field.name: encode(field, field.value_from_object(record))
        for field in content_fields(model)
    }


def new_part_id():
    return str(-random.randint(1, 2**52))


def parts_of_row(model, pk):
    """{part label: {id: values}} as stored now."""
    parts = {}
    for part_model in parts_of(model):
        rows = part_model._default_manager.filter(**{part_model.part_of: pk}) if pk else []
        parts[part_model._meta.label_lower] = {str(part.pk): values_of(part) for part in rows}
    return parts


def content_of(obj):
    """The content of a stored row (and its parts) as it is now."""
    model = type(obj)
    return {
        "fields": values_of(obj),
        "relations": {
            field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
            if obj.pk
            else []
            for field in relation_fields(model)
        },
        "parts": parts_of_row(model, obj.pk),
    }


def content_at(obj, version):
    """The content of `obj` when it had `version`, from its history; None if not recorded.

    The row's fields come from its historical record of that version; its parts as they stood
    just before the row's next recorded save (a change saves the row first, then its parts).
    Many-to-many links are not recorded in the history: they are taken as they are now.
    """
    model = type(obj)
    records = obj.revisions.order_by("history_date", "history_id")
    record = records.filter(version=version).last()
    if record is None:
        return None
    following = records.filter(history_date__gt=record.history_date, version__gt=version).first()
    parts = {}
    for part_model in parts_of(model):
        history = part_model.revisions.model._default_manager.filter(
            **{f"{part_model.part_of}_id": obj.pk}
        )
        if following is not None:
            history = history.filter(history_date__lt=following.history_date)
        latest = {}
        for part_record in history.order_by("history_date", "history_id"):
            latest[getattr(part_record, part_model._meta.pk.attname)] = part_record
        parts[part_model._meta.label_lower] = {
            str(pk): historical_values(part_model, part_record)
            for pk, part_record in latest.items()
            if part_record.history_type != "-"
        }
    return {
        "fields": historical_values(model, record),
        "relations": content_of(obj)["relations"],
        "parts": parts,
    }


# Comparing and merging ---------------------------------------------------------------------


def flatten(content):
    """{key: value} with one key per field of the row and of each part, and one per part."""
    flat = {}
    for name, value in content["fields"].items():
        flat[("fields", name)] = value
    for name, ids in content["relations"].items():
        flat[("relations", name)] = tuple(sorted(ids))
    for label, rows in content["parts"].items():
        for pk, values in rows.items():
            flat[(label, pk)] = True
            for name, value in values.items():
                flat[(label, pk, name)] = value
    return flat


def unflatten(flat, like):
    content = {"fields": {}, "relations": {}, "parts": {label: {} for label in like["parts"]}}
    for key, value in flat.items():
        if key[0] == "fields":
            content["fields"][key[1]] = value
        elif key[0] == "relations":
            content["relations"][key[1]] = list(value)
        elif len(key) == 2:
            content["parts"].setdefault(key[0], {})[key[1]] = {}
    for key, value in flat.items():
        if key[0] not in ("fields", "relations") and len(key) == 3:
            row = content["parts"].get(key[0], {}).get(key[1])
            if row is not None:  # a part deleted on one side keeps none of its fields
                row[key[2]] = value
    return content


def changed_keys(old, new):
    a, b = flatten(old), flatten(new)
    return {key for key in a.keys() | b.keys() if a.get(key, MISSING) != b.get(key, MISSING)}


def merge(base, mine, theirs):
    """Three-way merge of content: (merged content, keys both changed differently)."""
    b, m, t = flatten(base), flatten(mine), flatten(theirs)
    merged, conflicts = {}, []
    for key in b.keys() | m.keys() | t.keys():
        old, ours, other = b.get(key, MISSING), m.get(key, MISSING), t.get(key, MISSING)
        if ours == old:
            value = other
        elif other in (old, ours):
            value = ours
        else:
            conflicts.append(key)
            value = ours
        if value is not MISSING:
            merged[key] = value
    return unflatten(merged, mine), conflicts


def field_labels(model, keys):
    """Readable names of the fields and parts that `keys` (from flatten) stand for."""
    labels = []
    for key in sorted(keys, key=str):
        if key[0] in ("fields", "relations"):
            label = str(model._meta.get_field(key[1]).verbose_name)
        else:
            part_model = next(p for p in parts_of(model) if p._meta.label_lower == key[0])
            label = str(part_model._meta.verbose_name_plural)
        if label not in labels:
            labels.append(label)
    return labels


# Validating and writing --------------------------------------------------------------------


def apply_fields(obj, values):
    for field in content_fields(type(obj)):
        if field.name in values:
            setattr(obj, field.attname, decode(field, values[field.name]))


def build_parts(obj, content):
    """{part model: [unsaved part instances]} for `content`, each pointing at `obj`."""
    parts = {}
    for part_model in parts_of(type(obj)):
        rows = []
        for pk, values in content["parts"].get(part_model._meta.label_lower, {}).items():
            stored = int(pk) > 0
            part = part_model(pk=int(pk) if stored else None)
            part._state.adding = not stored  # an existing part is not checked against itself
            apply_fields(part, values)
            setattr(part, part_model.part_of, obj)
            rows.append(part)
        parts[part_model] = rows
    return parts


def prefixed(prefix, error):
    return [f"{prefix}{message}" for message in error.messages]


def validate(obj, content):
    """Raise a ValidationError (fields of the row by name) unless `content` is valid for `obj`.

    `obj` is the stored row (or a new, unsaved one); it is given the content's values, not saved.
    """
    apply_fields(obj, content["fields"])
    errors = {}
    try:
        obj.full_clean(validate_constraints=True)
    except ValidationError as error:
        errors.update(error.message_dict)
    problems = []
    for part_model, rows in build_parts(obj, content).items():
        name = part_model._meta.verbose_name
        for index, part in enumerate(rows, start=1):
            try:
                part.full_clean(exclude=[part_model.part_of])
            except ValidationError as error:
                problems += prefixed(f"{name.capitalize()} {index} ({part}): ", error)
        problems += duplicate_problems(part_model, rows)
    if problems:
        errors.setdefault("__all__", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    return build_parts(obj, content)


def duplicate_problems(part_model, rows):
    """Parts of one row that a unique constraint with the row's key would refuse together."""
    problems = []
    for constraint in part_model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if not isinstance(constraint, models.UniqueConstraint) or part_model.part_of not in fields:
            continue
        others = [f for f in fields if f != part_model.part_of]
        seen = {}
        for part in rows:
            key = tuple(getattr(part, part_model._meta.get_field(f).attname) for f in others)
            if key in seen:
                names = ", ".join(str(part_model._meta.get_field(f).verbose_name) for f in others)
                problems.append(
                    f"Two {part_model._meta.verbose_name_plural} have the same {names}: "
                    f"{', '.join(str(v) for v in key)}."
                )
            seen[key] = part
    return problems


def unique_fields(part_model):
    names = set()
    for constraint in part_model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names.update(constraint.fields)
    return names - {part_model.part_of}


def write(obj, content, user, keep_new_ids=False, reason=None, positions=None, hints=None):
    """Store `content` in `obj` (saved) and its parts: the row first, then its parts.

    Parts whose unique values change (a position moved) are deleted and inserted again, so
    that two parts may swap positions. New parts get new ids, unless `keep_new_ids` (a working
    copy inside a transaction that is rolled back keeps its negative ids, so forms can name them).
    Every quote is anchored in its source (anchoring.keep): at `positions` where the user
    selected it, at `hints` where it was selected before, else where it stood. A working copy
    (`keep_new_ids`, always rolled back) is not anchored.
    """
    hints = dict(hints or {})
    apply_fields(obj, content["fields"])
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save()
    for field in relation_fields(type(obj)):
        if field.name in content["relations"]:
            getattr(obj, field.name).set(content["relations"][field.name])
    for part_model in parts_of(type(obj)):
        wanted = content["parts"].get(part_model._meta.label_lower, {})
        stored = {
            str(part.pk): part
            for part in part_model._default_manager.filter(**{part_model.part_of: obj})
        }
        moved = unique_fields(part_model)
        reinsert, update = [], []
        for pk, part in stored.items():
            if pk not in wanted:
                part._history_user = user
                part.delete()
            elif values_of(part) != wanted[pk]:
                values = values_of(part)
                if any(values.get(name) != wanted[pk].get(name) for name in moved):
                    # Inserted again: its quotes keep the places they were selected at.
                    for kept in part.quote_anchors.all():
                        hints[anchoring.position_key(part_model, kept.field, kept.exact)] = (
                            kept.start
                        )
                    part._history_user = user
                    part.delete()
                    reinsert.append(pk)
                else:
                    update.append(pk)
        for pk in update:
            part = stored[pk]
            apply_fields(part, wanted[pk])
            part._history_user = user
            part.save()
        for pk, values in wanted.items():
            if pk in stored and pk not in reinsert:
                continue
            new_id = int(pk)
            part = part_model(pk=new_id if new_id > 0 or keep_new_ids else None)
            apply_fields(part, values)
            setattr(part, part_model.part_of, obj)
            part._history_user = user
            part.save(force_insert=True)
    if not keep_new_ids:
        anchoring.keep(obj, positions, hints)
    return obj
