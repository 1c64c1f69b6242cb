"""The source documents the knowledge base is curated from, kept verbatim."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from curation.models import Curated, SlugKeyedQuerySet

from .base import choice_constraint
from .search import search_document


class SourceDocumentKind(models.TextChoices):
    BLOG_POST = "blog_post", "Blog post"
    JOURNAL_ARTICLE = "journal_article", "Journal article"


class SourceDocumentQuerySet(SlugKeyedQuerySet):
    def with_contribution_counts(self):
        """Annotate how many public statements, course statements and reports quote each."""
        from .courses import CourseStatement
        from .statements import Statement

        def count(queryset, field):
            counted = (
                queryset.filter(**{field: models.OuterRef("pk")})
                .order_by()
                .values(field)
                .annotate(n=models.Count("*"))
                .values("n")
            )
            return Coalesce(Subquery(counted), Value(0))

        reports = self.model._meta.get_field("reports").related_model.objects.public()
        return self.annotate(
            statement_count=count(Statement.objects.public(), "source_document"),
            course_statement_count=count(CourseStatement.objects.public(), "source_document"),
            report_count=count(reports, "source_document"),
        )


class SourceDocument(Curated):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=SourceDocumentKind.choices)
    author_line = models.CharField(
        max_length=300,
        blank=True,
        help_text="The author as the document shows it, misspellings included.",
    )
    text = models.TextField(
        help_text="The whole document, verbatim. Quotes are checked against it."
    )
    search_vector = search_document({"title": "A", "text": "B"})
    comments_start = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=(
            "Character offset in the text where the article body ends and the author line and "
            "reader comments begin. Empty when the document has no comments."
        ),
    )
    seed_file = models.CharField(
        max_length=100,
        blank=True,
        help_text="File name of the seed document this text was loaded from, if any.",
    )

    objects = SourceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        constraints = [
            *Curated.Meta.constraints,
            choice_constraint("kind", SourceDocumentKind, "source_document"),
        ]

    def __str__(self):
        return self.title

    def natural_key(self):
        return (self.slug,)

    @property
    def short_label(self):
        """'Prof G, blog post'; 'Zhao et al., journal article': who wrote it, in a few words."""
        authors = [a.strip() for a in self.author_line.replace(" and ", ",").split(",")]
        authors = [a for a in authors if a]
        kind = self.get_kind_display().lower()
        if not authors:
            return f"a {kind}"
        if self.kind == SourceDocumentKind.BLOG_POST or len(authors) == 1:
            return f"{authors[0]}, {kind}"
        return f"{authors[0].split()[-1]} et al., {kind}"

    def get_absolute_url(self):
        return reverse("source-detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.comments_start is not None and self.comments_start > len(self.text):
            raise ValidationError({"comments_start": "The offset lies beyond the end of the text."})

    @property
    def article_text(self):
        """The body of the document: evidence may be quoted from here."""
        return self.text if self.comments_start is None else self.text[: self.comments_start]

    @property
    def comments_text(self):
        """The author line and reader comments: never evidence on their own."""
        return "" if self.comments_start is None else self.text[self.comments_start :]

    def locate(self, quote):
        """Where the quote stands: 'article', 'comments', or None if it does not occur."""
        index = self.text.find(quote) if quote else -1
        if index < 0:
            return None
        if self.comments_start is not None and index >= self.comments_start:
            return "comments"
        return "article"
