"""Counts of individually reported patients by one field, like openFDA's `count=`.

`count_patients(patients, "outcome")` answers how many of `patients` have each value. A
patient has one outcome, sex, disease, age band and publication year, but may have several
complications, prior therapies and treatments: for those a patient is counted once under each
value, so the counts may add up to more than the patients.
"""

from django.db.models import Count

from .models import Patient, PatientComplication, PriorTherapy, Treatment, TreatmentRole
from .stats import AGE_BANDS

SINGLE = {
    "outcome": "outcome",
    "sex": "sex",
    "disease": "disease",
    "year": "report__citation__year",
}
SEVERAL = {
    "complication": (PatientComplication, "complication__slug"),
    "prior_therapy": (PriorTherapy, "intervention__slug"),
    "treatment": (Treatment, "intervention__slug"),
}
COUNTABLE = [*SINGLE, "age_band", *SEVERAL]
SEVERAL_NOTE = "A patient with several values is counted once under each."


def count_patients(patients, field, treatment_role=None):
    """[{"value": …, "count": …}], most frequent first; a value not reported is null.

    `treatment_role` narrows `treatment` to drugs given in that role (by default, treatment
    of the complication, as the `treatment` filter means).
    """
    if field not in COUNTABLE:
        raise ValueError(f"Cannot count by {field!r}; one of: {', '.join(COUNTABLE)}.")
    # The filtered queryset may carry joins; counting over ids keeps each patient once.
    ids = patients.order_by().values("pk")
    if field in SINGLE:
        lookup = SINGLE[field]
        rows = (
            Patient.objects.filter(pk__in=ids)
            .values_list(lookup)
            .annotate(count=Count("pk"))
            .values_list(lookup, "count")
        )
    elif field == "age_band":
        rows = age_bands(Patient.objects.filter(pk__in=ids))
    else:
        model, lookup = SEVERAL[field]
        parts = model.objects.pointing_at_public_rows().filter(patient__in=ids)
        if field == "treatment":
            parts = parts.filter(role=treatment_role or TreatmentRole.TREATMENT)
        rows = (
            parts.values_list(lookup)
            .annotate(count=Count("patient", distinct=True))
            .values_list(lookup, "count")
        )
    counts = [{"value": value, "count": count} for value, count in rows if count]
    return sorted(counts, key=lambda row: (-row["count"], row["value"] is None, str(row["value"])))


def age_bands(patients):
    """(band label, count) for the bands of cases/stats.py; no age reported is None."""
    by_age = patients.values_list("age").annotate(count=Count("pk")).values_list("age", "count")
    counts = {}
    for age, count in by_age:
        label = None
        for band, low, high in AGE_BANDS:
            if age is not None and low <= age <= high:
                label = band
        counts[label] = counts.get(label, 0) + count
    return counts.items()
