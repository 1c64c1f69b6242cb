"""JSON shapes of complications, statements, citations, sources and drugs."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from alemkb.api.serializers.fields import ApiUrlField
from complications.models import (
    Citation,
    CitationAuthor,
    CitationMention,
    Complication,
    CourseStatement,
    Intervention,
    OnsetAnchor,
    Section,
    SourceDocument,
    Statement,
    TimeUnit,
)


class InterventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Intervention
        fields = ["slug", "name", "kind", "drug_class", "brand_names"]


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = CitationAuthor
        fields = ["position", "family", "given"]


class CitationBriefSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:citation-detail")

    class Meta:
        model = Citation
        fields = ["id", "api_url", "slug", "kind", "title", "year", "doi", "pmid"]


class CitationSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:citation-detail")
    authors = AuthorSerializer(many=True, read_only=True)
    doi_url = serializers.CharField(read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "api_url",
            "slug",
            "kind",
            "authors",
            "authors_truncated",
            "title",
            "journal",
            "journal_full",
            "year",
            "volume",
            "issue",
            "pages",
            "doi",
            "doi_url",
            "pmid",
            "url",
            "page_url",
        ]


class MentionSerializer(serializers.ModelSerializer):
    source_document = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CitationMention
        fields = ["source_document", "reference_number", "quote"]


class CitationDetailSerializer(CitationSerializer):
    discussed_in = MentionSerializer(source="mentions", many=True, read_only=True)
    complications = serializers.SerializerMethodField(
        help_text="Slugs of the complications whose statements or case reports rest on it."
    )
    cases = serializers.SerializerMethodField(help_text="API URL of the patients it reports.")
    course_statements = serializers.SlugRelatedField(
        slug_field="key",
        many=True,
        read_only=True,
        help_text="Keys of the statements on how alemtuzumab is given that rest on it.",
    )

    class Meta(CitationSerializer.Meta):
        fields = [
            *CitationSerializer.Meta.fields,
            "discussed_in",
            "complications",
            "course_statements",
            "cases",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_complications(self, citation):
        return sorted(
            {s.complication.slug for s in citation.statements.all()}
            | {c.slug for s in citation.statements.all() for c in s.also_on.all()}
            | {c.slug for report in citation.reports.all() for c in report.complications.all()}
        )

    @extend_schema_field(serializers.URLField())
    def get_cases(self, citation):
        url = reverse("api:case-list", request=self.context.get("request"))
        return f"{url}?citation={citation.pk}"


class FrequencySerializer(serializers.Serializer):
    low = serializers.DecimalField(source="frequency_low", max_digits=7, decimal_places=3)
    high = serializers.DecimalField(source="frequency_high", max_digits=7, decimal_places=3)
    per = serializers.IntegerField(source="frequency_per", help_text="100 for a percentage.")
    approximate = serializers.BooleanField()
    text = serializers.CharField(source="frequency_text", help_text="As the source words it.")


class OnsetSerializer(serializers.Serializer):
    min = serializers.DecimalField(
        source="onset_min", max_digits=7, decimal_places=2, allow_null=True
    )
    max = serializers.DecimalField(
        source="onset_max", max_digits=7, decimal_places=2, allow_null=True
    )
    unit = serializers.CharField(source="onset_unit")
    min_days = serializers.FloatField(source="onset_min_days", allow_null=True)
    max_days = serializers.FloatField(source="onset_max_days", allow_null=True)
    anchor = serializers.ChoiceField(
        source="onset_anchor",
        choices=OnsetAnchor.choices,
        help_text="The event the window is counted from; windows counted from different "
        "events are not comparable.",
    )
    text = serializers.CharField(
        source="onset_text",
        help_text="E.g. “days 1–4 of the course”, “1 month or more after the last course”.",
    )


class ScheduleSerializer(serializers.Serializer):
    measure = serializers.CharField(help_text="What is monitored or given.")
    interval = serializers.DecimalField(
        source="interval_value", max_digits=7, decimal_places=2, allow_null=True
    )
    interval_unit = serializers.ChoiceField(
        choices=TimeUnit.choices,
        allow_blank=True,
        help_text="Unit of the interval; empty without one.",
    )
    duration_min = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        help_text="For how long: the shortest time stated.",
    )
    duration_max = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        allow_null=True,
        help_text="The longest time stated; null when open-ended (“at least”).",
    )
    duration_unit = serializers.ChoiceField(
        choices=TimeUnit.choices,
        allow_blank=True,
        help_text="Unit of the duration; empty without one.",
    )
    counted_from = serializers.ChoiceField(
        choices=OnsetAnchor.choices,
        allow_blank=True,
        help_text="The event the schedule is counted from; empty when the source gives none.",
    )
    approximate = serializers.BooleanField()
    text = serializers.CharField(source="schedule_text")


def mentioned_drugs():
    return serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the drugs and procedures the statement mentions.",
    )


class StatementSerializer(serializers.ModelSerializer):
    source_document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    citation = CitationBriefSerializer(read_only=True, allow_null=True)
    frequency = serializers.SerializerMethodField()
    onset = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    complication = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The page the statement belongs to."
    )
    interventions = mentioned_drugs()

    class Meta:
        model = Statement
        fields = [
            "id",
            "key",
            "complication",
            "section",
            "position",
            "text",
            "quote",
            "source_document",
            "citation",
            "evidence_kind",
            "attribution",
            "speculative",
            "interventions",
            "frequency",
            "onset",
            "schedule",
        ]

    @extend_schema_field(FrequencySerializer(allow_null=True))
    def get_frequency(self, statement):
        if statement.frequency_high is None:
            return None
        return FrequencySerializer(statement).data

    @extend_schema_field(OnsetSerializer(allow_null=True))
    def get_onset(self, statement):
        if not statement.onset_unit:
            return None
        return OnsetSerializer(statement).data

    @extend_schema_field(ScheduleSerializer(allow_null=True))
    def get_schedule(self, statement):
        if not statement.measure:
            return None
        return ScheduleSerializer(statement).data


class CourseStatementSerializer(serializers.ModelSerializer):
    source_document = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    citation = CitationBriefSerializer(read_only=True, allow_null=True)
    interventions = mentioned_drugs()
    text_figures = serializers.CharField(
        source="course_text", read_only=True, help_text="The numbers, in words."
    )

    class Meta:
        model = CourseStatement
        fields = [
            "id",
            "key",
            "position",
            "text",
            "quote",
            "source_document",
            "citation",
            "evidence_kind",
            "attribution",
            "speculative",
            "interventions",
            "course_number",
            "infusion_days",
            "daily_dose_mg",
            "after_previous_value",
            "after_previous_unit",
            "text_figures",
        ]


class ComplicationSerializer(serializers.ModelSerializer):
    api_url = ApiUrlField(view_name="api:complication-detail", lookup_field="slug")
    incidence = serializers.SerializerMethodField(
        help_text="Statements in the incidence section, with their figures where stated."
    )
    onset = serializers.SerializerMethodField(
        help_text="Statements in the onset section, with their windows where stated."
    )
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    case_count = serializers.IntegerField(
        read_only=True, help_text="Published patients reported individually."
    )
    cases = serializers.SerializerMethodField(help_text="API URL of the patients.")

    class Meta:
        model = Complication
        fields = [
            "slug",
            "api_url",
            "page_url",
            "name",
            "abbreviation",
            "synonyms",
            "category",
            "icd10_code",
            "incidence",
            "onset",
            "case_count",
            "cases",
            "last_reviewed_at",
        ]

    def statements_in(self, complication, section):
        return [s for s in complication.page_statements() if s.section == section]

    @extend_schema_field(StatementSerializer(many=True))
    def get_incidence(self, complication):
        statements = self.statements_in(complication, Section.INCIDENCE)
        return StatementSerializer(statements, many=True, context=self.context).data

    @extend_schema_field(StatementSerializer(many=True))
    def get_onset(self, complication):
        statements = self.statements_in(complication, Section.ONSET)
        return StatementSerializer(statements, many=True, context=self.context).data

    @extend_schema_field(serializers.URLField())
    def get_cases(self, complication):
        url = reverse("api:case-list", request=self.context.get("request"))
        return f"{url}?complication={complication.slug}"


class ComplicationDetailSerializer(ComplicationSerializer):
    sections = serializers.SerializerMethodField(
        help_text="Every published statement, grouped by section in page order."
    )
    citations = CitationBriefSerializer(
        source="supporting_citations",
        many=True,
        read_only=True,
        help_text="The publications its statements and case reports rest on.",
    )
    reports = serializers.SerializerMethodField(help_text="API URL of the reports about it.")

    class Meta(ComplicationSerializer.Meta):
        fields = [*ComplicationSerializer.Meta.fields, "sections", "citations", "reports"]

    @extend_schema_field(serializers.DictField(child=StatementSerializer(many=True)))
    def get_sections(self, complication):
        return {
            section: StatementSerializer(
                self.statements_in(complication, section), many=True, context=self.context
            ).data
            for section in Section.values
        }

    @extend_schema_field(serializers.URLField())
    def get_reports(self, complication):
        url = reverse("api:report-list", request=self.context.get("request"))
        return f"{url}?complication={complication.slug}"


class EvidenceSerializer(serializers.ModelSerializer):
    complication = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Statement
        fields = [
            "id",
            "complication",
            "key",
            "section",
            "text",
            "quote",
            "evidence_kind",
            "attribution",
        ]


class SourceDocumentSerializer(serializers.ModelSerializer):
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)
    api_url = ApiUrlField(view_name="api:source-detail", lookup_field="slug")

    class Meta:
        model = SourceDocument
        fields = ["slug", "api_url", "page_url", "title", "kind", "author_line", "seed_file"]


class SourceDocumentDetailSerializer(SourceDocumentSerializer):
    evidence = EvidenceSerializer(
        source="statements", many=True, read_only=True, help_text="Statements that quote it."
    )
    course_statements = serializers.SlugRelatedField(
        slug_field="key",
        many=True,
        read_only=True,
        help_text="Keys of the statements on how alemtuzumab is given that quote it.",
    )

    class Meta(SourceDocumentSerializer.Meta):
        fields = [
            *SourceDocumentSerializer.Meta.fields,
            "text",
            "comments_start",
            "evidence",
            "course_statements",
        ]
