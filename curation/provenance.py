"""Checks that every curated row is valid and every quote stands verbatim in its source.

Used by `manage.py verify_content` and by the fixture tests; it reads, never writes. The
content models are found as subclasses of Curated and CuratedPart; what is a quote, and where
its source is, each model declares (`provenance`, see quotes.py).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .registry import content_models


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
    return problems
