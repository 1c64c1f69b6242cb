"""The small vocabulary of drugs and other interventions that cases and statements name."""

from django.db import models

from curation.models import Curated, SlugKeyedQuerySet

from .base import choice_constraint, validate_names


class InterventionKind(models.TextChoices):
    DRUG = "drug", "Drug"
    PROCEDURE = "procedure", "Procedure"


class Intervention(Curated):
    """A drug or procedure: vocabulary, not evidence, but shown on every case that names it, so
    a change to it is reviewed like any other content."""

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

    objects = SlugKeyedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("kind", InterventionKind, "intervention"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)
