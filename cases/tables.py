"""The published tables read from reported patients (see curation/tables.py).

`patient-complications` and `treatments` are long ("tidy") tables: one row per patient and
complication, one row per drug given, each value beside the complication it belongs to. The
wide `cases` table (cases/export.py) has one row per patient and joins what a patient has
several of into one cell, which reads well but cannot be analysed per complication.
"""

from complications.models import OnsetAnchor, TimeUnit
from curation.tables import Column, Table

from .export import COLUMNS, patient_rows
from .models import Disease, Outcome, Patient, PatientComplication, Sex, Treatment, TreatmentRole

PATIENT_ID = Column(
    "patient_id",
    "integer",
    "The patient's id: `id` in cases.csv and the API's cases/.",
    required=True,
)
# Frictionless: every patient_id is the id of a row in the cases table of the same release.
TO_CASES = ({"fields": ["patient_id"], "reference": {"resource": "cases", "fields": ["id"]}},)

PATIENT_COMPLICATION_FIELDS = [
    "patient_id",
    "complication__slug",
    "position",
    "onset_latency",
    "onset_unit",
    "onset_days",
    "onset_anchor",
    "onset_detail",
    "course_number",
    "dose",
    "quote",
]


def patient_complication_rows(queryset):
    """One row per patient and complication, in the patient's order."""
    for row in queryset.order_by("patient_id", "position").values_list(
        *PATIENT_COMPLICATION_FIELDS
    ):
        patient, slug, position, latency, unit, days, anchor, detail, course, dose, quote = row
        yield [
            patient,
            slug,
            position,
            None if latency is None else float(latency),
            unit or None,
            days,
            anchor or None,
            detail or None,
            course,
            dose or None,
            quote,
        ]


def published_patient_complications():
    return PatientComplication.objects.public()


PATIENT_COMPLICATIONS = Table(
    name="patient-complications",
    title="Complications of individually reported patients",
    description=(
        "One row per patient and complication: when that complication began, counted from "
        "which event, with which course and dose. Join to cases on patient_id."
    ),
    columns=(
        PATIENT_ID,
        Column(
            "complication",
            "string",
            "Slug of the complication (the API's complications/{slug}/).",
            required=True,
        ),
        Column(
            "position",
            "integer",
            "Order of this complication among the patient's, as the source lists them (1 = first).",
            required=True,
        ),
        Column(
            "onset_value",
            "number",
            "Time from `onset_anchor` to onset, in `onset_unit`, as the source states it; "
            "empty when not reported.",
        ),
        Column(
            "onset_unit",
            "string",
            "Unit of onset_value; empty when onset is not reported.",
            allowed=tuple(TimeUnit.values),
        ),
        Column(
            "onset_days",
            "number",
            "onset_value in days (a month is 30.44 days, a year 365.25); compare only rows "
            "with the same onset_anchor.",
        ),
        Column(
            "onset_anchor",
            "string",
            "What the onset is counted from: course_start (a day number of the course: 'day 4'"
            "), infusion, last_infusion, last_course, first_course, or not_stated; empty when "
            "onset is not reported.",
            allowed=tuple(OnsetAnchor.values),
        ),
        Column("onset_detail", "string", "The onset as the source words it."),
        Column(
            "course_number",
            "integer",
            "Which alemtuzumab course the complication came with (1 = the first); empty when "
            "not reported.",
        ),
        Column("dose", "string", "Alemtuzumab dose of that course, as the source states it."),
        Column(
            "quote",
            "string",
            "The verbatim passage of the source that reports this complication in this patient.",
            required=True,
        ),
    ),
    rows=patient_complication_rows,
    queryset=published_patient_complications,
    primary_key=("patient_id", "complication"),
    foreign_keys=TO_CASES,
)

TREATMENT_FIELDS = [
    "patient_id",
    "position",
    "complication__slug",
    "intervention__slug",
    "role",
    "detail",
    "quote",
]


def treatment_rows(queryset):
    """One row per drug or procedure given, in the patient's order."""
    for patient, position, complication, drug, role, detail, quote in queryset.order_by(
        "patient_id", "position"
    ).values_list(*TREATMENT_FIELDS):
        yield [patient, position, complication, drug, role, detail or None, quote]


def published_treatments():
    return Treatment.objects.public()


