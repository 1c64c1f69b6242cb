"""Signal receivers for the complications app."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from curation.events import reviewed

from .models import Citation, CitationAuthor, Complication, Statement


@receiver(post_save, sender=CitationAuthor)
@receiver(post_delete, sender=CitationAuthor)
def copy_author_names(sender, instance, **kwargs):
    """Keep the citation's searchable author names in step with its author rows."""
    Citation.objects.filter(pk=instance.citation_id).refresh_author_names()


@receiver(reviewed, sender=Complication)
@receiver(reviewed, sender=Statement)
def record_the_pages_review(sender, rows, when, **kwargs):
    """A reviewer published a complication or a statement: its page was reviewed then (and so
    were the pages a statement is shared onto)."""
    if sender is Complication:
        pages = [row.pk for row in rows]
    else:
        statements = Statement.objects.filter(pk__in=[row.pk for row in rows])
        pages = [*statements.values_list("complication", flat=True)]
        pages += [pk for pk in statements.values_list("also_on", flat=True) if pk is not None]
    Complication.objects.filter(pk__in=pages).update(last_reviewed_at=when)
