"""The shape of /api/v1/stats/, for the OpenAPI schema (the figures come from cases/stats.py)."""

from rest_framework import serializers

from complications.models import OnsetAnchor


class CountByComplication(serializers.Serializer):
    complication = serializers.SlugField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class CountByOutcome(serializers.Serializer):
    outcome = serializers.CharField()
    count = serializers.IntegerField()


class CountBySex(serializers.Serializer):
    sex = serializers.CharField()
    count = serializers.IntegerField()


class CountByAgeBand(serializers.Serializer):
    age_band = serializers.CharField()
    count = serializers.IntegerField()


class OnsetLatency(serializers.Serializer):
    complication = serializers.SlugField()
    anchor = serializers.ChoiceField(
        choices=OnsetAnchor.choices,
        allow_null=True,
        help_text="The event the onsets are counted from; onsets counted from different "
        "events are in separate rows, never pooled. Null for the row counting the patients "
        "whose onset is not reported.",
    )
    unit = serializers.CharField(help_text="Always days.")
    n = serializers.IntegerField(help_text="Patients whose onset latency is reported.")
    not_reported = serializers.IntegerField()
    min = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    max = serializers.FloatField(allow_null=True)
    small_sample = serializers.BooleanField()


class IndividualCases(serializers.Serializer):
    total = serializers.IntegerField()
    small_sample = serializers.BooleanField()
    by_complication = CountByComplication(many=True)
    by_outcome = CountByOutcome(many=True)
    by_sex = CountBySex(many=True)
    by_age_band = CountByAgeBand(many=True)
    onset_latency = OnsetLatency(many=True)


class AggregateCount(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    denominator = serializers.IntegerField(allow_null=True)


class AggregateReport(serializers.Serializer):
    report = serializers.SlugField()
    kind = serializers.CharField()
    citation = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    complications = serializers.ListField(child=serializers.SlugField())
    patient_count = serializers.IntegerField()
    includes_cases_reported_elsewhere = serializers.BooleanField()
    counts = AggregateCount(many=True)


class ReportedInAggregate(serializers.Serializer):
    patient_total = serializers.IntegerField()
    reports = AggregateReport(many=True)


class CaseStatistics(serializers.Serializer):
    caveat = serializers.CharField()
    individual_cases = IndividualCases()
    reported_in_aggregate = ReportedInAggregate()
