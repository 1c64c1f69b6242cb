"""The CSV export of patients: plain values in chunks, not model instances, for 100,000 rows.

Building a model instance and its prefetched relations per patient costs about a millisecond;
reading tuples costs a hundredth of that, and memory stays one chunk deep.
"""

from django.db import connection
from django.db.models import BigIntegerField, BooleanField, F, Func, Q, Value
from django.urls import reverse

from .models import PatientComplication, PriorTherapy, Treatment, TreatmentRole

CHUNK = 2000
COLUMNS = [
    "id",
    "label",
    "report",
    "report_kind",
    "citation_id",
    "citation_title",
    "year",
    "doi",
    "age",
    "sex",
    "disease",
    "disease_detail",
    "complications",
    "onset_days",
    "onset",
    "onset_anchor",
    "course_number",
    "prior_therapies",
    "treatments",
    "outcome",
    "outcome_detail",
    "retreated",
    "retreatment_detail",
    "page_url",
]
PATIENT_FIELDS = [
    "id",
    "label",
    "report__slug",
    "report__kind",
    "report__citation_id",
    "report__citation__title",
    "report__citation__year",
    "report__citation__doi",
    "age",
    "sex",
    "disease",
    "disease_detail",
    "outcome",
    "outcome_detail",
    "retreated",
    "retreatment_detail",
]


class EqualsAny(Func):
    """`field = ANY(array)`: a whole list of ids as one PostgreSQL array parameter."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def among(field, ids):
    """`field` is one of `ids`: on PostgreSQL one array parameter, not one per id.

    Binding 2,000 separate parameters per query cost a third of a 100,000-row export.
    """
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    from django.contrib.postgres.fields import ArrayField

    return EqualsAny(F(field), Value(ids, output_field=ArrayField(BigIntegerField())))


def grouped(rows):
    """{patient id: [rest of row, …]} from (patient_id, …) tuples, keeping their order."""
    groups = {}
    for patient_id, *rest in rows:
        groups.setdefault(patient_id, []).append(rest)
    return groups


def joined(values):
    return "; ".join(str(v) for v in values if v not in (None, ""))


def aligned(values):
    """Values that belong one to each of the patient's complications, in the same order as
    the `complications` column: an empty place stays, so the n-th value is the n-th
    complication's; all empty is empty."""
    values = ["" if v is None else str(v) for v in values]
    return "; ".join(values) if any(values) else ""


def given(slug, role):
    """'rituximab' for a treatment of the complication; 'salbutamol (background)' otherwise."""
    return slug if role == TreatmentRole.TREATMENT else f"{slug} ({role})"


def patient_rows(queryset):
    """One list of values per patient, in COLUMNS order, for the patients of `queryset`."""
    ids = list(queryset.values_list("pk", flat=True))
    case_url = reverse("case-detail", kwargs={"pk": 0}).replace("0", "{}")
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        patients = {
            p["id"]: p
            for p in queryset.model.objects.filter(among("pk", chunk)).values(*PATIENT_FIELDS)
        }
        # The parts that point at an unpublished complication or drug are left out.
        links = grouped(
            PatientComplication.objects.pointing_at_public_rows()
            .filter(among("patient_id", chunk))
            .order_by("patient_id", "position")
            .values_list(
                "patient_id",
                "complication__slug",
                "onset_days",
                "onset_detail",
                "onset_anchor",
                "course_number",
            )
        )
        priors = grouped(
            PriorTherapy.objects.pointing_at_public_rows()
            .filter(among("patient_id", chunk))
            .order_by("patient_id", "position")
            .values_list("patient_id", "intervention__slug")
        )
        treatments = grouped(
            Treatment.objects.pointing_at_public_rows()
            .filter(among("patient_id", chunk))
            .order_by("patient_id", "position")
            .values_list("patient_id", "intervention__slug", "role")
        )
        for pk in chunk:
            p = patients[pk]
            own = links.get(pk, [])
            onsets = [days for _, days, *_ in own if days is not None]
            yield [
                pk,
                p["label"],
                p["report__slug"],
                p["report__kind"],
                p["report__citation_id"],
                p["report__citation__title"],
                p["report__citation__year"],
                p["report__citation__doi"],
                p["age"],
                p["sex"],
                p["disease"],
                p["disease_detail"],
                joined(slug for slug, *_ in own),
                min(onsets) if onsets else None,
                aligned(detail for _, _, detail, _, _ in own),
                aligned(anchor for *_, anchor, _ in own),
                aligned(course for *_, course in own),
                joined(slug for (slug,) in priors.get(pk, [])),
                joined(given(slug, role) for slug, role in treatments.get(pk, [])),
                p["outcome"],
                p["outcome_detail"],
                p["retreated"],
                p["retreatment_detail"],
                case_url.format(pk),
            ]
