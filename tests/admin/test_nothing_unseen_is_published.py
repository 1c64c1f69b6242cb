"""Reviewers publish only what they saw; an old form never undoes another person's status
change or links; a change that would break other rows' quotes is refused."""

import pytest

from cases.models import Patient, Report
from complications.models import Complication, SourceDocument, Statement
from curation import changes
from curation import content as contents
from curation.models import PendingChange, Status
from curation.workflow import unpublish

from ..curated_world import make_world
from .conftest import make_user
from .editing import browser_form, edit, review_url

pytestmark = pytest.mark.django_db


def test_approving_is_refused_when_the_change_was_edited_after_the_reviewer_looked(
    client, editor, reviewer
):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.statement, {"text": "Harmless wording."})
    change = PendingChange.objects.of(world.statement).open().get()
    client.force_login(reviewer)
    page = client.get(review_url(change)).content.decode()
    shown = change.version
    assert "Harmless wording." in page and f'name="version" value="{shown}"' in page
    client.force_login(editor)
    edit(client, world.statement, {"text": "Never reviewed wording."})
    client.force_login(reviewer)
    response = client.post(
        review_url(change), {"decision": "approve", "version": shown}, follow=True
    )
    assert "changed it again after you opened this page" in response.content.decode()
    assert Statement.objects.get(pk=world.statement.pk).text.startswith("Statement Alpha")


def test_a_reviewers_form_opened_before_an_editors_change_does_not_publish_it_unseen(
    client, editor, reviewer
):
    world = make_world("Alpha")
    client.force_login(reviewer)
    stale = browser_form(client, world.statement)
    client.force_login(editor)
    edit(client, world.statement, {"text": "Editor's unseen wording."})
    client.force_login(reviewer)
    response = edit(client, world.statement, {"position": "4"}, stale)
    assert response.status_code == 200
    assert "saving now would publish a change you have not seen" in response.content.decode()
    live = Statement.objects.get(pk=world.statement.pk)
    assert live.text.startswith("Statement Alpha") and live.position == 0
    assert PendingChange.objects.of(world.statement).open().exists()


def test_an_old_form_keeps_a_status_someone_changed_since(client, reviewer, roles):
    other = make_user("rob", "Reviewers")
    statement = make_world("Alpha").statement
    client.force_login(reviewer)
    stale = browser_form(client, statement)
    unpublish(Statement.objects.filter(pk=statement.pk), other)
    assert edit(client, statement, {"position": "9"}, stale).status_code == 302
    live = Statement.objects.get(pk=statement.pk)
    assert (live.status, live.position) == (Status.DRAFT, 9)


def test_an_old_form_that_changes_the_status_too_is_a_conflict(client, reviewer, roles):
    other = make_user("rob", "Reviewers")
    statement = make_world("Alpha", status=Status.IN_REVIEW).statement
    client.force_login(reviewer)
    stale = browser_form(client, statement)
    unpublish(Statement.objects.filter(pk=statement.pk), other)  # in review -> draft
    response = edit(client, statement, {"status": "published"}, stale)
    assert response.status_code == 200 and "changed what you changed: status" in (
        response.content.decode()
    )
    assert Statement.objects.get(pk=statement.pk).status == Status.DRAFT


def test_links_added_meanwhile_survive_an_old_form_that_did_not_touch_them(
    client, editor, second_editor
):
    world = make_world("Alpha", status=Status.DRAFT)
    other = Complication.objects.create(slug="other", name="Other", category="autoimmune")
    report = world.report
    client.force_login(editor)
    first = browser_form(client, report)
    client.force_login(second_editor)
    second = browser_form(client, report)
    client.force_login(editor)
    first["complications"] = [str(world.complication.pk), str(other.pk)]
    assert edit(client, report, {}, first).status_code == 302
    client.force_login(second_editor)
    assert edit(client, report, {"summary": "Second summary."}, second).status_code == 302
    report = Report.objects.get(pk=report.pk)
    assert report.summary == "Second summary."
    assert set(report.complications.all()) == {world.complication, other}


def test_a_published_report_cannot_be_linked_to_a_draft_complication(client, reviewer):
    world = make_world("Alpha")
    draft = Complication.objects.create(slug="draft", name="Draft one", category="autoimmune")
    client.force_login(reviewer)
    data = browser_form(client, world.report)
    data["complications"] = [str(draft.pk)]
    response = edit(client, world.report, {}, data)
    assert response.status_code == 200
    assert "needs complication “Draft one”, which is draft" in response.content.decode()
    assert not Report.objects.get(pk=world.report.pk).complications.exists()


def test_a_source_edit_that_breaks_other_rows_quotes_is_refused(client, editor, reviewer):
    world = make_world("Alpha")
    new_text = world.source.text.replace("on day 3 of the first course", "early")
    for user in (reviewer, editor):
        client.force_login(user)
        response = edit(client, world.source, {"text": new_text})
        html = response.content.decode()
        assert response.status_code == 200, user
        assert "Other rows quote this one and would no longer be verbatim" in html
        assert "Statement Alpha about the complication." in html
    assert SourceDocument.objects.get(pk=world.source.pk).text == world.source.text
    assert not PendingChange.objects.exists()


def test_pointing_a_report_at_another_source_checks_its_patients_quotes(client, reviewer):
    world = make_world("Alpha")
    other = SourceDocument.objects.create(
        slug="other",
        title="Other",
        kind="journal_article",
        text="Two of three patients had it. Nothing else.",
        status=Status.PUBLISHED,
    )
    client.force_login(reviewer)
    response = edit(client, world.report, {"source_document": str(other.pk)})
    assert response.status_code == 200
    assert "Patient Alpha" in response.content.decode()
    assert Patient.objects.get(pk=world.patient.pk).report.source_document == world.source


def test_a_rejected_proposals_version_number_is_never_given_again(editor, reviewer):
    statement = make_world("Alpha").statement
    content = contents.content_of(statement)
    content["fields"]["text"] = "Rejected idea."
    outcome = changes.save_change(statement, content, editor, seen_version=statement.version)
    changes.reject(outcome.change, reviewer, "Not in the source.")
    unpublish(Statement.objects.filter(pk=statement.pk), reviewer)
    assert Statement.objects.get(pk=statement.pk).version > outcome.change.version
