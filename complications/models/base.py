"""Small helpers the content models of both apps share: constraints, validators, lookups."""

from django.core.exceptions import ValidationError
from django.db import models


def words_match(text, fields):
    """A Q matching rows in which every word of `text` occurs in at least one of `fields`.

    A field may be a lookup name, or a function of a word returning a Q (to look into related
    rows through a subquery of the public ones only).
    """
    condition = models.Q()
    for word in text.split():
        any_field = models.Q()
        for field in fields:
            any_field |= (
                field(word) if callable(field) else models.Q(**{f"{field}__icontains": word})
            )
        condition &= any_field
    return condition


def ordering_terms(raw, fields):
    """Order-by expressions for "age,-year": public names mapped by `fields` to lookups.

    Unknown names raise ValueError with a message for the user; empty values sort last in
    either direction.
    """
    terms = []
    for term in (t.strip() for t in raw.split(",") if t.strip()):
        name = term.removeprefix("-")
        if name not in fields:
            choices = ", ".join(fields) or "nothing: this list has a fixed order"
            raise ValueError(f"Unknown ordering “{name}”; use {choices}.")
        expression = models.F(fields[name])
        descending = term.startswith("-")
        terms.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return terms


def choice_constraint(field, choices, model_label):
    """A named CheckConstraint that keeps a TextChoices column to its choices."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"{model_label}_{field}_valid",
    )


def validate_names(value):
    """A JSON list of non-empty strings, such as synonyms or brand names."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("Enter a list of names.")
