"""What users found trying the workspace: each rule holds in the services, whatever the page."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from cases.curating import save_case_report
from cases.models import Patient, Report, Treatment
from curation import changes, changesets
from curation import content as contents
from curation.anchoring import position_key
from curation.models import ChangeSet, ChangeSetState, PendingChange, Status
from curation.workflow import WorkflowError
from tests.factories import (
    make_citation,
    make_complication,
    make_intervention,
    make_patient,
    make_report,
    make_source,
)

from .test_case_report_screen import TEXT, filled_form, pick, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_a_second_report_of_the_same_publication_from_the_same_source_is_refused(
    client_for,
    editor,
    world,  # noqa: F811
):
    citation = make_citation(title="Already here (TEST)")
    make_report(citation=citation, source=world["source"], quote="We report")
    client = client_for(editor)
    data = filled_form(client, world)
    data["citation_text"] = [""]
    pick(data, "citation", citation.pk)
    data["save"] = ["1"]
    response = client.post(f"/curate/sources/{world['source'].slug}/case-report/", data)
    assert response.status_code == 400
    assert "already has a report from this source" in response.content.decode()
    assert Report.objects.count() == 1


def test_a_patient_is_added_to_a_report_as_it_stands(client_for, editor, world):  # noqa: F811
    report = make_report(source=world["source"], quote="We report", kind="series_individual")
    client = client_for(editor)
    page = client.get(f"/curate/reports/{report.pk}/add-patient/")
    assert page.status_code == 200
    assert "report_summary" not in page.content.decode()
    data = filled_form(client, world, path=f"/curate/reports/{report.pk}/add-patient/")
    data["save"] = ["1"]
    response = client.post(f"/curate/reports/{report.pk}/add-patient/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Report.objects.count() == 1
    patient = Patient.objects.get(report=report)
    assert patient.label == "Patient 1"
    # The published report gets the complication as a change for review, in the same set.
    assert PendingChange.objects.get().row == report


def test_a_row_in_another_editors_undecided_change_set_cannot_be_changed_in_the_workspace(
    client_for,
    editor,
    second_editor,
    world,  # noqa: F811
):
    report = make_report(source=world["source"], quote="We report", status=Status.DRAFT)
    patient = make_patient(report=report, status=Status.DRAFT, quote="a 29-year-old woman")
    theirs = changesets.start(editor, "TEST theirs")
    changesets.add(theirs, [report, patient], editor)
    mine = changesets.start(second_editor, "TEST mine")
    with pytest.raises(WorkflowError, match="edna’s change set"):
        changesets.add(mine, [patient], second_editor)
    client = client_for(second_editor)
    data = filled_form(client, world, path=f"/curate/patients/{patient.pk}/")
    data["save"] = ["1"]
    pick(data, "patient_age", 77)
    response = client.post(f"/curate/patients/{patient.pk}/", data)
    assert response.status_code == 400
    assert "change set" in response.content.decode()
    patient.refresh_from_db()
    assert patient.age == 34


def test_accept_refuses_a_set_that_changed_after_the_reviewer_opened_it(editor, reviewer):
    source = make_source()
    report = make_report(source=source, status=Status.DRAFT, citation=make_citation())
    patient = make_patient(report=report, status=Status.DRAFT)
    change_set = changesets.start(editor, "TEST")
    changesets.add(change_set, [report, patient], editor)
    changesets.submit(change_set, editor)
    seen = changesets.fingerprint(change_set)
    content = contents.content_of(patient)
    content["fields"]["age"] = 73
    changes.save_change(patient, content, editor)  # in review: editors may still save it
    with pytest.raises(WorkflowError, match="changed after you opened it"):
        changesets.accept(change_set, reviewer, "", seen)
    assert (
        changesets.accept(change_set, reviewer, "", changesets.fingerprint(change_set)).state
        == ChangeSetState.ACCEPTED
    )


def test_a_selection_in_the_reader_comments_is_refused(editor):
    text = "The article says haemoptysis. About the author\nReader: haemoptysis too."
    source = make_source(text=text)
    report = Report(slug="test", citation=make_citation(), source_document=source)
    content = contents.content_of(report)
    content["fields"].update(
        {"kind": "single_case", "patient_count": 1, "summary": "TEST", "quote": "haemoptysis"}
    )
    with pytest.raises(ValidationError, match="does not stand at the place selected"):
        changes.create(
            report,
            content,
            editor,
            positions={position_key(Report, "quote", "haemoptysis"): text.rindex("haem")},
        )


def test_an_editors_selection_on_a_published_row_anchors_there_when_approved(editor, reviewer):
    text = (
        "A 34-year-old woman developed the complication 3 days after the first infusion. "
        "She was treated with rituximab. A year later she was treated with rituximab again."
    )
    source = make_source(text=text)
    patient = make_patient(report=make_report(source=source))
    drug = make_intervention("tranexamic acid")
    second = text.rindex("treated with rituximab")
    values = {"intervention": drug.pk, "role": "treatment", "quote": "treated with rituximab"}
    outcome = changes.add_part(
        patient,
        Patient._meta.get_field("treatments").related_model,
        values,
        editor,
        positions={position_key(Treatment, "quote", "treated with rituximab"): second},
    )
    assert outcome.proposed
    changes.approve(outcome.change, reviewer)
    treatment = patient.treatments.get()
    assert treatment.quote_anchors.get().start == second


def test_staff_without_a_curating_group_cannot_save_in_the_workspace(client, world):  # noqa: F811
    client.force_login(User.objects.create_user("looker", password="x", is_staff=True))
    response = client.get(f"/curate/sources/{world['source'].slug}/case-report/")
    assert response.status_code == 403
    assert client.get("/curate/").status_code == 200


def test_details_without_what_they_describe_are_refused_not_dropped(
    client_for,
    editor,
    world,  # noqa: F811
):
    client = client_for(editor)
    data = filled_form(client, world)
    data["treatment_intervention"] = [""]
    data["treatment_quote"] = [""]
    data["treatment_quote_start"] = [""]
    pick(data, "treatment_detail", "1 g daily")
    data["save"] = ["1"]
    response = client.post(f"/curate/sources/{world['source'].slug}/case-report/", data)
    assert response.status_code == 400
    assert "Choose the drug this detail is about" in response.content.decode()


def test_the_service_refuses_a_second_report_whatever_page_calls_it(editor):
    source = make_source(text=TEXT)
    citation = make_citation()
    make_report(citation=citation, source=source, quote="We report")
    complication = make_complication()
    from cases.curating import CaseReport

    data = CaseReport(
        citation=citation,
        source=source,
        report={"kind": "single_case", "patient_count": 1, "summary": "x", "quote": "We report"},
        patient={"label": "P", "quote": "We report"},
        parts={"complication": {"complication": complication.pk, "quote": "We report"}},
    )
    with pytest.raises(ValidationError, match="already has a report"):
        save_case_report(editor, data)


def test_no_path_changes_a_row_in_another_editors_undecided_change_set(
    editor, second_editor, reviewer
):
    report = make_report(status=Status.DRAFT)
    change_set = changesets.start(editor, "TEST")
    changesets.add(change_set, [report], editor)
    changesets.submit(change_set, editor)
    content = contents.content_of(report)
    content["fields"]["summary"] = "Changed behind the editor's back."
    for someone in (second_editor, reviewer):  # the admin's save, a revert: save_change
        with pytest.raises(ValidationError, match="edna’s change set"):
            changes.save_change(report, content, someone)
    report.refresh_from_db()
    assert report.summary == "One patient."


def test_a_second_report_of_a_publication_from_one_source_is_refused_on_every_path(editor):
    report = make_report()
    second = Report(slug="second", citation=report.citation, source_document=report.source_document)
    content = contents.content_of(second)
    content["fields"].update(
        {"kind": "single_case", "patient_count": 1, "summary": "x", "quote": report.quote}
    )
    with pytest.raises(ValidationError, match="already has a report from this source"):
        changes.create(second, content, editor)


def test_an_outcome_quote_needs_the_outcome_it_reports_whatever_the_path(editor):
    patient = make_patient(status=Status.DRAFT)
    content = contents.content_of(patient)
    content["fields"]["outcome_quote"] = "A 34-year-old woman"
    with pytest.raises(ValidationError, match="Choose the outcome"):
        changes.save_change(patient, content, editor)


def test_odd_numbers_in_the_query_string_are_ignored_not_a_500(client_for, editor, world):  # noqa: F811
    client = client_for(editor)
    slug = world["source"].slug
    for query in ("?start=²&end=5", "?start=1&end=³", "?change_set=²", "?start=-1&end=x"):
        assert client.get(f"/curate/sources/{slug}/case-report/{query}").status_code == 200
        assert client.get(f"/curate/sources/{slug}/new/statement/{query}").status_code == 200


def test_an_unknown_decision_is_a_form_error(client_for, editor):
    change_set = changesets.start(editor, "TEST")
    response = client_for(editor).post(f"/curate/changes/{change_set.pk}/", {"action": "nuke"})
    assert response.status_code == 400
    assert "Choose submit" in response.content.decode()


def test_moving_a_quote_after_the_reviewer_looked_refuses_accept(editor, second_editor, reviewer):
    from curation import anchoring

    text = "TEST. It bled on day 4. Later it bled on day 4 again."
    source = make_source(text=text)
    report = make_report(source=source, quote="bled on day 4", status=Status.DRAFT)
    anchoring.keep(report)
    change_set = changesets.start(editor, "TEST")
    changesets.add(change_set, [report.citation, report], editor)
    changesets.submit(change_set, editor)
    seen = changesets.fingerprint(change_set)
    with pytest.raises(PermissionDenied):  # not in another editor's set
        anchoring.reselect(report, "quote", "bled on day 4", text.rindex("bled"), second_editor)
    anchoring.reselect(report, "quote", "bled on day 4", text.rindex("bled"), editor)
    with pytest.raises(WorkflowError, match="changed after you opened it"):
        changesets.accept(change_set, reviewer, "", seen)


def test_a_reviewer_cannot_publish_or_approve_around_an_editors_change_set(editor, reviewer):
    from curation import workflow

    source = make_source()
    report = make_report(source=source, status=Status.DRAFT)
    published = make_patient(report=make_report(source=source))
    content = contents.content_of(published)
    content["fields"]["age"] = 35
    waiting = changes.save_change(published, content, editor).change
    change_set = changesets.start(editor, "TEST, still being prepared")
    changesets.add(change_set, [report, published], editor)
    with pytest.raises(WorkflowError, match="decide on it with its change set"):
        workflow.publish(Report.objects.filter(pk=report.pk), reviewer, with_needs=True)
    with pytest.raises(ValidationError, match="edna’s change set"):
        changes.approve(waiting, reviewer)
    report.refresh_from_db()
    published.refresh_from_db()
    assert (report.status, published.age) == (Status.DRAFT, 34)


def test_an_editor_adds_a_patient_to_their_own_draft_report(client_for, editor, world):  # noqa: F811
    client = client_for(editor)
    data = filled_form(client, world)
    data["save"] = ["1"]
    assert (
        client.post(f"/curate/sources/{world['source'].slug}/case-report/", data).status_code == 302
    )
    report = Report.objects.get()
    data = filled_form(client, world, path=f"/curate/reports/{report.pk}/add-patient/")
    data["save"] = ["1"]
    pick(data, "patient_label", "Patient 2")
    response = client.post(f"/curate/reports/{report.pk}/add-patient/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert report.patients.count() == 2
    assert ChangeSet.objects.count() == 1  # the same set as the report
