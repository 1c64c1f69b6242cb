"""The content models, found as subclasses of Curated and CuratedPart: curation names none."""

from functools import cache

from django.apps import apps

from .models import Curated, CuratedPart


def content_models():
    """Every concrete content model: curated rows and their parts, not their history."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Curated | CuratedPart) and not model._meta.abstract
    ]


def quoted_models():
    """The models that declare verbatim quotes (a `provenance`)."""
    return [model for model in content_models() if model.provenance is not None]


@cache
def parts_of(model):
    """The part models whose rows belong to rows of `model`, in a fixed order."""
    return tuple(
        part
        for part in content_models()
        if issubclass(part, CuratedPart)
        and part._meta.get_field(part.part_of).related_model is model
    )
