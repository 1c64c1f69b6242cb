"""Signal receivers for every content model (subclasses of Curated and CuratedPart)."""

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import ContentVersion, Curated, CuratedPart
from .text import normalise_line_endings


def is_content(model):
    return isinstance(model, type) and issubclass(model, Curated | CuratedPart)


@receiver(pre_save)
def normalise_text(sender, instance, **kwargs):
    """Store every text with LF line breaks, on every save, loaddata included.

    Browsers send a textarea's line breaks as CRLF: without this, saving unchanged text from
    a form would change it, and a quote spanning a line break would no longer match its source.
    """
    if not is_content(sender):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField):
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, normalise_line_endings(value))


@receiver(pre_save)
def keep_timestamps_on_raw_reload(sender, instance, raw, **kwargs):
    """Keep an existing row's timestamps when loaddata saves it again.

    loaddata saves rows raw, bypassing save(), and fixtures carry no timestamps (a curated
    fact has no invented dates). Without this, reloading a fixture would stamp every existing
    row with the current time.
    """
    if not raw or not issubclass(sender, Curated) or instance.pk is None:
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("created_at", "updated_at")
        .first()
    )
    if stored is not None:
        instance.created_at, instance.updated_at = stored


@receiver(post_save)
@receiver(post_delete)
def note_content_change(sender, **kwargs):
    if is_content(sender):
        ContentVersion.bump()


@receiver(m2m_changed)
def note_relation_change(sender, action, **kwargs):
    if action.startswith("post_") and is_content(kwargs["model"]):
        ContentVersion.bump()
