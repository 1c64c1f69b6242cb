"""Publications: what a statement or a reported case rests on."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

from curation.models import Curated, CuratedPart, CuratedPartQuerySet, SlugKeyedQuerySet
from curation.quotes import Provenance

from .base import choice_constraint, words_match
from .search import search_document

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMID_PATTERN = r"^[1-9]\d{0,8}$"
AUTHOR_NAMES_LENGTH = 2000
INITIALS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def given_names(given):
    """Given names as reference managers and citation processors read them.

    Vancouver-style initials run together ("BRH", "G", "P-V": only capital letters and hyphens,
    at most four characters) become dotted initials ("B. R. H.", "G.", "P.-V."), which every
    processor takes as one given name per initial; anything else ("Dylan Haixiang") is kept.
    """
    given = given.strip()
    if len(given) > 4 or not INITIALS.fullmatch(given) or not given.isupper():
        return given
    return "-".join(" ".join(f"{letter}." for letter in part) for part in given.split("-"))


class PublicationKind(models.TextChoices):
    RANDOMISED_TRIAL = "randomised_trial", "Randomised controlled trial"
    CASE_REPORT = "case_report", "Case report"
    CASE_SERIES = "case_series", "Case series"
    LITERATURE_REVIEW = "literature_review", "Review"
    OBSERVATIONAL_STUDY = "observational_study", "Observational study"
    LABORATORY_STUDY = "laboratory_study", "Laboratory study"
    COMMENTARY = "commentary", "Commentary"
    OTHER = "other", "Other"


class CitationQuerySet(SlugKeyedQuerySet):
    def with_authors(self):
        return self.prefetch_related("authors")

    def matching(self, text):
        """Citations whose title, journal or authors' names hold every word."""
        return self.having(
            words_match(text, ["title", "journal", "journal_full", "authors__family"])
        )

    def supporting(self, complication):
        """Citations that a complication's public statements or public case reports rest on."""
        from .statements import Statement

        reports = self.model._meta.get_field("reports").related_model
        return self.filter(
            models.Q(
                pk__in=Statement.objects.public()
                .filter(models.Q(complication=complication) | models.Q(also_on=complication))
                .values("citation")
            )
            | models.Q(
                pk__in=reports.objects.public()
                .filter(complications=complication)
                .values("citation")
            )
        )

    def with_public_evidence(self):
        """With where public sources discuss each citation, and the public statements and
        course statements resting on it, with the complication pages they are on."""
        from .complications import Complication
        from .courses import CourseStatement
        from .statements import Statement

        return self.prefetch_related(
            models.Prefetch(
                "mentions",
                queryset=CitationMention.objects.pointing_at_public_rows().select_related(
                    "source_document"
                ),
            ),
            models.Prefetch(
                "statements",
                queryset=Statement.objects.public()
                .select_related("complication", "source_document")
                .defer("source_document__text")
                .prefetch_related(
                    models.Prefetch("also_on", queryset=Complication.objects.public())
                ),
            ),
            models.Prefetch(
                "course_statements",
                queryset=CourseStatement.objects.public()
                .select_related("source_document")
                .defer("source_document__text"),
            ),
        )

    def discussed_in(self, source_document):
        return self.filter(mentions__source_document=source_document)

    def refresh_author_names(self):
        """Copy each citation's authors' family names into `author_names`, for search."""
        names = {}
        authors = CitationAuthor.objects.filter(citation__in=self)
        authors = authors.order_by("citation_id", "position")
        for citation_id, family in authors.values_list("citation_id", "family").iterator():
            names.setdefault(citation_id, []).append(family)
        citations = list(self.only("pk", "author_names"))
        for citation in citations:
            citation.author_names = " ".join(names.get(citation.pk, []))[:AUTHOR_NAMES_LENGTH]
        Citation.objects.bulk_update(citations, ["author_names"], batch_size=2000)


