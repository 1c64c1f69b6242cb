"""The long tables: one row per patient and complication, one row per drug given, read back
by pandas the way a researcher would, with a data dictionary beside each."""

import io

import pandas as pd
import pytest

from cases.models import PatientComplication
from complications.models import Complication
from curation.models import Status

from ..factories import make_complication, make_intervention, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_patients():
    """Patient A had DAH on day 4 of the course and thyroid disease 30 months after the last
    course; patient B had DAH with no onset reported."""
    dah = make_complication(slug="dah", name="DAH")
    thyroid = make_complication(slug="thyroid", name="Thyroid disease")
    rituximab = make_intervention("rituximab")
    steroid = make_intervention("methylprednisolone")
    a = make_patient(complication=dah, treatments=[rituximab, (steroid, "premedication")])
    a.complication_links.update(onset_latency=4, onset_unit="days", onset_anchor="course_start")
    PatientComplication.objects.create(
        patient=a,
        complication=thyroid,
        position=2,
        course_number=2,
        dose="12 mg",
        onset_latency=30,
        onset_unit="months",
        onset_anchor="last_course",
        quote="30 months later",
    )
    b = make_patient(complication=dah)
    b.complication_links.update(onset_latency=None, onset_unit="", onset_anchor="")
    return a, b


def test_each_complication_of_a_patient_is_a_row_with_its_own_onset_and_anchor(api, two_patients):
    a, b = two_patients
    rows = api.get("/api/v1/patient-complications/").json()["results"]
    by_key = {(row["patient_id"], row["complication"]): row for row in rows}
    assert len(rows) == 3
    assert by_key[a.pk, "dah"] | {"quote": ""} == {
        "patient_id": a.pk,
        "complication": "dah",
        "position": 1,
        "onset_value": 4.0,
        "onset_unit": "days",
        "onset_days": 4.0,
        "onset_anchor": "course_start",
        "onset_detail": None,
        "course_number": 1,
        "dose": None,
        "quote": "",
    }
    thyroid = by_key[a.pk, "thyroid"]
    assert (thyroid["onset_value"], thyroid["onset_unit"], thyroid["onset_anchor"]) == (
        30.0,
        "months",
        "last_course",
    )
    assert (thyroid["course_number"], thyroid["dose"]) == (2, "12 mg")
    unknown = by_key[b.pk, "dah"]
    assert (unknown["onset_value"], unknown["onset_days"], unknown["onset_anchor"]) == (
        None,
        None,
        None,
    )


def test_pandas_reads_the_csv_and_gives_the_onset_per_complication_and_anchor(api, two_patients):
    response = api.get("/api/v1/patient-complications/?format=csv")
    table = pd.read_csv(io.BytesIO(b"".join(response.streaming_content)))
    onset = table.groupby(["complication", "onset_anchor"])["onset_days"].median()
    assert onset.loc["dah", "course_start"] == 4.0
    assert onset.loc["thyroid", "last_course"] == pytest.approx(30 * 30.44, rel=0.01)
    # The patient whose DAH onset is not reported is a row with an empty onset, not dropped.
    assert table[table.complication == "dah"].onset_days.isna().sum() == 1


def test_the_treatments_table_names_each_drug_with_its_role(api, two_patients):
    a, _ = two_patients
    response = api.get("/api/v1/treatments/?format=csv")
    table = pd.read_csv(io.BytesIO(b"".join(response.streaming_content)))
    given = set(zip(table.patient_id, table.drug, table.role, strict=True))
    assert given == {
        (a.pk, "rituximab", "treatment"),
        (a.pk, "methylprednisolone", "premedication"),
    }
    only = api.get("/api/v1/treatments/?role=premedication").json()["results"]
    assert [row["drug"] for row in only] == ["methylprednisolone"]


def test_the_long_tables_filter_by_complication_anchor_patient_and_drug(api, two_patients):
    a, b = two_patients
    assert api.get("/api/v1/patient-complications/?complication=thyroid").json()["count"] == 1
    assert api.get("/api/v1/patient-complications/?onset_anchor=course_start").json()["count"] == 1
    assert api.get(f"/api/v1/patient-complications/?patient={b.pk}").json()["count"] == 1
    assert api.get("/api/v1/treatments/?drug=rituximab").json()["count"] == 1
    assert api.get("/api/v1/treatments/?complication=no-such").status_code == 404


def test_rows_of_unpublished_patients_and_complications_are_left_out(api, two_patients):
    draft_patient = make_patient(
        status=Status.DRAFT, complication=make_complication(slug="draft-one")
    )
    Complication.objects.filter(slug="thyroid").update(status=Status.DRAFT)
    body = api.get("/api/v1/patient-complications/").content.decode()
    assert "thyroid" not in body and "draft-one" not in body
    assert f'"patient_id":{draft_patient.pk}' not in body
    assert api.get("/api/v1/patient-complications/").json()["count"] == 2


@pytest.mark.parametrize("table", ["patient-complications", "treatments", "cases"])
def test_each_table_has_a_data_dictionary_naming_every_csv_column(api, two_patients, table):
    dictionary = api.get(f"/api/v1/{table}/dictionary/").json()
    response = api.get(f"/api/v1/{table}/?format=csv")
    header = b"".join(response.streaming_content).decode().splitlines()[0].split(",")
    assert [entry["column"] for entry in dictionary] == header
    assert all(entry["meaning"] and entry["type"] for entry in dictionary)


def test_the_dictionary_lists_the_allowed_values_of_a_category(api):
    dictionary = {
        e["column"]: e for e in api.get("/api/v1/patient-complications/dictionary/").json()
    }
    assert "last_course" in dictionary["onset_anchor"]["allowed_values"]
    assert dictionary["onset_value"]["type"] == "number"
    assert dictionary["patient_id"]["required"] is True


def test_the_schema_describes_each_long_table_column_with_its_meaning(api):
    schema = api.get("/api/schema/?format=json").json()
    row = schema["components"]["schemas"]["PatientComplicationsRow"]["properties"]
    assert "counted from" in row["onset_anchor"]["description"]
    assert "null" in row["onset_value"]["type"]
