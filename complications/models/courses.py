"""How alemtuzumab is given: its courses, their doses and when they are repeated.

Not a complication, but every onset is counted from a course or an infusion, and retreatment
decisions hang on what a course is; these statements have a page of their own rather than
sitting on the page of a complication they are not about.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from curation.models import Curated, CuratedQuerySet
from curation.quotes import Provenance

from .base import choice_constraint
from .search import search_document
from .statements import (
    Attribution,
    EvidenceKind,
    attribution_field,
    check_comment_quote,
    evidence_line,
)
from .timing import TimeUnit, format_window


class CourseStatementQuerySet(CuratedQuerySet):
    def get_by_natural_key(self, key):
        return self.get(key=key)

    def with_provenance(self, user=None):
        from .interventions import Intervention

        return (
            self.select_related("source_document", "citation")
            .defer("source_document__text")
            .prefetch_related(
                "citation__authors",
                models.Prefetch("interventions", queryset=Intervention.objects.visible_to(user)),
            )
        )


class CourseStatement(Curated):
    key = models.SlugField(max_length=80, unique=True, help_text="Stable name of the statement.")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the page, smallest first."
    )
    text = models.TextField(help_text="The statement as the page shows it.")
    quote = models.TextField(
        help_text="The passage the statement rests on, verbatim from the source document."
    )
    search_vector = search_document({"text": "A", "quote": "B"})
    source_document = models.ForeignKey(
        "complications.SourceDocument",
        on_delete=models.PROTECT,
        related_name="course_statements",
        help_text="The document the quote is taken from, verbatim.",
    )
    citation = models.ForeignKey(
        "complications.Citation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="course_statements",
        help_text="The publication the statement rests on, when it rests on one.",
    )
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    attribution = attribution_field()
    speculative = models.BooleanField(
        default=False,
        help_text="The author offers this as a hypothesis, a guess or an open question.",
    )
    interventions = models.ManyToManyField(
        "complications.Intervention",
        blank=True,
        related_name="course_statements",
        help_text="Drugs and procedures the statement mentions.",
    )

    # The course as numbers, only where the source states them.
    course_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which course the statement is about (1 = the first)."
    )
    daily_dose_mg = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Dose per day, in mg."
    )
    infusion_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many daily infusions the course has."
    )
    after_previous_value = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Time since the previous course.",
    )
    after_previous_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)

    objects = CourseStatementQuerySet.as_manager()
    provenance = Provenance("quote", source="source_document")

    class Meta:
        ordering = ["position", "key"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("evidence_kind", EvidenceKind, "course_statement"),
            choice_constraint("attribution", Attribution, "course_statement"),
            models.CheckConstraint(condition=~Q(quote=""), name="course_statement_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(course_number__isnull=True) | Q(course_number__gte=1),
                name="course_statement_course_positive",
            ),
            models.CheckConstraint(
                condition=Q(infusion_days__isnull=True) | Q(infusion_days__gte=1),
                name="course_statement_infusion_days_positive",
            ),
            models.CheckConstraint(
                condition=Q(daily_dose_mg__isnull=True) | Q(daily_dose_mg__gt=0),
                name="course_statement_dose_positive",
            ),
            models.CheckConstraint(
                condition=Q(after_previous_value__isnull=True, after_previous_unit="")
                | Q(after_previous_value__gt=0, after_previous_unit__in=TimeUnit.values),
                name="course_statement_interval_has_unit",
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def natural_key(self):
        return (self.key,)

    natural_key.dependencies = ["complications.sourcedocument", "complications.citation"]

    def get_absolute_url(self):
        return f"{reverse('courses')}#{self.html_id}"

    @property
    def html_id(self):
        """The id of its element on its page; get_absolute_url() links to it."""
        return f"course-statement-{self.pk}"

    @property
    def quote_html_id(self):
        """The id of its quote's highlight on the source document's page."""
        return f"{self._meta.model_name}-{self.pk}-quote"

    def quotation_label(self):
        return "How alemtuzumab is given"

    @property
    def after_previous_text(self):
        return format_window(
            self.after_previous_value, self.after_previous_value, self.after_previous_unit
        )

    @property
    def evidence_line(self):
        return evidence_line(self)

    @property
    def course_text(self):
        """'course 2: 3 daily infusions, 12 mg a day, 12 months after the previous course'."""
        parts = []
        if self.infusion_days == 1:
            parts.append("a single infusion")
        elif self.infusion_days:
            parts.append(f"{self.infusion_days} daily infusions")
        if self.daily_dose_mg is not None:
            dose = f"{self.daily_dose_mg.normalize():f} mg"
            parts.append(dose if self.infusion_days == 1 else f"{dose} a day")
        if self.after_previous_unit:
            parts.append(f"{self.after_previous_text} after the previous course")
        label = f"course {self.course_number}" if self.course_number else ""
        if label and parts:
            return f"{label}: {', '.join(parts)}"
        return label or ", ".join(parts)

    def clean(self):
        if (self.after_previous_value is None) != (not self.after_previous_unit):
            raise ValidationError(
                {"after_previous_unit": "Give the time since the previous course with its unit."}
            )
        if self.source_document_id:
            super().clean()
            check_comment_quote(self)