class Citation(Curated):
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Stable key, first author and year, e.g. “saarela-2018”.",
    )
    kind = models.CharField(
        max_length=20,
        choices=PublicationKind.choices,
        help_text="What kind of publication this is, as far as the sources tell.",
    )
    title = models.CharField(max_length=500)
    journal = models.CharField(
        max_length=200,
        blank=True,
        help_text="The journal's abbreviated title, as the sources give it (NLM style, "
        "e.g. “Mult Scler Relat Disord”): the form AMA references print.",
    )
    journal_full = models.CharField(
        "journal (full title)",
        max_length=200,
        blank=True,
        help_text="The journal's full title where a source states it; empty otherwise.",
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        db_index=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(
        max_length=40, blank=True, help_text="Page range or article number, as published."
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[
            RegexValidator(DOI_PATTERN, "Enter a DOI such as 10.1212/WNL.0000000000004950.")
        ],
        help_text="Only a DOI that a source states; never looked up or guessed.",
    )
    pmid = models.CharField(
        "PMID",
        max_length=9,
        blank=True,
        validators=[RegexValidator(PMID_PATTERN, "A PMID is a number of up to nine digits.")],
        help_text="Only a PubMed ID that a source states; never looked up or guessed.",
    )
    url = models.URLField("URL", max_length=500, blank=True)
    full_text = models.ForeignKey(
        "complications.SourceDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="text_of",
        help_text="The source document that is this publication's own text, when one is: "
        "pages then give the two a single reference number.",
    )
    authors_truncated = models.BooleanField(
        default=False,
        help_text="The source lists only the first authors (“et al.”).",
    )
    author_names = models.CharField(
        max_length=AUTHOR_NAMES_LENGTH,
        blank=True,
        editable=False,
        help_text="The authors' family names, copied from the author rows for search.",
    )
    search_vector = search_document({"title": "A", "author_names": "B", "journal": "C"})

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "slug"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("kind", PublicationKind, "citation"),
            models.UniqueConstraint(
                fields=["doi"],
                condition=~models.Q(doi=""),
                name="citation_doi_unique",
                violation_error_message="A citation with this DOI is already here.",
            ),
            models.UniqueConstraint(
                fields=["pmid"],
                condition=~models.Q(pmid=""),
                name="citation_pmid_unique",
                violation_error_message="A citation with this PMID is already here.",
            ),
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1900, year__lte=2100),
                name="citation_year_plausible",
            ),
        ]

    def __str__(self):
        # Title and year only: naming the first author would cost a query per citation.
        return f"{self.title} ({self.year})" if self.year else self.title

    def natural_key(self):
        return (self.slug,)

    def get_absolute_url(self):
        return reverse("citation-detail", kwargs={"pk": self.pk})

    @property
    def short_label(self):
        """'Zhao et al. 2025', 'Robertson 2025', from the prefetched authors."""
        authors = list(self.authors.all())
        if not authors:
            name = self.title if len(self.title) <= 40 else f"{self.title[:40]}…"
        elif len(authors) == 1 and not self.authors_truncated:
            name = authors[0].family
        elif len(authors) == 2 and not self.authors_truncated:
            name = f"{authors[0].family} and {authors[1].family}"
        else:
            name = f"{authors[0].family} et al."
        return f"{name} {self.year}" if self.year else name

    @property
    def doi_url(self):
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def verification_problems(self):
        """A DOI or PMID is kept only when a source document states it (for verify_content)."""
        from .sources import SourceDocument

        texts = [
            re.sub(r"\s+", "", t) for t in SourceDocument.objects.values_list("text", flat=True)
        ]
        for field in ("doi", "pmid"):
            value = getattr(self, field)
            if value and not any(value in text for text in texts):
                yield f"{field} {value} does not appear in any source document"


class CitationAuthorQuerySet(CuratedPartQuerySet):
    def get_by_natural_key(self, citation_slug, position):
        return self.get(citation__slug=citation_slug, position=position)


class CitationAuthor(CuratedPart):
    part_of = "citation"

    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(help_text="1 for the first author.")
    family = models.CharField(max_length=100)
    given = models.CharField(
        max_length=100, blank=True, help_text="Given names or initials, as the source gives them."
    )

    objects = CitationAuthorQuerySet.as_manager()

    class Meta:
        ordering = ["citation_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["citation", "position"], name="citation_author_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="citation_author_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.family} {self.given}".strip()

    @property
    def given_names(self):
        """The given names as processors read them: "BRH" → "B. R. H." (see given_names)."""
        return given_names(self.given)

    def natural_key(self):
        return (*self.citation.natural_key(), self.position)

    natural_key.dependencies = ["complications.citation"]


class CitationMentionQuerySet(CuratedPartQuerySet):
    def get_by_natural_key(self, citation_slug, source_slug):
        return self.get(citation__slug=citation_slug, source_document__slug=source_slug)


class CitationMention(CuratedPart):
    """A source document discusses or cites a publication; the quote shows where."""

    part_of = "citation"
    provenance = Provenance("quote", source="source_document")

    citation = models.ForeignKey(Citation, on_delete=models.CASCADE, related_name="mentions")
    source_document = models.ForeignKey(
        "complications.SourceDocument", on_delete=models.CASCADE, related_name="mentions"
    )
    quote = models.TextField(help_text="Where the document names the publication, verbatim.")
    reference_number = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The publication's number in the document's reference list, if it has one.",
    )

    objects = CitationMentionQuerySet.as_manager()

    class Meta:
        ordering = ["source_document_id", "reference_number", "citation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["citation", "source_document"], name="citation_mention_unique"
            ),
        ]

    def __str__(self):
        return f"{self.citation} in {self.source_document}"

    def natural_key(self):
        return (*self.citation.natural_key(), *self.source_document.natural_key())

    natural_key.dependencies = ["complications.citation", "complications.sourcedocument"]

    def quotation_label(self):
        return "reference"
