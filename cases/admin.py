from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from curation.admin import CuratedAdmin, PartAdmin, PartInline

from .models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    TimelineEvent,
    Treatment,
)


class ReportCountInline(PartInline):
    model = ReportCount
    fields = ["position", "label", "count", "denominator", "quote"]


@admin.register(Report)
class ReportAdmin(CuratedAdmin):
    """Patients are edited on their own pages, each with its own review; the report lists them."""

    list_display = ["citation", "kind", "patient_count", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["citation"]
    search_fields = ["slug", "citation__title", "summary"]
    autocomplete_fields = ["citation", "source_document", "complications"]
    inlines = [ReportCountInline]
    readonly_fields = ["patients", *CuratedAdmin.readonly_fields]

    @admin.display(description="Patients described one by one")
    def patients(self, obj):
        if obj.pk is None:
            return "Save the report first, then add its patients."
        rows = format_html_join(
            ", ",
            '<a href="{}">{}</a> ({})',
            (
                (
                    reverse("admin:cases_patient_change", args=[p.pk]),
                    p.label,
                    p.get_status_display(),
                )
                for p in obj.patients.all()
            ),
        )
        add = reverse("admin:cases_patient_add") + f"?report={obj.pk}"
        return format_html('{} <a href="{}">add a patient</a>', rows or "none yet;", add)


class PatientComplicationInline(PartInline):
    model = PatientComplication
    autocomplete_fields = ["complication"]
    fields = [
        "position",
        "complication",
        "course_number",
        "dose",
        "onset_latency",
        "onset_unit",
        "onset_anchor",
        "onset_detail",
        "quote",
    ]


class PriorTherapyInline(PartInline):
    model = PriorTherapy
    autocomplete_fields = ["intervention"]
    fields = ["position", "intervention", "detail", "quote"]


class TreatmentInline(PartInline):
    model = Treatment
    autocomplete_fields = ["intervention", "complication"]
    fields = ["position", "intervention", "role", "complication", "detail", "quote"]


class TimelineEventInline(PartInline):
    model = TimelineEvent
    fields = ["position", "when", "description", "quote"]


@admin.register(Patient)
class PatientAdmin(CuratedAdmin):
    list_display = ["label", "report", "age", "sex", "disease", "outcome", "status"]
    list_filter = ["status", "outcome", "sex", "disease", "complications"]
    list_select_related = ["report__citation"]
    search_fields = ["label", "report__citation__title", "presentation", "course"]
    autocomplete_fields = ["report"]
    inlines = [PatientComplicationInline, PriorTherapyInline, TreatmentInline, TimelineEventInline]


@admin.register(PatientComplication, PriorTherapy, Treatment, TimelineEvent, ReportCount)
class CasePartAdmin(PartAdmin):
    """The rows inside a patient or report, listed for their history; edited in its form."""
