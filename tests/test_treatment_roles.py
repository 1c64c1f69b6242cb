"""Why a drug was given: a premedication, a prophylaxis or the patient's own medicine is not a
treatment of the complication, and the filters and exports say which is which."""

import csv
import io

import pytest

from cases.models import Patient
from complications.models import Intervention

from .factories import make_complication, make_intervention, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def patients():
    dah = make_complication(slug="dah")
    steroid = make_intervention("methylprednisolone")
    salbutamol = make_intervention("salbutamol")
    premedicated = make_patient(
        complication=dah,
        label="Premedicated",
        treatments=[(steroid, "premedication"), (salbutamol, "background")],
    )
    treated = make_patient(complication=dah, label="Treated", treatments=[steroid])
    return premedicated, treated


def labels(client, **params):
    response = client.get("/api/v1/cases/", params)
    assert response.status_code == 200, response.content
    return sorted(row["label"] for row in response.json()["results"])


def test_the_treatment_filter_matches_treatments_of_the_complication_only(client, patients):
    assert labels(client, complication="dah", treatment="methylprednisolone") == ["Treated"]


def test_treatment_role_with_a_drug_finds_the_drug_given_in_that_role(client, patients):
    found = labels(client, treatment="methylprednisolone", treatment_role="premedication")
    assert found == ["Premedicated"]


def test_treatment_role_alone_finds_anyone_given_something_in_that_role(client, patients):
    assert labels(client, treatment_role="background") == ["Premedicated"]
    assert labels(client, treatment_role="prophylaxis") == []


def test_the_case_list_page_filters_the_same_way(client, patients):
    page = client.get("/cases/", {"treatment": "methylprednisolone"}).content.decode()
    assert "Treated" in page and "Premedicated" not in page


def test_the_api_and_the_csv_carry_each_treatments_role(client, patients):
    rows = client.get("/api/v1/cases/", {"ordering": "age"}).json()["results"]
    roles = {row["label"]: [t["role"] for t in row["treatments"]] for row in rows}
    assert roles == {"Premedicated": ["premedication", "background"], "Treated": ["treatment"]}
    export = client.get("/api/v1/cases/", {"format": "csv"})
    text = b"".join(export.streaming_content).decode()
    table = {row["label"]: row for row in csv.DictReader(io.StringIO(text))}
    assert table["Premedicated"]["treatments"] == (
        "methylprednisolone (premedication); salbutamol (background)"
    )
    assert table["Treated"]["treatments"] == "methylprednisolone"


def test_the_case_page_labels_what_was_not_a_treatment(client, patients):
    premedicated, _ = patients
    page = client.get(premedicated.get_absolute_url()).content.decode()
    assert "[premedication before infusion]" in page
    assert "[the patient&#x27;s own medicine]" in page


def test_treated_with_means_treated_for_the_complication_unless_a_role_is_named(patients):
    steroid = Intervention.objects.get(slug="methylprednisolone")
    assert [p.label for p in Patient.objects.treated_with(steroid)] == ["Treated"]
    any_role = Patient.objects.treated_with(steroid, role=None).order_by("label")
    assert [p.label for p in any_role] == ["Premedicated", "Treated"]
