"""Checks that every curated row is valid and every quote stands verbatim in its source.

Used by `manage.py verify_content` and by the fixture tests; it reads, never writes. The
content models are found as subclasses of Curated and CuratedPart; what is a quote, and where
its source is, each model declares (`provenance`, see quotes.py).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .anchoring import unanchored
from .models import QuoteAnchor
from .registry import content_models, quoted_models


@dataclass(frozen=True)
class Problem:
    row: str
    message: str

    def __str__(self):
        return f"{self.row}: {self.message}"


def find_problems():
    problems = []
    for model in content_models():
        for obj in model._default_manager.all():
            label = f"{model._meta.label} {obj.pk} ({obj})"
            try:
                obj.full_clean()
            except ValidationError as error:
                problems.extend(Problem(label, message) for message in error.messages)
            if model.provenance is not None and model.provenance.source_of(obj) is None:
                problems.append(Problem(label, "its quotes have no source document"))
            for message in getattr(obj, "verification_problems", lambda: ())():
                problems.append(Problem(label, message))
    for model in quoted_models():
        count = unanchored(model).count()
        if count:
            problems.append(
                Problem(
                    model._meta.label,
                    f"{count} row(s) have a quote with no anchor: run manage.py anchor_quotes",
                )
            )
    for anchor in QuoteAnchor.objects.filter(lost_at__isnull=False).prefetch_related("row"):
        if anchor.row is not None:
            label = f"{anchor.row._meta.label} {anchor.row.pk} ({anchor.row})"
            problems.append(
                Problem(label, f"its {anchor.field} no longer anchors: select its passage again")
            )
    return problems


def dependent_problems(obj):
    """Why rows of other models that quote through `obj` would no longer be valid.

    A quote rests on its source document's text, reached through a path such as
    "patient.report.source_document": a change to the source's text, or to which source a
    report names, can break quotes that the row being changed does not hold itself.
    """
    problems = []
    for model in quoted_models():
        path = model.provenance.source.split(".")
        related = model
        for depth, name in enumerate(path, start=1):
            related = related._meta.get_field(name).related_model
            if related is not type(obj)._meta.concrete_model:
                continue
            lookup = "__".join(path[:depth])
            for row in model._default_manager.filter(**{lookup: obj.pk}):
                try:
                    row.clean()
                except ValidationError as error:
                    problems += [
                        f"{row._meta.verbose_name} “{row}”: {message}" for message in error.messages
                    ]
    return problems
