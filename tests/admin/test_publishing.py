"""Publishing re-validates and needs what a row points at to be public (or published with it)."""

import pytest

from cases.models import Patient, Report
from complications.models import Citation, Intervention, SourceDocument, Statement
from curation.models import PendingChange, Status
from curation.workflow import PublicationRefused, publish

from ..curated_world import make_world
from .editing import edit, review_url

pytestmark = pytest.mark.django_db


def test_a_statement_is_not_published_while_its_citation_is_in_review(reviewer):
    world = make_world("Alpha", status=Status.IN_REVIEW)
    Statement.objects.filter(pk=world.statement.pk).update(status=Status.IN_REVIEW)
    SourceDocument.objects.filter(pk=world.source.pk).update(status=Status.PUBLISHED)
    with pytest.raises(PublicationRefused) as refused:
        publish(Statement.objects.filter(pk=world.statement.pk), reviewer)
    problems = " ".join(refused.value.problems)
    assert "needs citation “Citation Alpha (2020)”, which is in review" in problems
    assert "needs complication “Complication Alpha”" in problems
    assert Statement.objects.get(pk=world.statement.pk).status == Status.IN_REVIEW


def test_publishing_with_what_it_needs_publishes_the_whole_chain_in_one_go(reviewer):
    world = make_world("Alpha", status=Status.DRAFT)
    published = publish(Patient.objects.filter(pk=world.patient.pk), reviewer, with_needs=True)
    names = {type(row).__name__ for row in published}
    assert names == {
        "Patient",
        "Report",
        "Citation",
        "SourceDocument",
        "Complication",
        "Intervention",
    }
    assert Patient.objects.public().filter(pk=world.patient.pk).exists()
    assert Statement.objects.get(pk=world.statement.pk).status == Status.DRAFT  # not needed


def test_the_admin_lists_what_a_row_needs_before_publishing_it_with_them(client, reviewer):
    world = make_world("Alpha", status=Status.DRAFT)
    client.force_login(reviewer)
    changelist = "/admin/cases/patient/"
    page = client.post(
        changelist, {"action": "publish_with_needs", "_selected_action": [world.patient.pk]}
    )
    html = page.content.decode()
    for needed in (
        "Report: Citation Alpha",
        "Citation: Citation Alpha",
        "Source document: Source Alpha",
        "Complication: Complication Alpha",
        "Intervention: drug Alpha",
    ):
        assert needed in html
    assert Patient.objects.get(pk=world.patient.pk).status == Status.DRAFT
    client.post(
        changelist,
        {
            "action": "publish_with_needs",
            "_selected_action": [world.patient.pk],
            "confirmed": "yes",
        },
    )
    assert Patient.objects.public().filter(pk=world.patient.pk).exists()


def test_publishing_refuses_a_row_whose_quote_no_longer_stands_in_its_source(client, reviewer):
    world = make_world("Alpha", status=Status.IN_REVIEW)
    Statement.objects.filter(pk=world.statement.pk).update(status=Status.IN_REVIEW)
    # The source changed under the statement (as an older write path could do).
    SourceDocument.objects.filter(pk=world.source.pk).update(
        text=world.source.text.replace("on day 3", "on day three"), status=Status.PUBLISHED
    )
    for row in (world.citation, world.complication):
        type(row).objects.filter(pk=row.pk).update(status=Status.PUBLISHED)
    client.force_login(reviewer)
    response = client.post(
        "/admin/complications/statement/",
        {"action": "publish", "_selected_action": [world.statement.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing was changed" in html
    assert "Not verbatim in “Source Alpha”: no passage matches." in html
    assert "the source has “t” (latin small letter t) where the quote has “3” (digit three)" in html
    assert Statement.objects.get(pk=world.statement.pk).status == Status.IN_REVIEW


def test_a_reviewers_edit_cannot_point_a_published_row_at_a_draft(client, reviewer):
    world = make_world("Alpha")
    draft = Citation.objects.create(slug="draft", kind="case_report", title="Draft citation")
    client.force_login(reviewer)
    response = edit(client, world.statement, {"citation": str(draft.pk)})
    assert response.status_code == 200
    assert "needs citation “Draft citation”, which is draft" in response.content.decode()
    assert Statement.objects.get(pk=world.statement.pk).citation == world.citation


def test_approving_a_change_that_needs_a_draft_is_refused_unless_it_publishes_it_too(
    client, editor, reviewer
):
    world = make_world("Alpha")
    drug = Intervention.objects.create(slug="new-drug", name="new drug")  # a draft
    client.force_login(editor)
    edit(client, world.patient, {"treatments-0-intervention": str(drug.pk)})
    change = PendingChange.objects.of(world.patient).open().get()
    client.force_login(reviewer)
    response = client.post(review_url(change), {"decision": "approve"}, follow=True)
    assert "needs intervention “new drug”, which is draft" in response.content.decode()
    assert world.patient.treatments.get().intervention == world.drug
    client.post(review_url(change), {"decision": "approve_with_needs"})
    assert world.patient.treatments.get().intervention == drug
    assert Intervention.objects.get(pk=drug.pk).status == Status.PUBLISHED


def test_a_rejected_change_leaves_the_published_row_and_tells_the_editor_why(
    client, editor, reviewer
):
    world = make_world("Alpha")
    client.force_login(editor)
    edit(client, world.report, {"summary": "A guess."})
    change = PendingChange.objects.of(world.report).open().get()
    client.force_login(reviewer)
    assert (
        "give a reason"
        not in client.post(review_url(change), {"decision": "reject"}).content.decode()
    )
    assert PendingChange.objects.get(pk=change.pk).is_open  # a rejection needs its reason
    client.post(review_url(change), {"decision": "reject", "reason": "Not in the source."})
    client.force_login(editor)
    page = client.get(review_url(change)).content.decode()
    assert "Rejected" in page and "Not in the source." in page
    assert Report.objects.get(pk=world.report.pk).summary == "Summary Alpha."
