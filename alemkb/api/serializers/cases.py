"""JSON shapes of reported patients and the reports they come from."""

from rest_framework import serializers

from alemkb.api.serializers.complications import CitationBriefSerializer
from alemkb.api.serializers.fields import ApiUrlField
from cases.models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    TimelineEvent,
    Treatment,
)


class PatientComplicationSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(source="complication.slug")
    name = serializers.CharField(source="complication.name")
    onset_text = serializers.CharField(
        read_only=True, help_text="E.g. “day 4 of the course”; empty if unknown."
    )
    # A generated column: the schema would otherwise call it a number that is never null.
    onset_days = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="onset_latency in days; null when the onset is not reported.",
    )

    class Meta:
        model = PatientComplication
        fields = [
            "slug",
            "name",
            "course_number",
            "dose",
            "onset_latency",
            "onset_unit",
            "onset_days",
            "onset_anchor",
            "onset_text",
            "onset_detail",
            "quote",
        ]


class PriorTherapySerializer(serializers.ModelSerializer):
    drug = serializers.SlugField(source="intervention.slug")
    name = serializers.CharField(source="intervention.name")

    class Meta:
        model = PriorTherapy
        fields = ["position", "drug", "name", "detail", "quote"]


class TreatmentSerializer(serializers.ModelSerializer):
    drug = serializers.SlugField(source="intervention.slug")
    name = serializers.CharField(source="intervention.name")
    complication = serializers.SlugField(source="complication.slug", allow_null=True)

    class Meta:
        model = Treatment
        fields = ["position", "drug", "name", "role", "complication", "detail", "quote"]


class TimelineEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEvent
        fields = ["position", "when", "description", "quote"]


class ReportBriefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:report-detail")

    class Meta:
        model = Report
        fields = ["id", "api_url", "slug", "kind", "patient_count"]


class PatientSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:case-detail")
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    report = ReportBriefSerializer(read_only=True)
    citation = CitationBriefSerializer(source="report.citation", read_only=True)
    source_document = serializers.SlugField(source="report.source_document.slug")
    disease_icd10 = serializers.CharField(read_only=True)
    complications = PatientComplicationSerializer(
        source="complication_links", many=True, read_only=True
    )
    prior_therapies = PriorTherapySerializer(many=True, read_only=True)
    treatments = TreatmentSerializer(many=True, read_only=True)

    class Meta:
        model = Patient
        fields = [
            "id",
            "api_url",
            "page_url",
            "label",
            "report",
            "citation",
            "source_document",
            "age",
            "sex",
            "disease",
            "disease_detail",
            "disease_icd10",
            "history",
            "complications",
            "prior_therapies",
            "presentation",
            "investigations",
            "course",
            "treatments",
            "outcome",
            "outcome_detail",
            "outcome_quote",
            "retreated",
            "retreatment_detail",
            "retreatment_quote",
            "quote",
        ]


class PatientDetailSerializer(PatientSerializer):
    timeline = TimelineEventSerializer(many=True, read_only=True)

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "timeline"]


class ReportCountSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportCount
        fields = ["label", "count", "denominator", "quote"]


class PatientBriefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:case-detail")

    class Meta:
        model = Patient
        fields = ["id", "api_url", "label"]


class ReportSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:report-detail")
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    citation = CitationBriefSerializer(read_only=True)
    complications = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    source_document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    describes_patients_individually = serializers.BooleanField(read_only=True)
    aggregate_counts = ReportCountSerializer(
        source="counts",
        many=True,
        read_only=True,
        help_text="Counts the publication reports only in aggregate; never rows of cases/.",
    )
    cases = PatientBriefSerializer(
        source="patients", many=True, read_only=True, help_text="Patients described individually."
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "api_url",
            "page_url",
            "slug",
            "kind",
            "citation",
            "complications",
            "patient_count",
            "describes_patients_individually",
            "includes_cases_reported_elsewhere",
            "summary",
            "aggregate_counts",
            "cases",
            "source_document",
            "quote",
        ]
