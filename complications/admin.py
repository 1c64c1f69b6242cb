from django.contrib import admin
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils.html import format_html

from curation.admin import CuratedAdmin, PartAdmin, PartInline

from .admin_import import CitationImportMixin
from .models import (
    Citation,
    CitationAuthor,
    CitationMention,
    Complication,
    CourseStatement,
    Intervention,
    SourceDocument,
    Statement,
)
from .models.statements import SECTION_ORDER

admin.site.site_header = "AlemKB curation"
admin.site.site_title = "AlemKB curation"
admin.site.index_title = "Content"


@admin.register(SourceDocument)
class SourceDocumentAdmin(CuratedAdmin):
    list_display = ["title", "kind", "author_line", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "author_line", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class CitationAuthorInline(PartInline):
    model = CitationAuthor
    fields = ["position", "family", "given"]


class CitationMentionInline(PartInline):
    model = CitationMention
    autocomplete_fields = ["source_document"]
    fields = ["source_document", "reference_number", "quote"]


@admin.register(Citation)
class CitationAdmin(CitationImportMixin, CuratedAdmin):
    list_display = ["title", "year", "journal", "kind", "doi", "pmid", "status"]
    list_filter = ["status", "kind", "year"]
    search_fields = ["title", "slug", "doi", "pmid", "journal", "authors__family"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [CitationAuthorInline, CitationMentionInline]


@admin.register(Intervention)
class InterventionAdmin(CuratedAdmin):
    list_display = ["name", "kind", "drug_class", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "slug", "drug_class"]
    prepopulated_fields = {"slug": ["name"]}


def statements_url(complication):
    return (
        reverse("admin:complications_statement_changelist")
        + f"?complication__id__exact={complication.pk}"
    )


@admin.register(Complication)
class ComplicationAdmin(CuratedAdmin):
    """Statements are edited on their own pages (each with its own review), not inline: the
    DAH page alone has 61, which inline would make a form of over a thousand fields."""

    list_display = ["name", "abbreviation", "category", "status", "last_reviewed_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "abbreviation", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["statements", *CuratedAdmin.readonly_fields]

    @admin.display(description="Statements")
    def statements(self, obj):
        if obj.pk is None:
            return "Save the complication first, then add its statements."
        count = obj.statements.count()
        return format_html(
            '<a href="{}">{} statement{}, by section</a> · '
            '<a href="{}?complication={}">add one</a>',
            statements_url(obj),
            count,
            "" if count == 1 else "s",
            reverse("admin:complications_statement_add"),
            obj.pk,
        )


class SectionOrderFilter(admin.SimpleListFilter):
    title = "section"
    parameter_name = "section"

    def lookups(self, request, model_admin):
        from .models import Section

        return Section.choices

    def queryset(self, request, queryset):
        return queryset.filter(section=self.value()) if self.value() else queryset


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = [
        "short_text",
        "complication",
        "section",
        "position",
        "evidence_kind",
        "speculative",
        "status",
    ]
    list_filter = [
        "status",
        "complication",
        SectionOrderFilter,
        "evidence_kind",
        "attribution",
        "speculative",
    ]
    list_select_related = ["complication"]
    search_fields = ["text", "quote", "key", "complication__name"]
    autocomplete_fields = [
        "complication",
        "source_document",
        "citation",
        "also_on",
        "interventions",
    ]
    prepopulated_fields = {"key": ["text"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "complication",
                    ("section", "position", "key", "status"),
                    "key_point",
                    "text",
                    "quote",
                    ("source_document", "citation"),
                    ("evidence_kind", "attribution", "speculative"),
                    "also_on",
                    "interventions",
                ]
            },
        ),
        (
            "Incidence figure",
            {"fields": [("frequency_low", "frequency_high", "frequency_per", "approximate")]},
        ),
        ("Onset window", {"fields": [("onset_min", "onset_max", "onset_unit", "onset_anchor")]}),
        (
            "Schedule (monitoring, prophylaxis)",
            {
                "fields": [
                    "measure",
                    ("interval_value", "interval_unit"),
                    ("duration_min", "duration_max", "duration_unit", "counted_from"),
                ]
            },
        ),
        (
            "Workflow",
            {"fields": [*CuratedAdmin.readonly_fields, "seen_version", "seen"]},
        ),
    ]

    def get_ordering(self, request):
        # A complication's statements in page order: by section, then position.
        section = Case(*[When(section=value, then=Value(i)) for value, i in SECTION_ORDER.items()])
        return ["complication__name", section.asc(), "position", "key"]

    @admin.display(description="Statement", ordering="text")
    def short_text(self, obj):
        return obj.text[:90]


@admin.register(CourseStatement)
class CourseStatementAdmin(CuratedAdmin):
    list_display = ["short_text", "position", "course_number", "evidence_kind", "status"]
    list_filter = ["status", "evidence_kind", "attribution"]
    search_fields = ["text", "quote", "key"]
    autocomplete_fields = ["source_document", "citation", "interventions"]
    prepopulated_fields = {"key": ["text"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("position", "key", "status"),
                    "text",
                    "quote",
                    ("source_document", "citation"),
                    ("evidence_kind", "attribution", "speculative"),
                    "interventions",
                ]
            },
        ),
        (
            "The course as numbers",
            {
                "fields": [
                    ("course_number", "infusion_days", "daily_dose_mg"),
                    ("after_previous_value", "after_previous_unit"),
                ]
            },
        ),
        ("Workflow", {"fields": [*CuratedAdmin.readonly_fields, "seen_version", "seen"]}),
    ]

    @admin.display(description="Statement", ordering="text")
    def short_text(self, obj):
        return obj.text[:90]


@admin.register(CitationAuthor, CitationMention)
class CitationPartAdmin(PartAdmin):
    """Authors and mentions, listed for their history; edited in their citation's form."""

    search_fields = ["citation__title"]
