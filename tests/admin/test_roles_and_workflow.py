"""Editors curate and submit; reviewers publish; everything is recorded with who and when."""

import pytest

from complications.models import Statement
from curation.models import PendingChange, Status
from curation.roles import setup_roles

from ..factories import make_complication, make_statement
from .conftest import admin_form, form_data

pytestmark = pytest.mark.django_db


def change_url(obj):
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def changelist(model):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def test_anonymous_users_get_the_login_page(client):
    response = client.get("/admin/complications/statement/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_setting_up_roles_twice_changes_nothing(roles):
    from django.contrib.auth.models import Group

    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    setup_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert before == after and set(after) == {"Editors", "Reviewers"}
    assert "publish_content" in after["Reviewers"] and "publish_content" not in after["Editors"]


def test_an_editor_cannot_manage_users(client_for, editor):
    assert client_for(editor).get("/admin/auth/user/").status_code == 403


def test_an_editor_may_submit_for_review_but_not_publish(client_for, editor):
    statement = make_statement(status="draft")
    client = client_for(editor)
    response = client.get(changelist(Statement))
    actions = [choice[0] for choice in response.context["action_form"].fields["action"].choices]
    assert (
        "submit_for_review" in actions
        and "publish" not in actions
        and "delete_selected" not in actions
    )
    client.post(
        changelist(Statement), {"action": "submit_for_review", "_selected_action": [statement.pk]}
    )
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert statement.status_changed_by == editor and statement.status_changed_at


def test_an_editor_cannot_choose_published_in_the_form(editor):
    statement = make_statement(status="in_review")
    form = admin_form(Statement, editor, statement)
    assert "published" not in [value for value, _ in form.fields["status"].choices]


def test_a_forged_publish_action_by_an_editor_changes_nothing(client_for, editor):
    statement = make_statement(status="in_review")
    client_for(editor).post(
        changelist(Statement), {"action": "publish", "_selected_action": [statement.pk]}
    )
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW


def test_a_reviewer_publishes_and_the_public_then_sees_it(client, client_for, reviewer):
    statement = make_statement(status="in_review", text="Reviewed sentence.")
    page = statement.complication.get_absolute_url()
    client_for(reviewer).post(
        changelist(Statement), {"action": "publish", "_selected_action": [statement.pk]}
    )
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED and statement.status_changed_by == reviewer
    client.logout()
    assert "Reviewed sentence." in client.get(page).content.decode()


def test_a_reviewer_unpublishes_and_the_row_leaves_the_api(client, client_for, reviewer):
    statement = make_statement(status="published")
    client_for(reviewer).post(
        changelist(Statement), {"action": "unpublish", "_selected_action": [statement.pk]}
    )
    client.logout()
    assert (
        client.get(f"/api/v1/complications/{statement.complication.slug}/").json()["sections"][
            "summary"
        ]
        == []
    )


def test_an_editors_change_to_a_published_row_waits_for_review_and_the_row_stays_as_reviewed(
    client_for, editor
):
    statement = make_statement(status="published", text="Reviewed figure.")
    client = client_for(editor)
    data = form_data(client.get(change_url(statement)))
    data["text"] = "Corrected figure."
    response = client.post(change_url(statement), data, follow=True)
    assert "waits for a reviewer" in response.content.decode()
    statement.refresh_from_db()
    assert statement.text == "Reviewed figure." and statement.status == Status.PUBLISHED
    change = PendingChange.objects.of(statement).open().get()
    assert change.content["fields"]["text"] == "Corrected figure." and change.proposed_by == editor
    # The editor, opening the row again, edits the waiting version.
    again = client.get(change_url(statement)).content.decode()
    assert "Corrected figure." in again and "waits for review" in again


def test_an_editor_may_delete_a_draft_but_not_a_published_row(client_for, editor):
    draft, published = make_statement(status="draft"), make_statement(status="published")
    client = client_for(editor)
    assert client.get(change_url(published).replace("change", "delete")).status_code == 403
    client.post(change_url(draft).replace("change", "delete"), {"post": "yes"})
    assert not Statement.objects.filter(pk=draft.pk).exists()
    assert Statement.objects.filter(pk=published.pk).exists()


def test_staff_preview_a_draft_on_its_public_url_and_the_public_cannot(client, client_for, editor):
    complication = make_complication(status="draft", name="Unreviewed complication")
    assert client.get(complication.get_absolute_url()).status_code == 404
    html = client_for(editor).get(complication.get_absolute_url()).content.decode()
    assert "Unreviewed complication" in html and "Preview: draft" in html


def test_the_admin_list_pages_make_as_many_queries_for_many_rows(
    client_for, reviewer, django_assert_max_num_queries
):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.models import Patient, Report

    from ..factories import make_patient

    client = client_for(reviewer)
    urls = [
        "/admin/complications/statement/",
        "/admin/cases/patient/",
        "/admin/cases/report/",
        "/admin/complications/citation/",
        "/admin/cases/treatment/",
    ]

    def counts():
        result = {}
        for url in urls:
            ContentType.objects.clear_cache()  # each page as a fresh process would serve it
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            result[url] = len(context.captured_queries)
        return result

    from ..factories import make_intervention

    drug = make_intervention("rituximab")
    make_patient(treatments=[drug])
    make_statement()
    small = counts()
    for _ in range(10):
        make_patient(treatments=[drug])
        make_statement()
    assert Patient.objects.count() == 11 and Report.objects.count() == 11
    assert counts() == small
