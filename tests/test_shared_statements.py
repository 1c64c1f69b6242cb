"""A statement about several complications is shown on each of their pages without being
copied, and names the drugs it mentions; neither leaks what is not published."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complications.models import Complication
from curation.models import Status

from .factories import make_complication, make_intervention, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared():
    autoimmunity = make_complication(slug="secondary-autoimmunity", name="Secondary autoimmunity")
    thyroid = make_complication(slug="thyroid-disease", name="Autoimmune thyroid disease")
    itp = make_complication(slug="itp", name="Immune thrombocytopenia")
    statement = make_statement(
        complication=autoimmunity,
        section="incidence",
        text="Thyroid disease in about a third, ITP in 2–3 in 100 (sharedword).",
    )
    statement.also_on.set([thyroid, itp])
    return statement, autoimmunity, thyroid, itp


def test_a_shared_statement_shows_once_on_its_own_page_and_on_each_page_it_is_shared_onto(
    client, shared
):
    statement, *complications = shared
    for complication in complications:
        page = client.get(complication.get_absolute_url()).content.decode()
        assert page.count(f'id="statement-{statement.pk}"') == 1, complication.slug


def test_the_api_lists_a_shared_statement_on_each_page_with_the_page_it_belongs_to(client, shared):
    statement, autoimmunity, thyroid, _ = shared
    detail = client.get(f"/api/v1/complications/{thyroid.slug}/").json()
    [row] = detail["sections"]["incidence"]
    assert row["id"] == statement.pk
    assert row["complication"] == autoimmunity.slug


def test_search_and_the_complication_filter_find_the_pages_a_statement_is_shared_onto(
    client, shared
):
    found = Complication.objects.matching("sharedword").values_list("slug", flat=True)
    assert sorted(found) == ["itp", "secondary-autoimmunity", "thyroid-disease"]


def test_an_unpublished_statement_is_shared_nowhere(client, shared):
    statement, _, thyroid, _ = shared
    statement.status = Status.DRAFT
    statement.save()
    assert "sharedword" not in client.get(thyroid.get_absolute_url()).content.decode()
    assert Complication.objects.matching("sharedword").count() == 0


def test_a_statement_names_the_published_drugs_it_mentions_and_never_a_draft_one(client, shared):
    statement, _, thyroid, _ = shared
    published = make_intervention("levothyroxine")
    draft = make_intervention("secretdraftdrug", status=Status.DRAFT)
    statement.interventions.set([published, draft])
    page = client.get(thyroid.get_absolute_url()).content.decode()
    assert "levothyroxine" in page and "secretdraftdrug" not in page
    row = client.get(f"/api/v1/complications/{thyroid.slug}/").json()["sections"]["incidence"][0]
    assert row["interventions"] == ["levothyroxine"]


def page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_pages_query_count_does_not_grow_with_its_shared_statements_and_their_drugs(client):
    thyroid = make_complication(slug="thyroid-disease")
    home = make_complication(slug="secondary-autoimmunity")

    def share(n):
        for _ in range(n):
            statement = make_statement(complication=home, section="monitoring")
            statement.also_on.add(thyroid)
            statement.interventions.add(make_intervention())

    share(2)
    few = page_queries(client, thyroid.get_absolute_url())
    share(20)
    many = page_queries(client, thyroid.get_absolute_url())
    assert few == many
