"""Change sets: an editor submits rows together; only a reviewer accepts, with every check."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Report
from curation import changesets
from curation.models import ChangeSetState, QuoteAnchor, Status
from curation.workflow import PublicationRefused
from tests.factories import make_citation, make_patient, make_report, make_source

pytestmark = pytest.mark.django_db


def drafts():
    """A draft citation, its draft report and a draft patient, quoting a published source."""
    source = make_source()
    citation = make_citation(status=Status.DRAFT)
    report = make_report(citation=citation, source=source, status=Status.DRAFT)
    patient = make_patient(report=report, status=Status.DRAFT)
    return citation, report, patient


def submitted(editor, rows):
    change_set = changesets.start(editor, "Case report: TEST")
    changesets.add(change_set, rows, editor)
    return changesets.submit(change_set, editor)


def test_submitting_puts_every_draft_of_the_set_in_review(editor):
    rows = drafts()
    change_set = submitted(editor, rows)
    assert change_set.state == ChangeSetState.SUBMITTED
    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.IN_REVIEW


def test_accepting_publishes_everything_in_the_set_at_once(editor, reviewer):
    rows = drafts()
    change_set = submitted(editor, rows)
    change_set = changesets.accept(change_set, reviewer, "", changesets.fingerprint(change_set))
    assert change_set.state == ChangeSetState.ACCEPTED
    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.PUBLISHED
    assert change_set.comments.last().kind == "accepted"


def test_an_editor_cannot_accept_not_even_their_own_set(editor):
    rows = drafts()
    change_set = submitted(editor, rows)
    with pytest.raises(PermissionDenied):
        changesets.accept(change_set, editor, "", changesets.fingerprint(change_set))
    assert not any(type(r).objects.filter(pk=r.pk, status=Status.PUBLISHED).exists() for r in rows)


def test_accept_refuses_a_set_whose_rows_need_an_unpublished_row_outside_it(editor, reviewer):
    citation, report, patient = drafts()
    change_set = submitted(editor, [report, patient])  # the draft citation is left out
    with pytest.raises(PublicationRefused, match="needs"):
        changesets.accept(change_set, reviewer, "", changesets.fingerprint(change_set))
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW
    assert changesets.ChangeSet.objects.get(pk=change_set.pk).state == ChangeSetState.SUBMITTED


def test_accept_refuses_a_quote_that_is_not_verbatim(editor, reviewer):
    rows = drafts()
    change_set = submitted(editor, rows)
    Report.objects.filter(pk=rows[1].pk).update(quote="not in the source at all")
    with pytest.raises(PublicationRefused, match="Not verbatim"):
        changesets.accept(change_set, reviewer, "", changesets.fingerprint(change_set))


def test_accept_refuses_a_quote_that_no_longer_anchors(editor, reviewer):
    citation, report, patient = drafts()
    change_set = submitted(editor, [citation, report, patient])
    report.quote_anchors.all().delete()
    QuoteAnchor.objects.create(
        row=report, field="quote", exact=report.quote, start=0, end=len(report.quote)
    )
    QuoteAnchor.objects.filter(object_id=report.pk, field="quote").update(
        lost_at="2026-01-01T00:00:00Z"
    )
    with pytest.raises(PublicationRefused, match="no longer anchors"):
        changesets.accept(change_set, reviewer, "", changesets.fingerprint(change_set))


def test_asking_for_changes_needs_a_comment_and_returns_the_set_to_its_editor(editor, reviewer):
    change_set = submitted(editor, drafts())
    with pytest.raises(ValidationError):
        changesets.request_changes(change_set, reviewer, "  ")
    change_set = changesets.request_changes(change_set, reviewer, "The age is 29, not 34.")
    assert change_set.state == ChangeSetState.CHANGES_REQUESTED
    assert change_set.is_open
    assert change_set.comments.last().text == "The age is 29, not 34."
    assert changesets.submit(change_set, editor).state == ChangeSetState.SUBMITTED


def test_rejecting_says_why_and_leaves_the_rows_unpublished_drafts(editor, reviewer):
    rows = drafts()
    change_set = changesets.reject(submitted(editor, rows), reviewer, "Not about alemtuzumab.")
    assert change_set.state == ChangeSetState.REJECTED
    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.DRAFT


def test_only_its_editor_adds_to_or_submits_a_change_set(editor, second_editor):
    change_set = changesets.start(editor, "TEST")
    with pytest.raises(PermissionDenied):
        changesets.add(change_set, [drafts()[0]], second_editor)
    changesets.add(change_set, [drafts()[0]], editor)
    with pytest.raises(PermissionDenied):
        changesets.submit(change_set, second_editor)


def test_an_editor_posting_accept_on_the_page_is_told_no_and_nothing_is_published(
    client_for, editor
):
    rows = drafts()
    change_set = submitted(editor, rows)
    client = client_for(editor)
    page = client.get(f"/curate/changes/{change_set.pk}/")
    assert "Accept and publish" not in page.content.decode()
    response = client.post(
        f"/curate/changes/{change_set.pk}/", {"action": "accept", "comment": "", "seen": ""}
    )
    assert response.status_code == 400
    assert "Only a reviewer" in response.content.decode()
    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.IN_REVIEW


def test_a_reviewer_accepts_on_the_page_what_they_saw(client_for, editor, reviewer):
    rows = drafts()
    change_set = submitted(editor, rows)
    client = client_for(reviewer)
    page = client.get(f"/curate/changes/{change_set.pk}/").content.decode()
    seen = page.split('name="seen" value="')[1].split('"')[0]
    response = client.post(
        f"/curate/changes/{change_set.pk}/", {"action": "accept", "comment": "", "seen": seen}
    )
    assert response.status_code == 302
    for row in rows:
        row.refresh_from_db()
        assert row.status == Status.PUBLISHED


def test_the_reviewer_sees_the_quotes_a_waiting_change_proposes_in_their_context(
    client_for, editor, reviewer
):
    from cases.models import Treatment
    from curation import changes
    from curation.anchoring import position_key
    from tests.factories import make_intervention

    patient = make_patient()  # published, quoting the default source text
    values = {
        "intervention": make_intervention().pk,
        "role": "treatment",
        "quote": "treated with rituximab",
    }
    text = patient.report.source_document.text
    at = {position_key(Treatment, "quote", "treated with rituximab"): text.index("treated")}
    outcome = changes.add_part(patient, Treatment, values, editor, positions=at)
    change_set = changesets.start(editor, "TEST")
    changesets.add(change_set, [patient], editor)
    changesets.submit(change_set, editor)
    page = client_for(reviewer).get(f"/curate/changes/{change_set.pk}/").content.decode()
    assert outcome.proposed
    assert "Treatment: quote" in page
    assert "<mark>treated with rituximab</mark>" in page
