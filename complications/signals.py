"""Signal receivers for the complications app."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Citation, CitationAuthor


@receiver(post_save, sender=CitationAuthor)
@receiver(post_delete, sender=CitationAuthor)
def copy_author_names(sender, instance, **kwargs):
    """Keep the citation's searchable author names in step with its author rows."""
    Citation.objects.filter(pk=instance.citation_id).refresh_author_names()
