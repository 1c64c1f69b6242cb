"""The pages that show complications together with the patients reported for them."""

from django.db.models import Max, Q
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string

from alemkb.precomputed import per_content_version
from cases.models import Patient
from complications.filters import MAX_QUERY_LENGTH
from complications.models import (
    Citation,
    Complication,
    CourseStatement,
    SourceDocument,
    Statement,
)

from .content import (
    References,
    aggregate_reports,
    at_a_glance,
    by_category,
    cited,
    key_points,
    page_sections,
    reported_cases,
    risk_chart,
)
from .forms import SearchForm, TimeSinceForm
from .search import search
from .sources import highlighted_parts


def home(request):
    complications = list(
        Complication.objects.public().with_statements().with_case_counts().by_category()
    )
    for complication in complications:
        complication.glance = at_a_glance(complication)
    return render(
        request,
        "pages/home.html",
        {"by_category": by_category(complications), "chart": risk_chart(complications)},
    )


def complication_detail(request, slug):
    complication = get_object_or_404(Complication.objects.visible_to(request.user), slug=slug)
    if request.user.is_staff:  # staff may preview drafts: never kept for others
        content = complication_content(complication, request.user)
    else:
        # The body depends on the published content alone: a URL the page cache has not seen
        # (another query string, another Accept header) reuses it.
        content = per_content_version(
            "complication-content", complication.pk, lambda: complication_content(complication)
        )
    return render(
        request,
        "pages/complication_detail.html",
        {"complication": complication, "content": content},
    )


def complication_content(complication, user=None):
    """The body of a complication's page as `user` (None: any anonymous reader) may see it."""
    complication = Complication.objects.with_statements(user).get(pk=complication.pk)
    references = References()
    # Numbered first: the key points are read first.
    points = key_points(complication, references)
    sections = page_sections(complication, references)
    cases, case_count = reported_cases(complication, user)
    for case in cases:
        case.reference = references.number(case.report.citation)
    context = {
        "complication": complication,
        "key_points": points,
        "glance": at_a_glance(complication),
        "sections": sections,
        "cases": cases,
        "case_count": case_count,
        "aggregate_reports": aggregate_reports(complication),
        "references": references.entries,
        "chart": risk_chart([complication]),
        "content_changed_at": Statement.objects.visible_to(user)
        .filter(Q(complication=complication) | Q(also_on=complication))
        .aggregate(Max("updated_at"))["updated_at__max"],
    }
    return render_to_string("includes/complication_content.html", context)


def time_since(request):
    """Which complications the sources say can begin at a given time after a course."""
    form = TimeSinceForm(request.GET if request.GET else None)
    complications, asked, unknown = [], "", []
    if form.is_valid():
        asked = form.asked()
        days, anchor = form.days(), form.cleaned_data["since"]
        found = Complication.objects.public().with_onset_including(days, anchor)
        complications = list(found.with_statements().by_category())
        references = References()  # the numbers are not shown here: one for the whole page
        for complication in complications:
            complication.key_points = key_points(complication, references)
            complication.glance = at_a_glance(complication)
        # The list is never the whole answer: these have no onset in the sources at all.
        unknown = list(Complication.objects.public().without_onset_window().by_category())
    status = 400 if form.is_bound and not form.is_valid() else 200
    context = {
        "form": form,
        "complications": complications,
        "asked": asked,
        "unknown": unknown,
    }
    return render(request, "pages/time_since.html", context, status=status)


def about(request):
    """What AlemKB covers: its sources, what each contributes, and what it knowingly lacks."""
    sources = SourceDocument.objects.public().with_contribution_counts().defer("text")
    return render(request, "pages/about.html", {"sources": sources})


def courses(request):
    statements = CourseStatement.objects.visible_to(request.user).with_provenance(request.user)
    references = References()
    context = {
        "statements": cited(statements, references),
        "references": references.entries,
    }
    return render(request, "pages/courses.html", context)


def citation_detail(request, pk):
    citation = get_object_or_404(
        Citation.objects.visible_to(request.user).with_authors().with_public_evidence(),
        pk=pk,
    )
    context = {
        "citation": citation,
        "complications": Complication.objects.public().supported_by(citation),
        "cases": Patient.objects.public().reported_in(citation).with_details()[:50],
    }
    return render(request, "pages/citation_detail.html", context)


def source_detail(request, slug):
    source = get_object_or_404(SourceDocument.objects.visible_to(request.user), slug=slug)
    article, comments = highlighted_parts(source)
    context = {"source": source, "article": article, "comments": comments}
    return render(request, "pages/source_detail.html", context)


def search_page(request):
    # An empty search box is a page to search from, not an error.
    form = SearchForm(request.GET if request.GET.get("q", "").strip() else None)
    groups = []
    if form.is_valid():
        query = form.cleaned_data["q"]
        # Results depend on the published content alone, as everyone may see it.
        groups = per_content_version("search", query, lambda: search(query))
    context = {
        "form": form,
        "query": request.GET.get("q", "")[:MAX_QUERY_LENGTH],
        "groups": groups,
        "total": sum(len(results) for _, results in groups),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "pages/search.html", context, status=status)
