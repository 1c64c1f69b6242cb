"""The case report screen, posted as a browser posts it: one transaction, every check."""

import pytest

from cases.models import Patient, PatientComplication, Report, Treatment
from complications.models import Citation
from curation.models import ChangeSet, ChangeSetState, Status
from tests.browser_forms import submitted_form
from tests.factories import make_complication, make_intervention, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "TEST ONLY, a made-up abstract. We report a 29-year-old woman with relapsing MS who\n"
    "developed thrombocytopenia 5 months after her second course of alemtuzumab. She was\n"
    "treated with prednisolone and her platelets recovered."
)
RIS = (
    "TY  - JOUR\r\nTI  - A made-up case (TEST)\r\nAU  - Testperson, Ada\r\nPY  - 2026\r\nER  - \r\n"
)


@pytest.fixture
def world():
    return {
        "source": make_source(text=TEXT, slug="test-abstract", comments_start=None),
        "itp": make_complication(name="Immune thrombocytopenia"),
        "prednisolone": make_intervention("prednisolone"),
    }


def pick(data, name, value):
    data[name] = [str(value)]


def quote(data, name, passage, text=TEXT):
    data[name] = [passage.replace("\n", "\r\n")]  # as a browser sends a textarea
    data[f"{name}_start"] = [str(text.index(passage))]


def filled_form(client, world, path=None):
    page = client.get(path or f"/curate/sources/{world['source'].slug}/case-report/")
    assert page.status_code == 200
    data = submitted_form(page.content.decode(), "case-report-form")
    if "citation_text" in data:
        pick(data, "citation_text", RIS)
    if "report_summary" in data:
        pick(data, "report_summary", "A made-up patient (TEST).")
        quote(data, "report_quote", "We report a 29-year-old woman")
    pick(data, "patient_age", 29)
    pick(data, "patient_sex", "female")
    pick(data, "patient_disease", "rrms")
    quote(data, "patient_quote", "a 29-year-old woman with relapsing MS")
    pick(data, "complication_complication", world["itp"].pk)
    pick(data, "complication_onset_latency", 5)
    pick(data, "complication_onset_unit", "months")
    pick(data, "complication_onset_anchor", "last_course")
    passage = "MS who\ndeveloped thrombocytopenia 5 months after her second"
    quote(data, "complication_quote", passage)
    pick(data, "treatment_intervention", world["prednisolone"].pk)
    quote(data, "treatment_quote", "treated with prednisolone")
    pick(data, "patient_outcome", "resolved")
    quote(data, "patient_outcome_quote", "her platelets recovered")
    return data


def test_a_case_report_is_saved_with_its_citation_patient_and_quotes_in_one_change_set(
    client_for, editor, world
):
    client = client_for(editor)
    data = filled_form(client, world)
    data["submit"] = ["1"]
    response = client.post(f"/curate/sources/{world['source'].slug}/case-report/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    citation = Citation.objects.get(title="A made-up case (TEST)")
    assert citation.full_text == world["source"]
    report = Report.objects.get(citation=citation)
    patient = Patient.objects.get(report=report)
    assert (patient.age, patient.sex, patient.outcome) == (29, "female", "resolved")
    assert patient.complication_links.get().onset_latency == 5
    assert Treatment.objects.get(patient=patient).position == 1
    assert list(report.complications.all()) == [world["itp"]]
    change_set = ChangeSet.objects.get()
    assert change_set.state == ChangeSetState.SUBMITTED
    assert {item.row for item in change_set.items.all()} == {citation, report, patient}
    assert {row.status for row in (citation, report, patient)} == {Status.IN_REVIEW} or all(
        type(r).objects.get(pk=r.pk).status == Status.IN_REVIEW for r in (citation, report, patient)
    )
    anchored = patient.quote_anchors.get(field="quote")
    assert TEXT[anchored.start : anchored.end] == patient.quote
    quoted = PatientComplication.objects.get(patient=patient).quote
    assert "\r" not in quoted and "\n" in quoted  # the line break as the source has it
    assert response["Location"] == change_set.get_absolute_url()


def test_a_quote_typed_without_a_selection_is_refused_and_nothing_is_saved(
    client_for, editor, world
):
    client = client_for(editor)
    data = filled_form(client, world)
    data["report_quote_start"] = [""]
    data["save"] = ["1"]
    response = client.post(f"/curate/sources/{world['source'].slug}/case-report/", data)
    assert response.status_code == 400
    assert "quotes are not typed" in response.content.decode()
    assert not Report.objects.exists() and not Citation.objects.exists()


def test_a_failing_patient_saves_neither_the_report_nor_the_citation(client_for, editor, world):
    client = client_for(editor)
    data = filled_form(client, world)
    pick(data, "complication_onset_anchor", "")  # a latency needs what it is counted from
    data["save"] = ["1"]
    response = client.post(f"/curate/sources/{world['source'].slug}/case-report/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "counted from" in html
    assert 'id="id_complication_onset_anchor_error"' in html  # on the field, not above the form
    assert not Report.objects.exists()
    assert not Citation.objects.exists()
    assert not ChangeSet.objects.exists()


def test_the_workspace_is_for_staff_only(client, world):
    response = client.get("/curate/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
