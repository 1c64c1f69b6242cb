"""Signal receivers for the curated content."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalChanges

from .models import Citation, CitationAuthor, ContentVersion, Curated

CONTENT_APPS = {"complications", "cases"}


@receiver(pre_save)
def keep_timestamps_on_raw_reload(sender, instance, raw, **kwargs):
    """Keep an existing row's timestamps when loaddata saves it again.

    loaddata saves rows raw, bypassing save(), and fixtures carry no timestamps (a curated
    fact has no invented dates). Without this, reloading a fixture would stamp every existing
    row with the current time.
    """
    if not raw or not isinstance(instance, Curated) or instance.pk is None:
        return
    stored = (
        sender._default_manager.filter(pk=instance.pk)
        .values_list("created_at", "updated_at")
        .first()
    )
    if stored is not None:
        instance.created_at, instance.updated_at = stored


def is_content(sender):
    return (
        sender._meta.app_label in CONTENT_APPS
        and sender is not ContentVersion
        and not issubclass(sender, HistoricalChanges)
    )


@receiver(post_save)
@receiver(post_delete)
def note_content_change(sender, **kwargs):
    if is_content(sender):
        ContentVersion.bump()


@receiver(m2m_changed)
def note_relation_change(sender, action, **kwargs):
    if action.startswith("post_") and is_content(kwargs["model"]):
        ContentVersion.bump()


@receiver(post_save, sender=CitationAuthor)
@receiver(post_delete, sender=CitationAuthor)
def copy_author_names(sender, instance, **kwargs):
    """Keep the citation's searchable author names in step with its author rows."""
    Citation.objects.filter(pk=instance.citation_id).refresh_author_names()
