"""Pages about the literature itself."""

from django.core.paginator import Paginator
from django.shortcuts import render

from complications.filters import CitationFilter
from complications.models import Citation

PAGE_SIZE = 50


def citation_list(request):
    filterset = CitationFilter(request.GET, queryset=Citation.objects.public().with_authors())
    citations = filterset.qs if filterset.is_valid() else Citation.objects.none()
    page = Paginator(citations.order_by("-year", "slug"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    status = 400 if filterset.is_bound and not filterset.is_valid() else 200
    context = {"filterset": filterset, "page": page}
    return render(request, "complications/citation_list.html", context, status=status)
