from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import CuratedAdmin, CuratedInlineMixin
from .admin_import import CitationImportMixin
from .models import (
    Citation,
    CitationAuthor,
    CitationMention,
    Complication,
    Intervention,
    SourceDocument,
    Statement,
)

admin.site.site_header = "AlemKB curation"
admin.site.site_title = "AlemKB curation"
admin.site.index_title = "Content"


@admin.register(SourceDocument)
class SourceDocumentAdmin(CuratedAdmin):
    list_display = ["title", "kind", "author_line", "status", "updated_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "author_line", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class CitationAuthorInline(admin.TabularInline):
    model = CitationAuthor
    extra = 0
    fields = ["position", "family", "given"]


class CitationMentionInline(admin.TabularInline):
    model = CitationMention
    extra = 0
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
class InterventionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "drug_class"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "drug_class"]
    prepopulated_fields = {"slug": ["name"]}


class StatementInline(CuratedInlineMixin, admin.StackedInline):
    model = Statement
    autocomplete_fields = ["source_document", "citation"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("section", "position", "key", "status"),
                    "text",
                    "quote",
                    ("source_document", "citation"),
                    ("evidence_kind", "speculative"),
                ]
            },
        ),
        (
            "Incidence figure",
            {
                "classes": ["collapse"],
                "fields": [("frequency_low", "frequency_high", "frequency_per", "approximate")],
            },
        ),
        (
            "Onset window",
            {"classes": ["collapse"], "fields": [("onset_min", "onset_max", "onset_unit")]},
        ),
        (None, {"fields": ["seen_version"]}),
    ]
    prepopulated_fields = {"key": ["text"]}


@admin.register(Complication)
class ComplicationAdmin(CuratedAdmin):
    list_display = ["name", "abbreviation", "category", "status", "last_reviewed_at"]
    list_filter = ["status", "category"]
    search_fields = ["name", "abbreviation", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [StatementInline]


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = [
        "short_text",
        "complication",
        "section",
        "evidence_kind",
        "speculative",
        "status",
    ]
    list_filter = ["status", "section", "evidence_kind", "speculative", "complication"]
    list_select_related = ["complication"]
    search_fields = ["text", "quote", "key", "complication__name"]
    autocomplete_fields = ["complication", "source_document", "citation"]
    prepopulated_fields = {"key": ["text"]}

    @admin.display(description="Statement", ordering="text")
    def short_text(self, obj):
        return obj.text[:90]


class CitationPartAdmin(SimpleHistoryAdmin):
    """Authors and mentions, listed on their own for their history; edited in the citation."""

    list_select_related = True
    search_fields = ["citation__title"]


admin.site.register(CitationAuthor, CitationPartAdmin)
admin.site.register(CitationMention, CitationPartAdmin)