TREATMENTS = Table(
    name="treatments",
    title="Drugs and procedures given to individually reported patients",
    description=(
        "One row per drug or procedure a patient was given, with why (role): to treat the "
        "complication, as premedication, as prophylaxis, or the patient's own medicine. Join "
        "to cases on patient_id."
    ),
    columns=(
        PATIENT_ID,
        Column(
            "position",
            "integer",
            "Order among the patient's treatments, as the source gives them (1 = first).",
            required=True,
        ),
        Column(
            "complication",
            "string",
            "Slug of the complication it was given for, when the source says; empty otherwise.",
        ),
        Column(
            "drug",
            "string",
            "Slug of the drug or procedure (the API's drugs/{slug}/).",
            required=True,
        ),
        Column(
            "role",
            "string",
            "Why it was given: treatment (of the complication), premedication (before an "
            "infusion), prophylaxis, background (the patient's own medicine) or other.",
            allowed=tuple(TreatmentRole.values),
            required=True,
        ),
        Column(
            "detail",
            "string",
            "How it was given, as the source states it: dose, route, number of doses, or "
            "what else the source says of it (e.g. a switch from another drug).",
        ),
        Column(
            "quote",
            "string",
            "The verbatim passage of the source that reports it.",
            required=True,
        ),
    ),
    rows=treatment_rows,
    queryset=published_treatments,
    primary_key=("patient_id", "position"),
    foreign_keys=TO_CASES,
)


def published_patients():
    return Patient.objects.public().order_by("report__citation__year", "report", "position")


CASES = Table(
    name="cases",
    title="Individually reported patients",
    description=(
        "One row per patient reported individually. Columns that hold several values (one per "
        "complication) join them with '; ' in the order of `complications`; for analysis per "
        "complication use patient-complications and treatments."
    ),
    columns=(
        Column("id", "integer", "The patient's id (patient_id in the long tables).", required=True),
        Column(
            "label", "string", "The patient's label within the report ('Patient 1').", required=True
        ),
        Column("report", "string", "Slug of the report (the API's reports/).", required=True),
        Column(
            "report_kind",
            "string",
            "single_case, series_individual, series_aggregate or literature_review.",
            required=True,
        ),
        Column("citation_id", "integer", "Id of the citation that reports the patient."),
        Column("citation_title", "string", "Title of that publication."),
        Column("year", "integer", "Year of that publication."),
        Column("doi", "string", "DOI of that publication."),
        Column(
            "age", "integer", "Age in years when the complication began; empty when not reported."
        ),
        Column("sex", "string", "Sex as reported.", allowed=tuple(Sex.values), required=True),
        Column(
            "disease",
            "string",
            "The disease alemtuzumab was given for.",
            allowed=tuple(Disease.values),
            required=True,
        ),
        Column("disease_detail", "string", "The disease as the source words it."),
        Column(
            "complications", "string", "Slugs of the patient's complications, joined with '; '."
        ),
        Column(
            "onset_days",
            "number",
            "The earliest onset in days among the patient's complications, whatever it is "
            "counted from; per complication and anchor, use patient-complications.",
        ),
        Column("onset", "string", "Onset as worded, one place per complication, joined with '; '."),
        Column(
            "onset_anchor",
            "string",
            "What each onset is counted from, one place per complication, joined with '; '.",
        ),
        Column(
            "course_number",
            "string",
            "Course of each complication, one place per complication, joined with '; '.",
        ),
        Column(
            "prior_therapies",
            "string",
            "Slugs of drugs given before alemtuzumab, joined with '; '.",
        ),
        Column(
            "treatments",
            "string",
            "Slugs of drugs given, joined with '; '; a role other than treatment of the "
            "complication follows in brackets: 'methylprednisolone (premedication)'.",
        ),
        Column(
            "outcome", "string", "Outcome category.", allowed=tuple(Outcome.values), required=True
        ),
        Column("outcome_detail", "string", "The outcome as the source words it."),
        Column("retreated", "boolean", "Alemtuzumab given again; empty when not reported."),
        Column("retreatment_detail", "string", "What happened on retreatment."),
        Column("page_url", "string", "The patient's page on this site (a path).", required=True),
    ),
    rows=patient_rows,
    queryset=published_patients,
    primary_key=("id",),
)

assert CASES.header == COLUMNS, "cases.csv's columns and their descriptions must agree"

TABLES = [CASES, PATIENT_COMPLICATIONS, TREATMENTS]
