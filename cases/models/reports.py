"""Publications that report patients: one, several one by one, several in aggregate, a review."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from complications.models.base import choice_constraint
from curation.models import Curated, CuratedPart, CuratedPartQuerySet, SlugKeyedQuerySet
from curation.quotes import Provenance


class ReportKind(models.TextChoices):
    SINGLE_CASE = "single_case", "Single case report"
    SERIES_INDIVIDUAL = "series_individual", "Case series, patients described individually"
    SERIES_AGGREGATE = "series_aggregate", "Case series, reported only in aggregate"
    LITERATURE_REVIEW = "literature_review", "Literature review with counts"


class ReportQuerySet(SlugKeyedQuerySet):
    def with_details(self, user=None):
        """With citation, source, complications, counts and patients (those `user` may see)."""
        from complications.models import Complication

        from .patients import Patient

        return self.select_related("citation", "source_document").prefetch_related(
            models.Prefetch("complications", queryset=Complication.objects.visible_to(user)),
            "counts",
            models.Prefetch("patients", queryset=Patient.objects.visible_to(user)),
        )

    def aggregate_only(self):
        """Reports whose patients are counted but not described here one by one: series and
        reviews reported in aggregate, and publications known only from their title."""
        from .patients import Patient

        described = Patient.objects.filter(report=models.OuterRef("pk"))
        return self.filter(
            Q(kind__in=[ReportKind.SERIES_AGGREGATE, ReportKind.LITERATURE_REVIEW])
            | ~models.Exists(described)
        )

    def about(self, complication):
        return self.having(Q(complications=complication))


class Report(Curated):
    slug = models.SlugField(max_length=80, unique=True)
    citation = models.ForeignKey(
        "complications.Citation", on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    patient_count = models.PositiveIntegerField(
        help_text="How many patients the publication reports, as it states."
    )
    summary = models.TextField(help_text="What the publication reports, in a few sentences.")
    complications = models.ManyToManyField(
        "complications.Complication", related_name="reports", blank=True
    )
    includes_cases_reported_elsewhere = models.BooleanField(
        default=False,
        help_text="A review whose count may include patients that other publications report.",
    )
    source_document = models.ForeignKey(
        "complications.SourceDocument",
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The document the facts about this report are quoted from.",
    )
    quote = models.TextField(help_text="The passage stating what and how many, verbatim.")

    objects = ReportQuerySet.as_manager()
    provenance = Provenance("quote", source="source_document")

    class Meta:
        ordering = ["slug"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("kind", ReportKind, "report"),
            models.CheckConstraint(condition=Q(patient_count__gte=1), name="report_has_patients"),
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.SINGLE_CASE) | Q(patient_count=1),
                name="report_single_case_has_one_patient",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="report_quote_not_empty"),
        ]

    def __str__(self):
        return f"{self.citation} ({self.get_kind_display().lower()}, n={self.patient_count})"

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["complications.citation", "complications.sourcedocument"]

    def get_absolute_url(self):
        return reverse("report-detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.kind == ReportKind.SINGLE_CASE and self.patient_count != 1:
            raise ValidationError({"patient_count": "A single case report has one patient."})
        if self.citation_id and self.source_document_id:
            # Model validation, which every write path runs, rather than a database
            # constraint: synthetic and test data build many reports on one pair directly.
            others = Report.objects.filter(
                citation_id=self.citation_id, source_document_id=self.source_document_id
            ).exclude(pk=self.pk)
            if others.exists():
                raise ValidationError(
                    {
                        "citation": "This publication already has a report from this source: "
                        "add the patient to it."
                    }
                )
        if self.source_document_id:
            super().clean()

    def quotation_label(self):
        return "report"

    @property
    def describes_patients_individually(self):
        return self.kind in (ReportKind.SINGLE_CASE, ReportKind.SERIES_INDIVIDUAL)


class ReportCountQuerySet(CuratedPartQuerySet):
    def get_by_natural_key(self, report_slug, position):
        return self.get(report__slug=report_slug, position=position)


class ReportCount(CuratedPart):
    """A count a series or review reports only in aggregate: '11 of 14 had RRMS'."""

    part_of = "report"
    provenance = Provenance("quote", source="report.source_document")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="counts")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=300, help_text="What was counted.")
    count = models.PositiveIntegerField()
    denominator = models.PositiveIntegerField(
        null=True, blank=True, help_text="Out of how many, when the source says."
    )
    quote = models.TextField()

    objects = ReportCountQuerySet.as_manager()

    class Meta:
        ordering = ["report_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_count_unique"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(count__lte=models.F("denominator")),
                name="report_count_within_denominator",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="report_count_quote_not_empty"),
        ]

    def __str__(self):
        of = f" of {self.denominator}" if self.denominator is not None else ""
        return f"{self.count}{of}: {self.label}"

    def natural_key(self):
        return (*self.report.natural_key(), self.position)

    natural_key.dependencies = ["cases.report"]

    def quotation_label(self):
        return "count"

    def clean(self):
        if self.denominator is not None and self.count > self.denominator:
            raise ValidationError({"count": "A count cannot exceed its denominator."})
        super().clean()
