"""FilterSets for complications and citations, shared by the pages and the API."""

import django_filters as filters
from django import forms

from .models import Category, Citation, Complication, OnsetAnchor, PublicationKind

MAX_QUERY_LENGTH = 200


class WholeNumberFilter(filters.NumberFilter):
    """A number filter that refuses 5.5: ages and years are whole numbers, as the schema says."""

    field_class = forms.IntegerField


def year_filter(field_name, lookup_expr, help_text):
    return WholeNumberFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        min_value=1900,
        max_value=2100,
        label={"exact": "Year", "gte": "From year", "lte": "To year"}[lookup_expr],
        help_text=help_text,
    )


class OrderedFilterSet(filters.FilterSet):
    """A FilterSet whose form shows its fields in `field_order`, most useful first."""

    field_order = ()

    @property
    def form(self):
        form = super().form
        form.order_fields(self.field_order)
        return form


def publication_year_filters(field_name):
    """A FilterSet base with `year`, `year_min` and `year_max` on the year at `field_name`."""
    declared = {
        "year": year_filter(field_name, "exact", "Published in this year."),
        "year_min": year_filter(field_name, "gte", "Published in this year or later."),
        "year_max": year_filter(field_name, "lte", "Published in this year or earlier."),
    }
    return type("PublicationYearFilters", (OrderedFilterSet,), declared)


def search_filter(help_text):
    return filters.CharFilter(
        method="search", max_length=MAX_QUERY_LENGTH, label="Words", help_text=help_text
    )


class ComplicationFilter(filters.FilterSet):
    category = filters.ChoiceFilter(
        choices=Category.choices, empty_label="Any", help_text="Category of complication."
    )
    onset_within_days = filters.NumberFilter(
        method="filter_onset_within",
        min_value=0,
        max_value=36525,
        help_text="Only complications that a published onset window says can begin within this "
        "many days of the event the window is counted from (e.g. 7); a window with no stated "
        "start begins at that event. Combine with onset_anchor to compare like with like.",
    )
    onset_anchor = filters.ChoiceFilter(
        choices=OnsetAnchor.choices,
        method="filter_onset_anchor",
        empty_label="Any",
        label="Onset counted from",
        help_text="Only onset windows counted from this event (course_start: the start of a "
        "course; last_course: the last course; …).",
    )
    q = search_filter("Words to find in the name, abbreviation, synonyms or statements.")

    class Meta:
        model = Complication
        fields = []

    def filter_onset_within(self, queryset, name, value):
        anchor = self.form.cleaned_data.get("onset_anchor") or None
        return queryset.with_onset_within(days=value, anchor=anchor)

    def filter_onset_anchor(self, queryset, name, value):
        if self.form.cleaned_data.get("onset_within_days") is not None:
            return queryset  # filter_onset_within applies it to the same windows
        return queryset.filter(queryset.on_the_page_of(queryset.onset_windows(value)))

    def search(self, queryset, name, value):
        return queryset.matching(value)


class CitationFilter(publication_year_filters("year")):
    complication = filters.ModelChoiceFilter(
        queryset=Complication.objects.public(),
        to_field_name="slug",
        method="filter_complication",
        label="Complication",
        empty_label="Any",
        help_text="Slug of a complication the citation supports (e.g. dah).",
    )
    kind = filters.ChoiceFilter(
        choices=PublicationKind.choices, empty_label="Any", help_text="Kind of publication."
    )
    doi = filters.CharFilter(
        field_name="doi",
        lookup_expr="iexact",
        max_length=200,
        label="DOI",
        help_text="DOI, e.g. 10.1177/…",
    )
    pmid = filters.CharFilter(field_name="pmid", max_length=9, label="PMID", help_text="PubMed ID.")
    q = search_filter("Words to find in the title, journal or authors' names.")

    field_order = ["q", "complication", "kind", "year_min", "year_max", "year", "doi", "pmid"]

    class Meta:
        model = Citation
        fields = []

    def filter_complication(self, queryset, name, value: Complication):
        return queryset.supporting(value)

    def search(self, queryset, name, value):
        return queryset.matching(value)
