"""The CSV export of patients: plain values in chunks, not model instances, for 100,000 rows.

Building a model instance and its prefetched relations per patient costs about a millisecond;
reading tuples costs a hundredth of that, and memory stays at most two chunks deep (one being
formatted while the next one's parts are read, see patient_rows).
"""

from concurrent.futures import ThreadPoolExecutor
from itertools import groupby, islice
from operator import itemgetter

from django.db import connection, connections
from django.db.models import BooleanField, Expression, F, Q
from django.urls import reverse

from .models import PatientComplication, PriorTherapy, Treatment, TreatmentRole

CHUNK = 20_000
# complications, onset_days, onset, onset_anchor, course_number of a patient with none.
NO_COMPLICATIONS = ("", None, "", "", "")
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
# Where the patient's outcome fields begin in PATIENT_FIELDS: the parts go before them.
OUTCOME_AT = PATIENT_FIELDS.index("outcome")


class EqualsAny(Expression):
    """`field = ANY(array)`: a whole list of ids as one PostgreSQL array parameter, written
    as its text form ('{1,2,3}'): no per-id conversion on the way."""

    output_field = BooleanField()

    def __init__(self, field, ids):
        super().__init__()
        self.column, self.ids = F(field), ids

    def resolve_expression(self, query=None, *args, **kwargs):
        clone = self.copy()
        clone.column = self.column.resolve_expression(query, *args, **kwargs)
        return clone

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        array = "{" + ",".join(map(str, self.ids)) + "}"
        return f"{column} = ANY(%s::bigint[])", [*params, array]


def among(field, ids):
    """`field` is one of `ids`: on PostgreSQL one array parameter, not one per id.

    Binding 2,000 separate parameters per query cost a third of a 100,000-row export, and
    converting each id of an array parameter through its field another third.
    """
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    return EqualsAny(field, ids)


def grouped(queryset):
    """{patient id: [row, …]} from a values_list queryset whose first value is the patient's
    id, in its order.

    The rows are read as the database driver gives them: Django's per-value conversion
    was a third of a 100,000-row export, and these columns (ids, slugs, text, numbers) need
    none.
    """
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # The rows come ordered by patient: grouping runs in C.
    return {patient_id: list(group) for patient_id, group in groupby(rows, itemgetter(0))}


def as_text(value):
    return "" if value is None else str(value)


def aligned(values):
    """Values that belong one to each of the patient's complications, in the same order as
    the `complications` column: an empty place stays, so the n-th value is the n-th
    complication's; all empty is empty."""
    values = [as_text(v) for v in values]
    return "; ".join(values) if any(values) else ""


def given(slug, role):
    """'rituximab' for a treatment of the complication; 'salbutamol (background)' otherwise."""
    return slug if role == TreatmentRole.TREATMENT else f"{slug} ({role})"


def parts_of(ids, using):
    """({patient id: complication rows}, {… prior therapy rows}, {… treatment rows}) for the
    patients `ids`. The parts that point at an unpublished complication or drug are left out."""
    links = grouped(
        PatientComplication.objects.using(using)
        .pointing_at_public_rows()
        .filter(among("patient_id", ids))
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
        PriorTherapy.objects.using(using)
        .pointing_at_public_rows()
        .filter(among("patient_id", ids))
        .order_by("patient_id", "position")
        .values_list("patient_id", "intervention__slug")
    )
    treatments = grouped(
        Treatment.objects.using(using)
        .pointing_at_public_rows()
        .filter(among("patient_id", ids))
        .order_by("patient_id", "position")
        .values_list("patient_id", "intervention__slug", "role")
    )
    return links, priors, treatments


def parts_in_another_thread(ids, using):
    """parts_of() on a connection of its own, closed afterwards."""
    try:
        return parts_of(ids, using)
    finally:
        connections.close_all()  # this thread's connections only


def can_overlap(using):
    """Whether the parts can be read on a second connection while this one formats rows:
    on PostgreSQL, and outside a transaction (a second connection would not see its rows)."""
    db = connections[using]
    return db.vendor == "postgresql" and not db.in_atomic_block


def patient_rows(queryset):
    """One tuple of values per patient, in COLUMNS order, for the patients of `queryset`.

    The patients are read in one pass (a server-side cursor on PostgreSQL), their
    complications, prior therapies and treatments a chunk of patients at a time. On
    PostgreSQL (outside a transaction) the next chunk's parts are read on a second
    connection while this one formats the rows of the last: the database's time and
    Python's then overlap, on two cores, rather than add up (a full export of 100,000
    patients spent a third of its time waiting for the parts).
    """
    using = queryset.db
    patients = (
        queryset.prefetch_related(None).values_list(*PATIENT_FIELDS).iterator(chunk_size=CHUNK)
    )
    chunks = iter(lambda: list(islice(patients, CHUNK)), [])
    if not can_overlap(using):
        for chunk in chunks:
            yield from formatted(chunk, parts_of([p[0] for p in chunk], using))
        return
    with ThreadPoolExecutor(max_workers=1) as reader:
        waiting = None
        for chunk in chunks:
            parts = reader.submit(parts_in_another_thread, [p[0] for p in chunk], using)
            if waiting is not None:
                yield from formatted(waiting[0], waiting[1].result())
            waiting = (chunk, parts)
        if waiting is not None:
            yield from formatted(waiting[0], waiting[1].result())


def formatted(chunk, parts):
    """The rows of `chunk` (PATIENT_FIELDS tuples) with their parts, in COLUMNS order."""
    links, priors, treatments = parts
    case_url = reverse("case-detail", kwargs={"pk": 0}).replace("0", "{}")
    for patient in chunk:
        pk = patient[0]
        own = links.get(pk)
        if own is None:
            complications = NO_COMPLICATIONS
        elif len(own) == 1:  # most patients: the values as they are
            _, slug, days, detail, anchor, course = own[0]
            complications = (slug, days, as_text(detail), as_text(anchor), as_text(course))
        else:
            _, slugs, days, details, anchors, courses = zip(*own, strict=True)
            onsets = [d for d in days if d is not None]
            complications = (
                "; ".join(slugs),
                min(onsets) if onsets else None,
                aligned(details),
                aligned(anchors),
                aligned(courses),
            )
        # In COLUMNS order: the patient's own fields up to disease_detail, the parts, the
        # outcome fields, the page.
        yield (
            patient[:OUTCOME_AT]
            + complications
            + (
                "; ".join(slug for _, slug in priors.get(pk, ())),
                "; ".join(given(slug, role) for _, slug, role in treatments.get(pk, ())),
            )
            + patient[OUTCOME_AT:]
            + (case_url.format(pk),)
        )
