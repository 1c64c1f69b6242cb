"""What every curated row shares: a publication status and timestamps."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"

    @classmethod
    def values_except(cls, excluded):
        return [value for value in cls.values if value != excluded]


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published rows for the public; every row for staff, who may preview drafts."""
        return self if getattr(user, "is_staff", False) else self.published()

    def having(self, condition):
        """Rows for which `condition` (which may span related rows) holds, each row once.

        A subquery rather than distinct(), which would clash with ordering by expressions.
        """
        return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))


class SlugKeyedQuerySet(CuratedQuerySet):
    """For curated models whose natural key (in fixtures) is their slug."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Curated(models.Model):
    """Abstract base for content that editors curate and reviewers publish.

    The timestamps are plain fields with defaults rather than auto_now, because loaddata
    saves raw rows and auto_now fields would have no value there; signals.py keeps them
    unchanged when a fixture is loaded again.
    """

    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published rows are shown on public pages and in the API.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    synthetic = models.BooleanField(
        default=False,
        editable=False,
        help_text="Made up by `generate_synthetic` for benchmarks; never clinical content.",
    )
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Counts saves; an edit based on an older version is refused, not merged.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    # "revisions", not "history": Patient has a field called history.
    revisions = HistoricalRecords(inherit=True)
    objects = CuratedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]

    def save(self, *args, **kwargs):
        self.updated_at = timezone.now()
        if not self._state.adding:
            self.version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "version"}
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


def words_match(text, fields):
    """A Q matching rows in which every word of `text` occurs in at least one of `fields`."""
    condition = models.Q()
    for word in text.split():
        any_field = models.Q()
        for field in fields:
            any_field |= models.Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def ordering_terms(raw, fields):
    """Order-by expressions for "age,-year": public names mapped by `fields` to lookups.

    Unknown names raise ValueError with a message for the user; empty values sort last in
    either direction.
    """
    terms = []
    for term in (t.strip() for t in raw.split(",") if t.strip()):
        name = term.removeprefix("-")
        if name not in fields:
            choices = ", ".join(fields) or "nothing: this list has a fixed order"
            raise ValueError(f"Unknown ordering “{name}”; use {choices}.")
        expression = models.F(fields[name])
        descending = term.startswith("-")
        terms.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    return terms


def choice_constraint(field, choices, model_label):
    """A named CheckConstraint that keeps a TextChoices column to its choices."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"{model_label}_{field}_valid",
    )


def validate_names(value):
    """A JSON list of non-empty strings, such as synonyms or brand names."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError("Enter a list of names.")


def verify_quote(quote, source_document, field="quote"):
    """Raise a ValidationError unless quote occurs verbatim in the document's text."""
    if quote and source_document is not None and quote not in source_document.text:
        raise ValidationError(
            {field: f"This quote does not occur verbatim in “{source_document}”."}
        )
