"""Individually reported patients: who they were, what happened, what was done, how it ended."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from complications.models import TimeUnit
from complications.models.base import choice_constraint, words_match
from complications.models.search import search_document
from complications.models.timing import OnsetAnchor, anchor_field, counted_text, days_field
from curation.models import Curated, CuratedPart, CuratedPartQuerySet, CuratedQuerySet
from curation.quotes import Provenance


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_REPORTED = "not_reported", "Not reported"


class Disease(models.TextChoices):
    RRMS = "rrms", "Relapsing-remitting MS"
    SPMS = "spms", "Secondary progressive MS"
    PPMS = "ppms", "Primary progressive MS"
    MS = "ms", "Multiple sclerosis, course not stated"
    NMO = "nmo", "Neuromyelitis optica"
    NOT_REPORTED = "not_reported", "Not reported"


# WHO ICD-10: G35 is multiple sclerosis whatever its course; G36.0 is neuromyelitis optica.
DISEASE_ICD10 = {
    Disease.RRMS: "G35",
    Disease.SPMS: "G35",
    Disease.PPMS: "G35",
    Disease.MS: "G35",
    Disease.NMO: "G36.0",
}


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    REMISSION = "remission", "Remission"
    STABLE = "stable", "Stable"
    ONGOING = "ongoing", "Ongoing"
    DIED = "died", "Died"
    NOT_REPORTED = "not_reported", "Not reported"


class TreatmentRole(models.TextChoices):
    """Why a drug was given: treating the complication is one reason among several."""

    TREATMENT = "treatment", "Treatment of the complication"
    PREMEDICATION = "premedication", "Premedication before infusion"
    PROPHYLAXIS = "prophylaxis", "Prophylaxis"
    BACKGROUND = "background", "The patient's own medicine"
    OTHER = "other", "Other"


class PatientQuerySet(CuratedQuerySet):
    def get_by_natural_key(self, report_slug, label):
        return self.get(report__slug=report_slug, label=label)

    def with_details(self, user=None):
        """Everything a case row or page shows, in a fixed number of queries.

        The parts that name another curated row (a complication, a drug) are left out while
        that row is not public, unless `user` is staff and may preview drafts.
        """

        def parts(model):
            rows = model.objects.all()
            return rows if getattr(user, "is_staff", False) else rows.pointing_at_public_rows()

        return self.select_related("report__citation", "report__source_document").prefetch_related(
            models.Prefetch(
                "complication_links",
                queryset=parts(PatientComplication).select_related("complication"),
            ),
            models.Prefetch(
                "prior_therapies", queryset=parts(PriorTherapy).select_related("intervention")
            ),
            models.Prefetch(
                "treatments",
                queryset=parts(Treatment).select_related("intervention", "complication"),
            ),
            "timeline",
            "report__citation__authors",
        )

    def with_complication(self, complication):
        return self.having(Q(complication_links__complication=complication))

    def with_prior(self, intervention):
        """Patients who had `intervention` before alemtuzumab."""
        return self.having(Q(prior_therapies__intervention=intervention))

    def treated_with(self, intervention=None, role=TreatmentRole.TREATMENT):
        """Patients given `intervention` (any, when None) in `role` (any role, when None)."""
        given = Q()
        if intervention is not None:
            given &= Q(treatments__intervention=intervention)
        if role is not None:
            given &= Q(treatments__role=role)
        return self.having(given) if given else self

    def matching(self, text):
        """Patients whose description, course, outcome or report title holds every word."""
        fields = [
            "label",
            "disease_detail",
            "history",
            "presentation",
            "investigations",
            "course",
            "outcome_detail",
            "report__citation__title",
        ]
        return self.filter(words_match(text, fields))

    def with_earliest_onset(self):
        """Annotate `onset_days`: the earliest onset, in days, of the patient's complications.

        A correlated subquery rather than a join and GROUP BY: a page of patients then costs
        a page of lookups, not an aggregate over every patient.
        """
        earliest = (
            PatientComplication.objects.filter(patient=models.OuterRef("pk"))
            .order_by()
            .values("patient")
            .annotate(earliest=models.Min("onset_days"))
            .values("earliest")
        )
        return self.annotate(onset_days=models.Subquery(earliest))

    def reported_in(self, citation):
        return self.filter(report__citation=citation)

    def reported_in_title(self, words):
        """Patients reported in a publication whose title holds every word."""
        return self.filter(words_match(words, ["report__citation__title"]))

    def died(self):
        return self.filter(outcome=Outcome.DIED)

    def retreated(self):
        return self.filter(retreated=True)

    def fatal_first(self):
        return self.alias(
            fatal=models.Case(models.When(outcome=Outcome.DIED, then=0), default=1)
        ).order_by("fatal", "report", "position")

    def leading(self, count, user=None):
        """The first `count` patients of this ordering, with their details (`with_details`).

        The order is found on ids alone, then the details are read for those rows only: at
        100,000 patients, sorting the few thousand of one complication with every joined
        column took twice as long as sorting their ids.
        """
        ids = list(self.values_list("pk", flat=True)[:count])
        found = {p.pk: p for p in self.model.objects.filter(pk__in=ids).with_details(user)}
        return [found[pk] for pk in ids]


class Patient(Curated):
    report = models.ForeignKey("cases.Report", on_delete=models.CASCADE, related_name="patients")
    label = models.CharField(
        max_length=60, help_text="How the publication names the patient, e.g. “Patient 2”."
    )
    position = models.PositiveSmallIntegerField(default=1)
    age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text="Age in years at the complication, only as stated; empty when not reported.",
    )
    sex = models.CharField(max_length=12, choices=Sex.choices, default=Sex.NOT_REPORTED)
    disease = models.CharField(max_length=12, choices=Disease.choices, default=Disease.NOT_REPORTED)
    disease_detail = models.CharField(
        max_length=300, blank=True, help_text="The disease as the source describes it."
    )
    history = models.TextField(blank=True, help_text="Other conditions and background.")
    presentation = models.TextField(blank=True)
    investigations = models.TextField(blank=True)
    course = models.TextField(blank=True, help_text="What happened, in order, in brief.")
    outcome = models.CharField(
        max_length=12, choices=Outcome.choices, default=Outcome.NOT_REPORTED, db_index=True
    )
    outcome_detail = models.TextField(blank=True)
    outcome_quote = models.TextField(blank=True)
    retreated = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether alemtuzumab was given again after the complication; "
        "empty when not reported.",
    )
    retreatment_detail = models.TextField(blank=True, help_text="What happened on retreatment.")
    retreatment_quote = models.TextField(blank=True)
    quote = models.TextField(help_text="The passage describing the patient, verbatim.")
    search_vector = search_document(
        {
            "label": "B",
            "disease_detail": "B",
            "presentation": "A",
            "course": "B",
            "history": "C",
            "investigations": "C",
            "outcome_detail": "B",
        }
    )
    complications = models.ManyToManyField(
        "complications.Complication", through="PatientComplication", related_name="patients"
    )

    objects = PatientQuerySet.as_manager()
    provenance = Provenance(
        "quote", "outcome_quote", "retreatment_quote", source="report.source_document"
    )

    class Meta:
        ordering = ["report_id", "position"]
        indexes = [models.Index(fields=["sex", "age"])]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("sex", Sex, "patient"),
            choice_constraint("disease", Disease, "patient"),
            choice_constraint("outcome", Outcome, "patient"),
            models.UniqueConstraint(fields=["report", "label"], name="patient_label_unique"),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__lte=120), name="patient_age_plausible"
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="patient_quote_not_empty"),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.NOT_REPORTED) | ~Q(outcome_quote=""),
                name="patient_outcome_is_quoted",
            ),
            models.CheckConstraint(
                condition=Q(retreated__isnull=True) | ~Q(retreatment_quote=""),
                name="patient_retreatment_is_quoted",
            ),
        ]

    def __str__(self):
        return f"{self.label}, {self.report.citation}"

    def natural_key(self):
        return (*self.report.natural_key(), self.label)

    natural_key.dependencies = ["cases.report"]

    def get_absolute_url(self):
        return reverse("case-detail", kwargs={"pk": self.pk})

    def quotation_label(self):
        return self.label

    @property
    def heading(self):
        """'Zhao et al. 2025 — woman, 29': the publication and the patient, as clinicians
        name a case (from the prefetched citation authors)."""
        adult = self.age is None or self.age >= 18
        who = {
            Sex.FEMALE: "woman" if adult else "girl",
            Sex.MALE: "man" if adult else "boy",
        }.get(self.sex, "patient, sex not reported")
        age = f"{self.age}" if self.age is not None else "age not reported"
        return f"{self.report.citation.short_label} — {who}, {age}"

    @property
    def disease_icd10(self):
        return DISEASE_ICD10.get(self.disease, "")

    @property
    def source_document(self):
        return self.report.source_document

    def clean(self):
        if not self.report_id:
            return
        errors = self.provenance.errors(self)
        if self.outcome != Outcome.NOT_REPORTED and not self.outcome_quote:
            errors["outcome_quote"] = "Quote the passage that reports the outcome."
        if self.retreated is not None and not self.retreatment_quote:
            errors.setdefault(
                "retreatment_quote", "Quote the passage that reports the retreatment."
            )
        if self.outcome == Outcome.NOT_REPORTED and self.outcome_quote:
            errors.setdefault("outcome", "Choose the outcome the quoted passage reports.")
        if self.retreated is None and self.retreatment_quote:
            errors.setdefault("retreated", "Say whether the quoted passage reports a retreatment.")
        if errors:
            raise ValidationError(errors)


class PatientDetailQuerySet(CuratedPartQuerySet):
    """Rows that belong to one patient, named by the patient and their position."""

    def get_by_natural_key(self, report_slug, label, position):
        return self.get(patient__report__slug=report_slug, patient__label=label, position=position)


class PatientComplicationQuerySet(PatientDetailQuerySet):
    def with_known_onset(self):
        """Public patients' links to public complications whose onset latency is reported."""
        return self.public().filter(onset_days__isnull=False).select_related("patient")


