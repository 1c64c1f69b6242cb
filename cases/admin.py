from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from complications.admin_base import CuratedAdmin, CuratedInlineMixin

from .models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    TimelineEvent,
    Treatment,
)


class ReportCountInline(admin.TabularInline):
    model = ReportCount
    extra = 0
    fields = ["position", "label", "count", "denominator", "quote"]


class PatientInline(CuratedInlineMixin, admin.StackedInline):
    """The patients a report describes one by one; their details are on each patient's page."""

    model = Patient
    fields = [
        ("label", "position", "status"),
        ("age", "sex", "disease"),
        "disease_detail",
        "quote",
        ("outcome", "outcome_quote"),
        "seen_version",
    ]


@admin.register(Report)
class ReportAdmin(CuratedAdmin):
    list_display = ["citation", "kind", "patient_count", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["citation"]
    search_fields = ["slug", "citation__title", "summary"]
    autocomplete_fields = ["citation", "source_document", "complications"]
    inlines = [ReportCountInline, PatientInline]


class PatientComplicationInline(admin.TabularInline):
    model = PatientComplication
    extra = 0
    autocomplete_fields = ["complication"]
    fields = [
        "position",
        "complication",
        "course_number",
        "dose",
        "onset_latency",
        "onset_unit",
        "onset_detail",
        "quote",
    ]


class PriorTherapyInline(admin.TabularInline):
    model = PriorTherapy
    extra = 0
    autocomplete_fields = ["intervention"]
    fields = ["position", "intervention", "detail", "quote"]


class TreatmentInline(admin.TabularInline):
    model = Treatment
    extra = 0
    autocomplete_fields = ["intervention", "complication"]
    fields = ["position", "intervention", "complication", "detail", "quote"]


class TimelineEventInline(admin.TabularInline):
    model = TimelineEvent
    extra = 0
    fields = ["position", "when", "description", "quote"]


@admin.register(Patient)
class PatientAdmin(CuratedAdmin):
    list_display = ["label", "report", "age", "sex", "disease", "outcome", "status"]
    list_filter = ["status", "outcome", "sex", "disease", "complications"]
    list_select_related = ["report__citation"]
    search_fields = ["label", "report__citation__title", "presentation", "course"]
    autocomplete_fields = ["report"]
    inlines = [PatientComplicationInline, PriorTherapyInline, TreatmentInline, TimelineEventInline]


class PatientRowAdmin(SimpleHistoryAdmin):
    """The rows inside a patient, listed on their own for their history; edited in the patient."""

    list_select_related = True  # their names follow patient → report → citation


for model in (PatientComplication, PriorTherapy, Treatment, TimelineEvent, ReportCount):
    admin.site.register(model, PatientRowAdmin)
