"""A complication page says when a reviewer last published a change to it; the date comes
from the review workflow, not from anyone typing it."""

import pytest

from complications.models import Complication
from curation import changes, workflow
from curation import content as contents
from curation.models import PendingChange, Status

from ..factories import make_complication, make_statement

pytestmark = pytest.mark.django_db


def reviewed_at(complication):
    return Complication.objects.get(pk=complication.pk).last_reviewed_at


def test_publishing_a_statement_dates_the_review_of_its_pages(
    editor, reviewer, django_capture_on_commit_callbacks
):
    page = make_complication()
    shared_onto = make_complication()
    statement = make_statement(complication=page, status=Status.IN_REVIEW)
    statement.also_on.add(shared_onto)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(type(statement).objects.filter(pk=statement.pk), reviewer)
    assert reviewed_at(page) is not None
    assert reviewed_at(shared_onto) == reviewed_at(page)


def test_an_editors_waiting_change_is_no_review_but_its_approval_is(
    client, editor, reviewer, django_capture_on_commit_callbacks
):
    page = make_complication()
    statement = make_statement(complication=page)
    content = contents.content_of(statement)
    content["fields"]["text"] = "Changed by an editor."
    with django_capture_on_commit_callbacks(execute=True):
        changes.save_change(statement, content, editor)
    assert reviewed_at(page) is None
    html = client.get(page.get_absolute_url()).content.decode()
    assert "no later review recorded" in html

    change = PendingChange.objects.of(statement).open().get()
    with django_capture_on_commit_callbacks(execute=True):
        changes.approve(change, reviewer)
    assert reviewed_at(page) is not None
    assert "Last reviewed" in client.get(page.get_absolute_url()).content.decode()