class PatientDetail(CuratedPart):
    """Abstract: a quoted row inside a patient, in order. Subclasses add the `patient` key.

    Ordered by the patient's id, not the patient: ordering by a relation follows its own
    ordering through joins, which made every prefetch of these rows join four tables.
    """

    part_of = "patient"
    provenance = Provenance("quote", source="patient.report.source_document")

    position = models.PositiveSmallIntegerField(default=1)
    quote = models.TextField()

    objects = PatientDetailQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["patient_id", "position"]

    def natural_key(self):
        return (*self.patient.natural_key(), self.position)

    natural_key.dependencies = ["cases.patient"]


class PatientComplication(PatientDetail):
    """A complication a patient had, with when it began after alemtuzumab."""

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="complication_links"
    )
    complication = models.ForeignKey(
        "complications.Complication", on_delete=models.PROTECT, related_name="patient_links"
    )
    course_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Which alemtuzumab course it came with (1 = first)."
    )
    dose = models.CharField(max_length=100, blank=True, help_text="Dose, as the source states it.")
    onset_latency = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Time from the start of that course to onset; empty when not reported.",
    )
    onset_unit = models.CharField(max_length=10, choices=TimeUnit.choices, blank=True)
    onset_days = days_field("onset_latency", "onset_unit", "Onset latency in days.")
    onset_detail = models.CharField(
        max_length=300, blank=True, help_text="The latency as the source words it."
    )
    onset_anchor = anchor_field(
        "What the latency is counted from (“day 4” of a course: the start of the course, "
        "counted as a day number); required with a latency."
    )

    objects = PatientComplicationQuerySet.as_manager()

    class Meta(PatientDetail.Meta):
        indexes = [models.Index(fields=["complication", "onset_days"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "position"], name="patient_complication_position_unique"
            ),
            models.UniqueConstraint(
                fields=["patient", "complication"], name="patient_complication_unique"
            ),
            models.CheckConstraint(
                condition=Q(onset_latency__isnull=True, onset_unit="")
                | Q(onset_latency__isnull=False, onset_unit__in=TimeUnit.values),
                name="patient_complication_onset_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(course_number__isnull=True) | Q(course_number__gte=1),
                name="patient_complication_course_positive",
            ),
            models.CheckConstraint(
                condition=Q(onset_latency__isnull=True) | Q(onset_anchor__in=OnsetAnchor.values),
                name="patient_complication_latency_has_anchor",
            ),
            models.CheckConstraint(
                condition=Q(onset_anchor__in=["", *OnsetAnchor.values]),
                name="patient_complication_onset_anchor_valid",
            ),
        ]

    def __str__(self):
        return f"{self.complication} in {self.patient}"

    @property
    def onset_text(self):
        """'day 4 of the course', '6 months after the first course'; '' when not reported."""
        return counted_text(
            self.onset_latency, self.onset_latency, self.onset_unit, self.onset_anchor
        )

    def clean(self):
        super().clean()
        if (self.onset_latency is None) != (not self.onset_unit):
            raise ValidationError({"onset_unit": "Give the latency and its unit together."})
        if self.onset_latency is not None and not self.onset_anchor:
            raise ValidationError(
                {
                    "onset_anchor": "Say what the latency is counted from (“not stated” when "
                    "the source does not say)."
                }
            )


