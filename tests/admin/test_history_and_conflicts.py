"""Every change is kept with who made it and what changed; a stale edit never overwrites."""

import pytest

from complications.models import Statement

from ..factories import make_statement
from .conftest import form_data
from .test_roles_and_workflow import change_url

pytestmark = pytest.mark.django_db


def test_the_history_shows_each_change_with_its_author_and_the_fields_that_changed(
    client_for, editor
):
    statement = make_statement(status="draft", text="Old wording.")
    client = client_for(editor)
    data = form_data(client.get(change_url(statement)))
    data["text"] = "New wording."
    client.post(change_url(statement), data)
    html = client.get(change_url(statement).replace("change/", "history/")).content.decode()
    assert "edna" in html
    assert "Old wording." in html and "New wording." in html


def test_a_change_can_be_reverted_from_the_history(client_for, reviewer):
    statement = make_statement(status="draft", text="Original.")
    client = client_for(reviewer)
    data = form_data(client.get(change_url(statement)))
    data["text"] = "A mistake."
    client.post(change_url(statement), data)
    original = statement.revisions.order_by("history_date").first()
    revert_url = change_url(statement).replace("change/", f"history/{original.history_id}/")
    revert = client.get(revert_url)
    assert revert.status_code == 200
    assert "A mistake." in revert.content.decode() and "Original." in revert.content.decode()
    client.post(revert_url)
    statement.refresh_from_db()
    assert statement.text == "Original."
    assert statement.revisions.count() == 3


def test_the_second_of_two_concurrent_saves_gets_a_conflict_and_keeps_its_input(
    client, editor, second_editor
):
    statement = make_statement(status="draft", text="Both opened this.")
    client.force_login(editor)
    first = form_data(client.get(change_url(statement)))
    client.force_login(second_editor)
    second = form_data(client.get(change_url(statement)))

    client.force_login(editor)
    first["text"] = "The first editor's change."
    client.post(change_url(statement), first)

    client.force_login(second_editor)
    second["text"] = "The second editor's change."
    response = client.post(change_url(statement), second)
    assert response.status_code == 200  # the form again, not a redirect
    html = response.content.decode()
    assert "edna saved this statement" in html
    assert "The second editor&#x27;s change." in html
    statement.refresh_from_db()
    assert statement.text == "The first editor's change."

    # Having seen the conflict, the second editor may save deliberately.
    again = form_data(response)
    client.post(change_url(statement), again)
    statement.refresh_from_db()
    assert statement.text == "The second editor's change."


def test_a_save_without_changes_is_not_a_conflict(client, editor):
    statement = make_statement(status="draft")
    client.force_login(editor)
    stale = form_data(client.get(change_url(statement)))
    Statement.objects.get(pk=statement.pk).save()  # someone saves, changing nothing visible
    response = client.post(change_url(statement), stale)
    assert response.status_code == 302
