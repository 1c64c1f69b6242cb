"""A statement on a complication page, with the quote and the evidence it rests on."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from curation.models import Curated, CuratedQuerySet
from curation.quotes import Provenance

from .base import choice_constraint
from .search import search_document
from .timing import (
    OnsetAnchor,
    TimeUnit,
    anchor_field,
    counted_text,
    days_field,
    format_window,
)


class Section(models.TextChoices):
    """The sections of a complication page, in the order the page shows them."""

    SUMMARY = "summary", "Summary"
    INCIDENCE = "incidence", "Incidence"
    ONSET = "onset", "Onset"
    CLINICAL_FEATURES = "clinical_features", "Clinical features"
    MONITORING = "monitoring", "Monitoring"
    MANAGEMENT = "management", "Management"
    OUTCOME = "outcome", "Outcome"
    RETREATMENT = "retreatment", "Retreatment"
    MECHANISM = "mechanism", "Mechanism"


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class EvidenceKind(models.TextChoices):
    """What kind of evidence a statement rests on, strongest first."""

    REGULATORY_LABEL = "regulatory_label", "Regulatory label"
    TRIAL = "trial", "Clinical trial"
    OBSERVATIONAL_STUDY = "observational_study", "Observational or laboratory study"
    CASE_SERIES = "case_series", "Case series"
    CASE_REPORT = "case_report", "Case report"
    LITERATURE_REVIEW = "literature_review", "Literature review"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"


class Attribution(models.TextChoices):
    """Who says it: the publication itself, or a document reporting what another says."""

    FIRST_HAND = "first_hand", "First-hand"
    SECOND_HAND = "second_hand", "Second-hand"


ATTRIBUTION_HELP = (
    "First-hand: the source document (or the cited publication, in its own words) says it. "
    "Second-hand: the source document reports what another says (a blog saying what the label "
    "says; a paper citing another study's finding)."
)


def attribution_field():
    return models.CharField(
        max_length=12,
        choices=Attribution.choices,
        default=Attribution.FIRST_HAND,
        help_text=ATTRIBUTION_HELP,
    )


def evidence_line(row):
    """'expert opinion, Prof G, blog post'; 'literature review, Drop et al. 2021, reported in
    Zhao et al., journal article': the kind of evidence of a statement (or course statement)
    and who it comes from, in words."""
    parts = [row.get_evidence_kind_display().lower()]
    if row.citation:
        parts.append(row.citation.short_label)
    if row.attribution == Attribution.SECOND_HAND:
        parts.append(f"reported in {row.source_document.short_label}")
    elif not row.citation:
        parts.append(row.source_document.short_label)
    return ", ".join(parts)


def check_comment_quote(row):
    """A quote from a blog's comments can only be an author's reply: expert opinion at most."""
    if (
        row.source_document.locate(row.quote) == "comments"
        and row.evidence_kind != EvidenceKind.EXPERT_OPINION
    ):
        raise ValidationError(
            {
                "evidence_kind": "A quote from the comments can only be an author's reply, "
                "which is expert opinion; reader comments are never evidence."
            }
        )


class StatementQuerySet(CuratedQuerySet):
    def get_by_natural_key(self, complication_slug, key):
        return self.get(complication__slug=complication_slug, key=key)

    def with_provenance(self, user=None):
        """With source, citation, authors, and the drugs it names (those `user` may see).

        A source document's text is long and never needed beside a statement.
        """
        from .interventions import Intervention

        return (
            self.select_related("source_document", "citation")
            .defer("source_document__text")
            .prefetch_related(
                "citation__authors",
                models.Prefetch("interventions", queryset=Intervention.objects.visible_to(user)),
            )
        )

    def in_section(self, section):
        return self.filter(section=section)

    def with_numbers(self):
        """Statements that carry an incidence figure or an onset window as numbers."""
        return self.filter(
            Q(frequency_high__isnull=False)
            | Q(onset_min__isnull=False)
            | Q(onset_max__isnull=False)
        )


class Statement(Curated):
    complication = models.ForeignKey(
        "complications.Complication", on_delete=models.CASCADE, related_name="statements"
    )
    key = models.SlugField(
        max_length=80, help_text="Stable name of the statement within its complication."
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order within the section, smallest first."
    )
    key_point = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Place among the key points at the top of its complication's page (1 first: "
        "what it is, how often, when, how it presents, what to do and monitor, outcome, "
        "retreatment); empty when it is not a key point.",
    )
    text = models.TextField(help_text="The statement as the page shows it.")
    quote = models.TextField(
        help_text="The passage the statement rests on, verbatim from the source document."
    )
    search_vector = search_document({"text": "A", "quote": "B"})
    source_document = models.ForeignKey(
        "complications.SourceDocument",
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="The document the quote is taken from, verbatim.",
    )
    citation = models.ForeignKey(
        "complications.Citation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
        help_text="The publication the statement rests on, when it rests on one.",
    )
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    attribution = attribution_field()
    also_on = models.ManyToManyField(
        "complications.Complication",
        blank=True,
        related_name="shared_statements",
        help_text="Other complication pages that show this statement, instead of a copy of it.",
    )
    interventions = models.ManyToManyField(
        "complications.Intervention",
        blank=True,
        related_name="statements",
        help_text="Drugs and procedures the statement mentions.",
    )
    speculative = models.BooleanField(
        default=False,
        help_text="The author offers this as a hypothesis, a guess or an open question, "
        "not as a reported finding.",
    )

    # Incidence as the source states it: low..high cases per `frequency_per` patients
    # ("~30%" is 30..30 per 100; "1 in 50" is 1..1 per 50). Empty when the source gives no number.
    frequency_low = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    frequency_high = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    frequency_per = models.PositiveIntegerField(
        null=True, blank=True, help_text="100 for a percentage; 50 for “1 in 50”."
    )
    approximate = models.BooleanField(
        default=False, help_text="The source qualifies the number (“~”, “about”, “approximately”)."
    )

    # Onset after infusion as numbers; an open upper bound stays empty. When the source names
    # only a unit ("months to years"), the lower bound is 1 of that unit.
    onset_min = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    onset_max = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    onset_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    onset_min_days = days_field("onset_min", "onset_unit", "Lower bound of the onset, in days.")
    onset_max_days = days_field("onset_max", "onset_unit", "Upper bound of the onset, in days.")
    onset_anchor = anchor_field(
        "What the onset window is counted from, as the source states it (the start of the "
        "course for “day 4” or “days 1–4”, counted as day numbers; the last course for “months "
        "after the last course”); required with a window."
    )

    # A schedule as numbers, where the source states them: what is monitored or given, how
    # often, for how long, counted from what ("anti-viral drugs for about 6 weeks").
    measure = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the schedule is about: what is monitored or given (“antiviral "
        "prophylaxis”), or what lasts (“anti-drug antibodies, until they wane”); empty when the "
        "statement states no schedule.",
    )
    interval_value = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, help_text="How often: every …"
    )
    interval_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    duration_min = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="For how long: the shortest time stated (“at least 4 years”: 4).",
    )
    duration_max = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The longest time stated (“9–10 months”: 10); the same as the shortest for a "
        "single figure; empty when open (“at least”).",
    )
    duration_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    counted_from = anchor_field("What the schedule's duration is counted from.")

    objects = StatementQuerySet.as_manager()
    provenance = Provenance("quote", source="source_document")

    class Meta:
        ordering = ["complication_id", "section", "position", "key"]
        indexes = [
            models.Index(fields=["complication", "section", "position"]),
            models.Index(fields=["onset_min_days"]),
            models.Index(fields=["evidence_kind"]),
        ]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("section", Section, "statement"),
            choice_constraint("evidence_kind", EvidenceKind, "statement"),
            models.UniqueConstraint(
                fields=["complication", "key"], name="statement_key_unique_per_complication"
            ),
            models.UniqueConstraint(
                fields=["complication", "key_point"],
                condition=Q(key_point__isnull=False),
                name="statement_key_point_unique_per_complication",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="statement_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(frequency_high__isnull=True)
                | (
                    Q(section=Section.INCIDENCE, frequency_per__gte=1, frequency_low__gte=0)
                    & Q(frequency_low__lte=models.F("frequency_high"))
                    & Q(frequency_high__lte=models.F("frequency_per"))
                ),
                name="statement_frequency_is_a_proportion",
            ),
            models.CheckConstraint(
                condition=Q(
                    frequency_low__isnull=True,
                    frequency_high__isnull=True,
                    frequency_per__isnull=True,
                )
                | Q(
                    frequency_low__isnull=False,
                    frequency_high__isnull=False,
                    frequency_per__isnull=False,
                ),
                name="statement_frequency_complete",
            ),
            models.CheckConstraint(
                condition=(Q(onset_min__isnull=True) & Q(onset_max__isnull=True) & Q(onset_unit=""))
                | (
                    Q(section=Section.ONSET, onset_unit__in=TimeUnit.values)
                    & (Q(onset_min__isnull=False) | Q(onset_max__isnull=False))
                ),
                name="statement_onset_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(onset_min__isnull=True)
                | Q(onset_max__isnull=True)
                | Q(onset_min__lte=models.F("onset_max")),
                name="statement_onset_min_not_after_max",
            ),
            choice_constraint("attribution", Attribution, "statement"),
            models.CheckConstraint(
                condition=(Q(onset_unit="") & Q(onset_anchor=""))
                | (~Q(onset_unit="") & Q(onset_anchor__in=OnsetAnchor.values)),
                name="statement_onset_window_has_anchor",
            ),
            models.CheckConstraint(
                condition=Q(interval_value__isnull=True, interval_unit="")
                | Q(interval_value__gt=0, interval_unit__in=TimeUnit.values),
                name="statement_interval_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(duration_min__isnull=True, duration_max__isnull=True, duration_unit="")
                | (
                    (Q(duration_min__gt=0) | Q(duration_max__gt=0))
                    & Q(duration_unit__in=TimeUnit.values)
                ),
                name="statement_duration_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(duration_min__isnull=True)
                | Q(duration_max__isnull=True)
                | Q(duration_min__lte=models.F("duration_max")),
                name="statement_duration_min_not_after_max",
            ),
            models.CheckConstraint(
                condition=Q(measure="", interval_unit="", duration_unit="", counted_from="")
                | (~Q(measure="") & Q(counted_from__in=["", *OnsetAnchor.values])),
                name="statement_schedule_names_its_measure",
            ),
        ]

    def __str__(self):
        return f"{self.complication}: {self.text[:60]}"

    def natural_key(self):
        return (*self.complication.natural_key(), self.key)

    natural_key.dependencies = [
        "complications.complication",
        "complications.sourcedocument",
        "complications.citation",
    ]

    def get_absolute_url(self):
        return f"{self.complication.get_absolute_url()}#{self.html_id}"

    @property
    def html_id(self):
        """The id of its element on its page; get_absolute_url() links to it."""
        return f"statement-{self.pk}"

    @property
    def quote_html_id(self):
        """The id of its quote's highlight on the source document's page."""
        return f"{self._meta.model_name}-{self.pk}-quote"

    def quotation_label(self):
        complication = self.complication
        return f"{complication.abbreviation or complication.name}: {self.get_section_display()}"

    def clean(self):
        errors = {}
        frequency = (self.frequency_low, self.frequency_high, self.frequency_per)
        if any(v is not None for v in frequency) and any(v is None for v in frequency):
            errors["frequency_per"] = (
                "Give the low and high figures (the same for a single figure) and out of how "
                "many (100 for a percentage)."
            )
        elif self.frequency_high is not None and self.frequency_low > self.frequency_high:
            errors["frequency_high"] = "The high figure is below the low one."
        if (
            self.frequency_high is not None
            and self.frequency_per
            and self.frequency_high > self.frequency_per
        ):
            errors["frequency_high"] = "A frequency cannot exceed its denominator (100%)."
        if self.frequency_high is not None and self.section != Section.INCIDENCE:
            errors["section"] = "Only incidence statements carry a frequency."
        has_onset = self.onset_min is not None or self.onset_max is not None
        if has_onset and not self.onset_unit:
            errors["onset_unit"] = "Give the unit of the onset window."
        if self.onset_unit and not has_onset:
            errors["onset_min"] = "Give the onset window, or clear its unit."
        if has_onset and self.section != Section.ONSET:
            errors["section"] = "Only onset statements carry an onset window."
        if (
            self.onset_min is not None
            and self.onset_max is not None
            and self.onset_min > self.onset_max
        ):
            errors["onset_max"] = "The end of the onset window comes before its start."
        if has_onset and not self.onset_anchor:
            errors["onset_anchor"] = (
                "Say what the onset window is counted from (“not stated” when the source does "
                "not say)."
            )
        if self.onset_anchor and not has_onset:
            errors["onset_anchor"] = "Only an onset window is counted from an event."
        errors.update(self.schedule_errors())
        if errors:
            raise ValidationError(errors)
        if self.source_document_id:
            super().clean()
            check_comment_quote(self)

    def schedule_errors(self):
        errors = {}
        if (self.interval_value is None) != (not self.interval_unit):
            errors["interval_unit"] = "Give how often as a number and its unit together."
        elif self.interval_value is not None and self.interval_value <= 0:
            errors["interval_value"] = "Give a number above zero."
        duration = [v for v in (self.duration_min, self.duration_max) if v is not None]
        if bool(duration) != bool(self.duration_unit):
            errors["duration_unit"] = "Give for how long as a number and its unit together."
        elif any(v <= 0 for v in duration):
            errors["duration_min"] = "Give a number above zero."
        elif len(duration) == 2 and self.duration_min > self.duration_max:
            errors["duration_max"] = "The longest time is below the shortest."
        scheduled = self.interval_unit or self.duration_unit or self.counted_from
        if scheduled and not self.measure:
            errors["measure"] = "Say what is monitored or given on this schedule."
        return errors

    @property
    def evidence_line(self):
        return evidence_line(self)

    @property
    def onset_text(self):
        """'days 1–4 of the course', 'months or more after the last course'; '' without one."""
        return counted_text(self.onset_min, self.onset_max, self.onset_unit, self.onset_anchor)

    @property
    def schedule_text(self):
        """'antiviral prophylaxis: for about 6 weeks'; '' without a schedule."""
        parts = []
        if self.interval_unit:
            if self.interval_value == 1:
                parts.append(f"every {self.interval_unit.removesuffix('s')}")
            else:
                interval = format_window(
                    self.interval_value, self.interval_value, self.interval_unit
                )
                parts.append(f"every {interval}")
        if self.duration_unit:
            about = "about " if self.approximate else ""
            if self.duration_max is None:
                least = format_window(self.duration_min, self.duration_min, self.duration_unit)
                parts.append(f"for at least {least}")
            else:
                duration = format_window(self.duration_min, self.duration_max, self.duration_unit)
                parts.append(f"for {about}{duration}")
        if self.counted_from and self.counted_from != OnsetAnchor.NOT_STATED:
            parts.append(f"counted from {OnsetAnchor(self.counted_from).label}")
        if not self.measure:
            return ""
        return f"{self.measure}: {', '.join(parts)}" if parts else self.measure

    @property
    def frequency_text(self):
        """The figure in the source's own form: '~30%', '2–3%', 'about 1 in 50'."""
        if self.frequency_high is None:
            return ""
        low, high = (f"{v.normalize():f}" for v in (self.frequency_low, self.frequency_high))
        if self.frequency_per == 100:
            figure = f"{high}%" if low == high else f"{low}–{high}%"
        else:
            figure = (
                f"{high} in {self.frequency_per}"
                if low == high
                else (f"{low}–{high} in {self.frequency_per}")
            )
        return f"about {figure}" if self.approximate else figure
