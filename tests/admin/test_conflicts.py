"""Two people editing the same row: different fields are both kept, the same field is a
conflict that keeps the second person's input, and nothing ever touches the status."""

import pytest

from complications.models import Citation, CitationAuthor, Statement
from curation.models import PendingChange, Status

from ..curated_world import make_world
from .editing import browser_form, edit

pytestmark = pytest.mark.django_db


def opened(client, user, obj):
    client.force_login(user)
    return browser_form(client, obj)


def test_edits_of_different_fields_are_merged_and_both_editors_are_told(
    client, editor, second_editor
):
    statement = make_world("Alpha", status=Status.DRAFT).statement
    first = opened(client, editor, statement)
    second = opened(client, second_editor, statement)
    client.force_login(editor)
    edit(client, statement, {"text": "First editor's text."}, first)
    client.force_login(second_editor)
    response = edit(client, statement, {"position": "7"}, second)
    assert response.status_code == 302
    statement = Statement.objects.get(pk=statement.pk)
    assert (statement.text, statement.position) == ("First editor's text.", 7)
    message = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "edna saved this statement" in message
    assert "changing text; you changed position. Both are kept." in message


def test_edits_of_different_inline_rows_are_merged(client, editor, second_editor):
    citation = make_world("Alpha", status=Status.DRAFT).citation
    CitationAuthor.objects.create(citation=citation, position=2, family="Second", given="B")
    first = opened(client, editor, citation)
    second = opened(client, second_editor, citation)
    client.force_login(editor)
    edit(client, citation, {"authors-0-given": "Ann"}, first)
    client.force_login(second_editor)
    assert edit(client, citation, {"authors-1-given": "Bob"}, second).status_code == 302
    assert list(citation.authors.values_list("given", flat=True)) == ["Ann", "Bob"]


def test_a_change_to_an_inline_row_is_a_change_of_its_row_for_the_version_check(
    client, editor, second_editor
):
    citation = make_world("Alpha", status=Status.DRAFT).citation
    version = Citation.objects.get(pk=citation.pk).version
    first = opened(client, editor, citation)
    second = opened(client, second_editor, citation)
    client.force_login(editor)
    edit(client, citation, {"authors-0-family": "Smith"}, first)
    assert Citation.objects.get(pk=citation.pk).version > version

    client.force_login(second_editor)
    response = edit(client, citation, {"authors-0-family": "Smyth"}, second)
    assert response.status_code == 200  # the form again, with the second editor's input
    html = response.content.decode()
    assert "edna saved this citation" in html and "citation authors" in html
    assert 'value="Smyth"' in html
    assert citation.authors.get().family == "Smith"


def test_a_conflict_never_changes_the_status_field(client, reviewer, roles):
    from .conftest import make_user

    other_reviewer = make_user("rob", "Reviewers")
    statement = make_world("Alpha").statement
    first = opened(client, reviewer, statement)
    second = opened(client, other_reviewer, statement)
    client.force_login(reviewer)
    edit(client, statement, {"text": "Reviewer one."}, first)
    client.force_login(other_reviewer)
    response = edit(client, statement, {"text": "Reviewer two."}, second)
    html = response.content.decode()
    assert response.status_code == 200 and "rita saved this statement" in html
    assert "not one of the available choices" not in html
    assert '<option value="published" selected>' in html
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


def test_two_editors_proposing_changes_to_a_published_row_have_both_kept_for_review(
    client, editor, second_editor
):
    statement = make_world("Alpha").statement
    first = opened(client, editor, statement)
    second = opened(client, second_editor, statement)
    client.force_login(editor)
    edit(client, statement, {"text": "Proposed text."}, first)
    client.force_login(second_editor)
    assert edit(client, statement, {"position": "5"}, second).status_code == 302
    change = PendingChange.objects.of(statement).open().get()
    assert change.content["fields"]["text"] == "Proposed text."
    assert change.content["fields"]["position"] == 5
    assert change.updated_by == second_editor and change.proposed_by == editor
    assert Statement.objects.get(pk=statement.pk).text == "Statement Alpha about the complication."
