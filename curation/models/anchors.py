"""Where each verbatim quote stands in its source document, kept with the row that holds it.

A quote must stand verbatim in its source (quotes.Provenance); its anchor says which passage it
was taken from, as start and end offsets with a little text before and after it (W3C
TextPositionSelector and TextQuoteSelector). When a source's text changes, each anchor is
found again; one whose passage cannot be told apart any more is flagged (`lost_at`) until an
editor selects the passage again.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q


class QuoteAnchor(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    row = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=50, help_text="The row's quote field anchored here.")
    exact = models.TextField(help_text="The quote, as it was when it was anchored.")
    start = models.PositiveIntegerField(help_text="Offset of its first character in the text.")
    end = models.PositiveIntegerField(help_text="Offset just after its last character.")
    prefix = models.TextField(blank=True, help_text="The text just before it.")
    suffix = models.TextField(blank=True, help_text="The text just after it.")
    lost_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a change to the source's text left the passage impossible to tell "
        "apart; empty while the quote anchors.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"], name="quote_anchor_one_per_field"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="quote_anchor_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["lost_at"])]

    def __str__(self):
        return f"{self.field} {self.start}–{self.end}"

    @property
    def anchors(self):
        return self.lost_at is None