class PriorTherapy(PatientDetail):
    """A therapy the patient had before alemtuzumab, in the order given."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="prior_therapies")
    intervention = models.ForeignKey(
        "complications.Intervention", on_delete=models.PROTECT, related_name="prior_uses"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta(PatientDetail.Meta):
        verbose_name_plural = "prior therapies"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "position"], name="prior_therapy_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.intervention} before alemtuzumab"


class Treatment(PatientDetail):
    """A drug or procedure the patient was given, and why: for the complication, before an
    infusion, to prevent something, or as their own regular medicine."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="treatments")
    intervention = models.ForeignKey(
        "complications.Intervention", on_delete=models.PROTECT, related_name="treatment_uses"
    )
    complication = models.ForeignKey(
        "complications.Complication",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="treatments",
        help_text="The complication it was given for, when the source says.",
    )
    detail = models.CharField(max_length=300, blank=True, help_text="Dose, route, number of doses.")
    role = models.CharField(
        max_length=14,
        choices=TreatmentRole.choices,
        default=TreatmentRole.TREATMENT,
        help_text="Why it was given: for the complication, as premedication before an infusion, "
        "as prophylaxis, or as the patient's own medicine.",
    )

    class Meta(PatientDetail.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "position"], name="treatment_position_unique"
            ),
            choice_constraint("role", TreatmentRole, "treatment"),
        ]

    def __str__(self):
        return f"{self.intervention} for {self.patient}"


class TimelineEvent(PatientDetail):
    """One step of the patient's course, in the order the source tells it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="timeline")
    when = models.CharField(
        max_length=120, blank=True, help_text="When, in the source's words (“A year later”)."
    )
    description = models.TextField()

    class Meta(PatientDetail.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "position"], name="timeline_event_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.when}: {self.description[:60]}".strip(": ")
