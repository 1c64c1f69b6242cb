"""Read-only pages over the published content: the complications, their sources and citations."""

from itertools import groupby

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from .models import Category, Citation, Complication, Section, SourceDocument, Statement
from .models.statements import SECTION_ORDER


def home(request):
    complications = Complication.objects.published().with_statement_counts().by_category()
    labels = dict(Category.choices)
    by_category = [
        (labels[category], list(rows))
        for category, rows in groupby(complications, key=lambda c: c.category)
    ]
    return render(request, "complications/home.html", {"by_category": by_category})


def complication_detail(request, slug):
    complication = get_object_or_404(Complication.objects.published().with_statements(), slug=slug)
    statements = sorted(
        complication.statements.all(), key=lambda s: (SECTION_ORDER[s.section], s.position)
    )
    labels = dict(Section.choices)
    sections = [
        (labels[section], list(rows)) for section, rows in groupby(statements, lambda s: s.section)
    ]
    return render(
        request,
        "complications/complication_detail.html",
        {"complication": complication, "sections": sections},
    )


def citation_detail(request, pk):
    citation = get_object_or_404(
        Citation.objects.published()
        .with_authors()
        .prefetch_related(
            Prefetch(
                "statements",
                queryset=Statement.objects.published().select_related("complication"),
            ),
            "mentions__source_document",
        ),
        pk=pk,
    )
    return render(request, "complications/citation_detail.html", {"citation": citation})


def source_detail(request, slug):
    source = get_object_or_404(SourceDocument.objects.published(), slug=slug)
    return render(request, "complications/source_detail.html", {"source": source})
