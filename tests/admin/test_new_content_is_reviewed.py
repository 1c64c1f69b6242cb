"""The links and rows of the clinical model (a statement shared onto other pages, the drugs it
names, statements on how alemtuzumab is given) are reviewed like everything else: an editor's
change waits, the reviewer sees it in the diff, and only approval makes it public."""

import pytest

from complications.models import Statement
from curation.models import PendingChange

from ..factories import make_complication, make_course_statement, make_intervention, make_statement
from .editing import browser_form, change_url, edit, review_url

pytestmark = pytest.mark.django_db


def test_sharing_a_statement_onto_another_page_waits_for_review_and_shows_in_the_diff(
    client, editor, reviewer
):
    home = make_complication(slug="home", name="Home page complication")
    other = make_complication(slug="other", name="Otherpagename")
    drug = make_intervention("sharedrugname")
    statement = make_statement(complication=home, text="Shared sentence sharemarker.")
    client.force_login(editor)
    data = browser_form(client, statement)
    data["also_on"] = [str(other.pk)]
    data["interventions"] = [str(drug.pk)]
    assert edit(client, statement, {}, data=data).status_code == 302
    client.logout()

    assert "sharemarker" not in client.get(other.get_absolute_url()).content.decode()
    assert not Statement.objects.get(pk=statement.pk).also_on.exists()
    change = PendingChange.objects.of(statement).open().get()

    client.force_login(reviewer)
    review = client.get(review_url(change)).content.decode()
    assert "Otherpagename" in review and "sharedrugname" in review
    client.post(review_url(change), {"decision": "approve"})
    client.logout()
    page = client.get(other.get_absolute_url()).content.decode()
    assert "sharemarker" in page and "sharedrugname" in page


def test_an_editors_change_to_a_course_statement_waits_for_review(client, editor):
    course = make_course_statement(text="Course coursebefore.")
    client.force_login(editor)
    response = edit(client, course, {"text": "Course courseafter."})
    assert response.status_code == 302, change_url(course)
    client.logout()
    page = client.get("/courses/").content.decode()
    assert "coursebefore" in page and "courseafter" not in page
    assert PendingChange.objects.of(course).open().exists()
