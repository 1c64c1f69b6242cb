"""No admin form grows with the content: a complication with 100 statements opens and saves,
and a form too large to read gets a page that says so, never a bare 400."""

import pytest

from complications.models import Complication, Statement

from ..factories import make_complication, make_source, make_statement
from .editing import browser_form, change_url, edit

pytestmark = pytest.mark.django_db


def test_a_complication_with_100_statements_opens_and_saves_as_a_small_form(client, editor):
    complication = make_complication(name="Big complication")
    source = make_source()
    for n in range(100):
        make_statement(complication, source, key=f"s-{n}", position=n)
    client.force_login(editor)
    data = browser_form(client, complication)
    assert len(data) < 30
    page = client.get(change_url(complication)).content.decode()
    assert "100 statements, by section" in page
    response = edit(client, complication, {"abbreviation": "BC"}, data)
    assert response.status_code == 302
    listed = client.get(
        f"/admin/complications/statement/?complication__id__exact={complication.pk}"
    )
    assert "100 statements" in listed.content.decode()
    assert Statement.objects.filter(complication=complication).count() == 100
    assert Complication.objects.get(pk=complication.pk).name == "Big complication"


def test_a_form_with_more_fields_than_the_limit_gets_a_page_that_says_nothing_was_saved(
    client, editor, settings
):
    statement = make_statement(status="draft", text="Kept.")
    client.force_login(editor)
    data = browser_form(client, statement)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    data["text"] = ["Changed."]
    response = client.post(change_url(statement), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved" in html and "Back button" in html
    assert Statement.objects.get(pk=statement.pk).text == "Kept."
