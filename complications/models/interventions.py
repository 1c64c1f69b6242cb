"""The small vocabulary of drugs and other interventions that cases and statements name."""

from django.db import models
from simple_history.models import HistoricalRecords

from .base import choice_constraint, validate_names


class InterventionKind(models.TextChoices):
    DRUG = "drug", "Drug"
    PROCEDURE = "procedure", "Procedure"


class InterventionQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Intervention(models.Model):
    """A drug or procedure. Vocabulary, not evidence: it needs no publication status."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120, unique=True, help_text="Generic name, lower case.")
    kind = models.CharField(
        max_length=10, choices=InterventionKind.choices, default=InterventionKind.DRUG
    )
    drug_class = models.CharField(
        max_length=120,
        blank=True,
        help_text="Class or mechanism, e.g. “anti-CD20 monoclonal antibody”.",
    )
    brand_names = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text='Brand names, e.g. ["Gilenya"].',
    )

    revisions = HistoricalRecords()
    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [choice_constraint("kind", InterventionKind, "intervention")]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
