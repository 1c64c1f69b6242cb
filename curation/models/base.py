"""What every curated row shares: a publication status, a version, timestamps and history.

Two abstract bases. A `Curated` row has a status of its own (a complication, a statement, a
citation, a patient). A `CuratedPart` belongs to one curated row and has none (a citation's
author, a patient's treatment): it is public when its row is, and a change to it is a change to
its row. The curation app finds the content models as subclasses of these two; it names none.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ObjectDoesNotExist
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


def is_curated(model):
    return isinstance(model, type) and issubclass(model, Curated)


def required_relations(model):
    """The foreign keys from `model` to curated rows: a row is public only if these are."""
    part_of = getattr(model, "part_of", None)
    return [
        field
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.concrete
        and is_curated(field.related_model)
        and field.name != part_of
    ]


class Among(models.Func):
    """`field` is one of the ids `queryset` selects.

    On PostgreSQL `field = ANY(ARRAY(subquery))`: the subquery runs once, before the rows are
    read, and the planner sees a plain filter on each row. As `IN (subquery)`, the same test
    made it join every row of the tables behind the subquery first (150 ms for the first page
    of a complication's 6,000 patients, out of 100,000). Elsewhere `field IN (subquery)`.
    """

    output_field = models.BooleanField()

    def __init__(self, field, queryset):
        super().__init__(models.F(field), models.Subquery(queryset.values("pk")))

    def as_sql(self, compiler, connection, **extra_context):
        field, field_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"{field} IN {subquery}", (*field_params, *subquery_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        field, field_params = compiler.compile(self.source_expressions[0])
        subquery, subquery_params = compiler.compile(self.source_expressions[1])
        return f"{field} = ANY(ARRAY{subquery})", (*field_params, *subquery_params)


def pointing_at_public(field):
    """A condition: the curated row `field` names is public (or `field` is empty)."""
    condition = ~models.Q(Among(field.name, field.related_model._default_manager.not_public()))
    if field.null:
        condition = models.Q(**{f"{field.name}__isnull": True}) | condition
    return condition


class VisibilityQuerySet(models.QuerySet):
    """`public()` and its complement, following what each row needs to be public.

    Both are written as "not among the few hidden rows" rather than "among the many public
    ones": the hidden rows are few, so the test costs next to nothing on each row.
    """

    def own_condition(self):
        """What makes a row public by itself, before what it points at is considered."""
        raise NotImplementedError

    def own_hidden_condition(self):
        raise NotImplementedError

    def public(self):
        """Rows the public may see: published, and every curated row they point at public too.

        A row that points at a draft (a statement citing a citation still in review) stays
        off the site.
        """
        condition = self.own_condition()
        for field in required_relations(self.model):
            condition &= pointing_at_public(field)
        return self.filter(condition)

    def not_public(self):
        """The rows `public()` leaves out: few, so cheap to count where public rows are many."""
        condition = self.own_hidden_condition()
        for field in required_relations(self.model):
            hidden = field.related_model._default_manager.not_public()
            condition |= models.Q(Among(field.name, hidden))
        return self.filter(condition)

    def having(self, condition):
        """Rows for which `condition` (which may span related rows) holds, each row once.

        A subquery rather than distinct(), which would clash with ordering by expressions.
        """
        return self.filter(pk__in=self.model._default_manager.filter(condition).values("pk"))


class CuratedQuerySet(VisibilityQuerySet):
    def own_condition(self):
        return models.Q(status=Status.PUBLISHED)

    def own_hidden_condition(self):
        # Listed rather than negated, so that the status index finds the few.
        return models.Q(status__in=Status.values_except(Status.PUBLISHED))

    def published(self):
        """Rows whose own status is published, whatever they point at (see `public()`)."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Public rows for the public; every row for staff, who may preview drafts."""
        return self if getattr(user, "is_staff", False) else self.public()


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
        help_text="Goes up with every saved change, never down; an edit of an older version is "
        "merged field by field or refused.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    # "revisions", not "history": Patient has a field called history.
    revisions = HistoricalRecords(inherit=True)
    # An editor's changes waiting for review; deleted with the row.
    pending_changes = GenericRelation("curation.PendingChange")
    # Where its quotes stand in their source; deleted with the row.
    quote_anchors = GenericRelation("curation.QuoteAnchor")
    objects = CuratedQuerySet.as_manager()

    provenance = None  # a quotes.Provenance where the model holds verbatim quotes

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
            self.version = self.next_version()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at", "version"}
        super().save(*args, **kwargs)

    def next_version(self):
        """One more than this object's version, the stored one and any proposed change's: never
        lower, even when an old revision is saved again (a revert) or the object was read before
        another save, and never a number a proposal (even a rejected one) already had."""
        stored = (
            type(self)._default_manager.filter(pk=self.pk).values_list("version", flat=True).first()
        )
        proposed = self.pending_changes.aggregate(highest=models.Max("version"))["highest"]
        return max(self.version, stored or 0, proposed or 0) + 1

    def clean(self):
        if self.provenance is not None:
            self.provenance.check(self)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class CuratedPartQuerySet(VisibilityQuerySet):
    def own_condition(self):
        return ~models.Q(Among(self.model.part_of, self.parent_model().objects.not_public()))

    def own_hidden_condition(self):
        return models.Q(Among(self.model.part_of, self.parent_model().objects.not_public()))

    def parent_model(self):
        return self.model._meta.get_field(self.model.part_of).related_model

    def pointing_at_public_rows(self):
        """Parts whose curated rows other than their own parent are all public.

        For prefetching the parts of rows already known to be public: a patient's treatment
        with a drug still in review is left out, not shown with the drug's name.
        """
        condition = models.Q()
        for field in required_relations(self.model):
            condition &= pointing_at_public(field)
        return self.filter(condition)


class CuratedPart(models.Model):
    """Abstract base for a row that belongs to one curated row and has no status of its own.

    `part_of` names the foreign key to that row. A change to a part is a change to its row:
    it follows the same review, and counts against the row's version.
    """

    part_of = None
    provenance = None

    revisions = HistoricalRecords(inherit=True)
    quote_anchors = GenericRelation("curation.QuoteAnchor")
    objects = CuratedPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self):
        """A part is shown on its row's page."""
        return self.parent.get_absolute_url()

    def clean(self):
        if self.provenance is not None and self.parent is not None:
            self.provenance.check(self)

    def quotation_label(self):
        """How a source page names what quotes it here (see quotes.Provenance)."""
        return self.parent.quotation_label()

    @property
    def parent(self):
        """The curated row this part belongs to; None while it is not set."""
        try:
            return getattr(self, self.part_of)
        except ObjectDoesNotExist:
            return None
