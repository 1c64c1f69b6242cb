"""A change waiting for review is what editors and reviewers edit, and every inline route
checks its quotes like any other."""

import pytest

from cases.models import Patient, PriorTherapy
from curation.models import ChangeState, PendingChange, Status

from ..curated_world import make_world
from .editing import browser_form, edit

pytestmark = pytest.mark.django_db


def test_a_new_inline_row_with_a_quote_not_in_the_source_is_refused(client, reviewer):
    patient = make_world("Alpha", status=Status.DRAFT).patient
    client.force_login(reviewer)
    data = browser_form(client, patient)
    data["prior_therapies-TOTAL_FORMS"] = ["2"]
    for name, value in {
        "position": "2",
        "intervention": str(patient.prior_therapies.get().intervention_id),
        "detail": "",
        "quote": "She had had three courses of a made-up drug.",
    }.items():
        data[f"prior_therapies-1-{name}"] = [value]
    response = edit(client, patient, {}, data)
    assert response.status_code == 200
    assert "Not verbatim in “Source Alpha”" in response.content.decode()
    assert PriorTherapy.objects.filter(patient=patient).count() == 1


def test_a_reviewer_who_saves_a_waiting_change_publishes_it(client, editor, reviewer):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.patient, {"presentation": "Proposed presentation."})
    change = PendingChange.objects.of(world.patient).open().get()

    client.force_login(reviewer)
    page = client.get(f"/admin/cases/patient/{world.patient.pk}/change/").content.decode()
    assert "Proposed presentation." in page and "Saving this form publishes it" in page
    assert edit(client, world.patient, {"age": "41"}).status_code == 302
    patient = Patient.objects.get(pk=world.patient.pk)
    assert (patient.presentation, patient.age) == ("Proposed presentation.", 41)
    assert PendingChange.objects.get(pk=change.pk).state == ChangeState.APPROVED


def test_an_editor_who_edits_the_change_back_to_the_published_version_withdraws_it(client, editor):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.report, {"summary": "Changed."})
    assert PendingChange.objects.of(world.report).open().exists()
    edit(client, world.report, {"summary": "Summary Alpha."})
    assert not PendingChange.objects.of(world.report).open().exists()
    assert PendingChange.objects.of(world.report).get().state == ChangeState.WITHDRAWN


def test_the_working_copy_never_reaches_the_stored_rows(client, editor):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.patient, {"treatments-0-detail": "Proposed dose."})
    for _ in range(2):  # opening the form writes the waiting change only inside a rollback
        assert (
            "Proposed dose."
            in client.get(f"/admin/cases/patient/{world.patient.pk}/change/").content.decode()
        )
    assert world.patient.treatments.get().detail == "Treatment Alpha"


def test_a_waiting_change_to_a_row_unpublished_since_is_applied_by_the_next_save(
    client, editor, reviewer
):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.report, {"summary": "Proposed."})
    change = PendingChange.objects.of(world.report).open().get()
    client.force_login(reviewer)
    client.post(
        "/admin/cases/report/", {"action": "unpublish", "_selected_action": [world.report.pk]}
    )
    client.force_login(editor)
    assert edit(client, world.report, {"patient_count": "4"}).status_code == 302
    report = type(world.report).objects.get(pk=world.report.pk)
    assert (report.summary, report.patient_count, report.status) == ("Proposed.", 4, "draft")
    assert PendingChange.objects.get(pk=change.pk).state == ChangeState.APPLIED
