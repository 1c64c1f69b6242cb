"""Checks that every curated row is valid and every quote stands verbatim in its source.

Used by `manage.py verify_content` and by the fixture tests; it reads, never writes.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from simple_history.models import HistoricalChanges

CONTENT_APPS = ("complications", "cases")
QUOTE_FIELDS = ("quote", "outcome_quote", "retreatment_quote")


@dataclass(frozen=True)
class Problem:
    row: str
    message: str

    def __str__(self):
        return f"{self.row}: {self.message}"


def content_models():
    """The curated models of both apps: not their history, not the content version."""
    from complications.models import ContentVersion

    return [
        model
        for name in CONTENT_APPS
        for model in apps.get_app_config(name).get_models()
        if model is not ContentVersion and not issubclass(model, HistoricalChanges)
    ]


def source_of(obj):
    """The source document a row's quotes must come from, or None."""
    for path in ("source_document", "report.source_document", "patient.report.source_document"):
        target = obj
        for attr in path.split("."):
            target = getattr(target, attr, None)
            if target is None:
                break
        if target is not None:
            return target
    return None


def quote_problems(obj):
    source = source_of(obj)
    for field in QUOTE_FIELDS:
        quote = getattr(obj, field, "")
        if not quote:
            continue
        if source is None:
            yield f"{field} has no source document to be checked against"
        elif quote not in source.text:
            yield f"{field} does not occur verbatim in “{source.slug}”: {quote[:80]!r}"


def identifier_problems(obj):
    """A DOI or PMID is only kept when a source document states it."""
    from complications.models import Citation, SourceDocument

    if not isinstance(obj, Citation):
        return
    texts = [re.sub(r"\s+", "", t) for t in SourceDocument.objects.values_list("text", flat=True)]
    for field in ("doi", "pmid"):
        value = getattr(obj, field)
        if value and not any(value in text for text in texts):
            yield f"{field} {value} does not appear in any source document"


def find_problems():
    problems = []
    for model in content_models():
        for obj in model._default_manager.all():
            label = f"{model._meta.label} {obj.pk} ({obj})"
            try:
                obj.full_clean()
            except ValidationError as error:
                problems.append(Problem(label, "; ".join(error.messages)))
            for message in (*quote_problems(obj), *identifier_problems(obj)):
                problems.append(Problem(label, message))
    return problems
