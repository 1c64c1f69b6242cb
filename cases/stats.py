"""Aggregates over individually reported patients, and apart from them the aggregate-only counts.

Every figure counts published reports, not patients treated: none of it is an incidence.
"""

from statistics import median

from django.db.models import Case, Count, IntegerField, Prefetch, Value, When

from complications.models import Complication, OnsetAnchor

from .models import Patient, PatientComplication, Report

SMALL_NUMBER = 10
AGE_BANDS = [
    ("under 20", 0, 19),
    ("20–29", 20, 29),
    ("30–39", 30, 39),
    ("40–49", 40, 49),
    ("50–59", 50, 59),
    ("60 and over", 60, 120),
]
CAVEAT = (
    "These are counts of published case reports, not incidences: reporting is selective and "
    f"groups of fewer than {SMALL_NUMBER} patients support no comparison. Patients that series "
    "and reviews report only in aggregate are listed apart and never added to the case counts; "
    "a review may include patients that other publications also report."
)


def public_patients():
    return Patient.objects.public()


def counted(queryset, field):
    rows = queryset.values(field).annotate(count=Count("pk", distinct=True)).order_by(field)
    return [{field: row[field], "count": row["count"]} for row in rows]


def by_age_band(patients):
    band = Case(
        *[
            When(age__gte=low, age__lte=high, then=Value(i))
            for i, (_, low, high) in enumerate(AGE_BANDS)
        ],
        default=Value(len(AGE_BANDS)),
        output_field=IntegerField(),
    )
    counts = dict(
        patients.annotate(band=band)
        .values_list("band")
        .annotate(count=Count("pk"))
        .values_list("band", "count")
    )
    labels = [label for label, _, _ in AGE_BANDS] + ["not reported"]
    return [{"age_band": label, "count": counts.get(i, 0)} for i, label in enumerate(labels)]


def by_complication(patients):
    links = PatientComplication.objects.public().filter(patient__in=patients.values("pk"))
    rows = (
        links.values("complication__slug", "complication__name")
        .annotate(count=Count("patient", distinct=True))
        .order_by("-count", "complication__slug")
    )
    return [
        {
            "complication": r["complication__slug"],
            "name": r["complication__name"],
            "count": r["count"],
        }
        for r in rows
    ]


def onset_latency(patients):
    """Per complication and per event the onset is counted from: min, median and max onset in
    days, over the patients that state one. Onsets counted from different events (the start
    of a course, the last course) are never pooled; patients whose onset is not reported are
    counted in a row with no anchor."""
    rows = (
        PatientComplication.objects.public()
        .filter(patient__in=patients.values("pk"))
        .values_list("complication__slug", "onset_anchor", "onset_days")
    )
    latencies = {}
    for slug, anchor, days in rows:
        # A patient whose latency is not reported has nothing counted from anything: those
        # are counted in a row of their own, with no anchor.
        key = (slug, (anchor or OnsetAnchor.NOT_STATED) if days is not None else "")
        latencies.setdefault(key, []).append(days)
    result = []
    for (slug, anchor), values in sorted(latencies.items()):
        known = [days for days in values if days is not None]
        result.append(
            {
                "complication": slug,
                "anchor": anchor or None,
                "unit": "days",
                "n": len(known),
                "not_reported": len(values) - len(known),
                "min": min(known, default=None),
                "median": median(known) if known else None,
                "max": max(known, default=None),
                "small_sample": len(known) < SMALL_NUMBER,
            }
        )
    return result


def aggregate_reports(complication=None, years=(None, None)):
    """Reports that give counts rather than patients, about `complication` (any, when None),
    published within `years` (inclusive; None is open)."""
    reports = Report.objects.public().aggregate_only()
    if complication is not None:
        reports = reports.about(complication)
    low, high = years
    if low is not None:
        reports = reports.filter(citation__year__gte=low)
    if high is not None:
        reports = reports.filter(citation__year__lte=high)
    reports = reports.select_related("citation").prefetch_related(
        Prefetch("complications", queryset=Complication.objects.public()), "counts"
    )
    return [
        {
            "report": report.slug,
            "kind": report.kind,
            "citation": report.citation.title,
            "year": report.citation.year,
            "complications": [c.slug for c in report.complications.all()],
            "patient_count": report.patient_count,
            "includes_cases_reported_elsewhere": report.includes_cases_reported_elsewhere,
            "counts": [
                {"label": c.label, "count": c.count, "denominator": c.denominator}
                for c in report.counts.all()
            ],
        }
        for report in reports
    ]


def case_statistics(patients=None, complication=None, years=(None, None)):
    """The statistics of `patients` (every public patient, when None). The aggregate-only
    reports follow the complication and publication years only: they describe no patient
    whose sex, age or outcome a filter could test."""
    if patients is None:
        patients = public_patients()
    patients = Patient.objects.filter(pk__in=patients.order_by().values("pk"))
    total = patients.count()
    aggregates = aggregate_reports(complication, years)
    return {
        "caveat": CAVEAT,
        "individual_cases": {
            "total": total,
            "small_sample": total < SMALL_NUMBER,
            "by_complication": by_complication(patients),
            "by_outcome": counted(patients, "outcome"),
            "by_sex": counted(patients, "sex"),
            "by_age_band": by_age_band(patients),
            "onset_latency": onset_latency(patients),
        },
        "reported_in_aggregate": {
            "patient_total": sum(r["patient_count"] for r in aggregates),
            "reports": aggregates,
        },
    }
