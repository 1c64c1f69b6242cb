"""FilterSets for reported patients and reports, shared by the pages and the API."""

import django_filters as filters
from django import forms

from complications.filters import MAX_QUERY_LENGTH, WholeNumberFilter, publication_year_filters
from complications.models import Citation, Complication, Intervention, OnsetAnchor

from .models import (
    Disease,
    Outcome,
    Patient,
    PatientComplication,
    Report,
    ReportKind,
    Sex,
    Treatment,
    TreatmentRole,
)


def complication_filter(method=None, help_text="Slug of a complication, e.g. hlh."):
    """A published complication named by its slug; with `method`, applied by that method,
    else to the row's own `complication`."""
    return filters.ModelChoiceFilter(
        queryset=Complication.objects.public(),
        to_field_name="slug",
        method=method,
        label="Complication",
        empty_label="Any",
        help_text=help_text,
    )


def drug_filter(method, label, help_text, field_name=None):
    return filters.ModelChoiceFilter(
        queryset=Intervention.objects.public(),
        field_name=field_name,
        to_field_name="slug",
        method=method,
        label=label,
        empty_label="Any",
        help_text=help_text,
    )


# The sort orders of patients, by public name, for the API and the case list alike.
PATIENT_ORDERING = {"age": "age", "year": "report__citation__year", "onset": "onset_days"}


class PatientFilter(publication_year_filters("report__citation__year")):
    complication = complication_filter("filter_complication")
    outcome = filters.ChoiceFilter(
        choices=Outcome.choices, empty_label="Any", help_text="Outcome category."
    )
    sex = filters.ChoiceFilter(choices=Sex.choices, empty_label="Any", help_text="Sex as reported.")
    disease = filters.ChoiceFilter(
        choices=Disease.choices, empty_label="Any", help_text="Underlying disease."
    )
    age_min = WholeNumberFilter(
        field_name="age",
        lookup_expr="gte",
        min_value=0,
        max_value=120,
        label="Age from",
        help_text="Age at least.",
    )
    age_max = WholeNumberFilter(
        field_name="age",
        lookup_expr="lte",
        min_value=0,
        max_value=120,
        label="Age to",
        help_text="Age at most.",
    )
    prior_therapy = drug_filter(
        "filter_prior_therapy",
        "Prior therapy",
        "Slug of a drug given before alemtuzumab, e.g. fingolimod.",
    )
    treatment = drug_filter(
        "filter_treatment",
        "Treated with",
        "Slug of a drug or procedure given to treat the complication, e.g. rituximab "
        "(with treatment_role, given in that role instead).",
    )
    treatment_role = filters.ChoiceFilter(
        choices=TreatmentRole.choices,
        method="filter_treatment_role",
        empty_label="Any",
        label="Given as",
        help_text="Patients given something in this role: treatment, premedication, "
        "prophylaxis, background (the patient's own medicine) or other; with treatment, that "
        "drug in that role.",
    )
    # A choice rather than a BooleanFilter, which would quietly ignore "perhaps".
    retreated = filters.TypedChoiceFilter(
        choices=[("", "Any"), ("true", "Yes"), ("false", "No")],
        label="Alemtuzumab given again",
        coerce=lambda value: value == "true",
        help_text="true: alemtuzumab was given again; false: it was not. Unreported is neither.",
    )
    citation = filters.ModelChoiceFilter(
        queryset=Citation.objects.public(),
        field_name="report__citation",
        label="Reported in (citation id)",
        # Kept in the URL (links from a citation's page use it) but not asked for in the
        # form: people pick a publication by the words of its title (reported_in).
        widget=forms.HiddenInput,
        help_text="Id of the citation that reports the patient.",
    )
    reported_in = filters.CharFilter(
        method="filter_reported_in",
        max_length=MAX_QUERY_LENGTH,
        label="Reported in",
        help_text="Words of the title of the publication that reports the patient.",
    )
    q = filters.CharFilter(
        method="search",
        max_length=MAX_QUERY_LENGTH,
        label="Words",
        help_text="Words to find in the patient's description, course, outcome or report title.",
    )

    field_order = [
        "complication",
        "q",
        "outcome",
        "sex",
        "age_min",
        "age_max",
        "disease",
        "prior_therapy",
        "treatment",
        "treatment_role",
        "retreated",
        "year_min",
        "year_max",
        "year",
        "reported_in",
        "citation",
    ]

    class Meta:
        model = Patient
        fields = []

    def filter_complication(self, queryset, name, value: Complication):
        return queryset.with_complication(value)

    def filter_prior_therapy(self, queryset, name, value: Intervention):
        return queryset.with_prior(value)

    def filter_treatment(self, queryset, name, value: Intervention):
        role = self.form.cleaned_data.get("treatment_role") or TreatmentRole.TREATMENT
        return queryset.treated_with(value, role=role)

    def filter_treatment_role(self, queryset, name, value):
        if self.form.cleaned_data.get("treatment"):
            return queryset  # filter_treatment applies it to the same rows
        return queryset.treated_with(role=value)

    def filter_reported_in(self, queryset, name, value):
        return queryset.reported_in_title(value)

    def search(self, queryset, name, value):
        return queryset.matching(value)


class ReportFilter(filters.FilterSet):
    complication = complication_filter("filter_complication")
    kind = filters.ChoiceFilter(
        choices=ReportKind.choices,
        help_text="single_case, series_individual, series_aggregate or literature_review.",
    )

    class Meta:
        model = Report
        fields = []

    def filter_complication(self, queryset, name, value: Complication):
        return queryset.about(value)


def patient_filter():
    return WholeNumberFilter(
        field_name="patient_id",
        min_value=1,
        max_value=2**31 - 1,  # the largest id the database holds
        help_text="Id of a patient (cases/{id}/).",
    )


class PatientComplicationFilter(filters.FilterSet):
    """Rows of the patient-complications table."""

    complication = complication_filter()
    onset_anchor = filters.ChoiceFilter(
        choices=OnsetAnchor.choices, help_text="What the onset is counted from."
    )
    patient = patient_filter()

    class Meta:
        model = PatientComplication
        fields = []


class TreatmentFilter(filters.FilterSet):
    """Rows of the treatments table."""

    complication = complication_filter(
        help_text="Slug of the complication the drug was given for, e.g. dah."
    )
    drug = drug_filter(
        None, "Drug", "Slug of a drug or procedure, e.g. rituximab.", field_name="intervention"
    )
    role = filters.ChoiceFilter(choices=TreatmentRole.choices, help_text="Why it was given.")
    patient = patient_filter()

    class Meta:
        model = Treatment
        fields = []
