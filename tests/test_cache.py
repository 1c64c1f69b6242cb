"""Anonymous responses are cached until the content changes; staff and writes never are."""

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alemkb.hot_pages import HOT_PAGES
from alemkb.pages.search import KINDS as KINDS_SEARCHED
from complications.models import Statement

from .factories import make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    HOT_PAGES.clear()
    caches["rows"].clear()


def test_a_repeated_anonymous_request_is_served_from_the_cache(
    client, django_assert_max_num_queries
):
    statement = make_statement(text="Cached sentence.")
    url = statement.complication.get_absolute_url()
    assert "Cached sentence." in client.get(url).content.decode()
    with django_assert_max_num_queries(1):  # the content version, nothing else
        assert "Cached sentence." in client.get(url).content.decode()


def test_publishing_a_change_invalidates_every_cached_page_and_response(client, reviewer_user):
    from curation.workflow import publish

    statement = make_statement(text="First wording.")
    page, api = statement.complication.get_absolute_url(), "/api/v1/complications/"
    client.get(page), client.get(api)
    draft = make_statement(
        complication=statement.complication, text="Newly published.", status="draft"
    )
    assert "Newly published." not in client.get(page).content.decode()
    publish(Statement.objects.filter(pk=draft.pk), reviewer_user)
    assert "Newly published." in client.get(page).content.decode()
    assert "Newly published." in client.get(f"{api}{statement.complication.slug}/").content.decode()


def test_staff_are_never_served_a_cached_page(client, reviewer_user):
    statement = make_statement(text="Public.")
    url = statement.complication.get_absolute_url()
    client.get(url)
    Statement.objects.filter(pk=statement.pk).update(text="Changed behind the cache's back.")
    client.force_login(reviewer_user)
    assert "Changed behind" in client.get(url).content.decode()


def test_different_formats_of_one_url_are_cached_apart(client):
    make_statement()
    json = client.get("/api/v1/citations/", HTTP_ACCEPT="application/json")
    csv = client.get("/api/v1/citations/", HTTP_ACCEPT="text/csv")
    assert json["Content-Type"] == "application/json"
    assert csv["Content-Type"].startswith("text/csv")


@pytest.fixture
def reviewer_user(db):
    from django.contrib.auth.models import Group, User

    from curation.roles import REVIEWERS, setup_roles

    setup_roles()
    user = User.objects.create_user("rita", password="x" * 20, is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    return User.objects.get(pk=user.pk)


def test_api_lists_are_cached_too(client, django_assert_max_num_queries):
    from .factories import make_patient

    make_patient()
    first = client.get("/api/v1/cases/?ordering=-age")
    with django_assert_max_num_queries(1):
        again = client.get("/api/v1/cases/?ordering=-age")
    assert again.content == first.content and again["Content-Type"] == "application/json"


def test_a_hit_reads_nothing_from_the_database_between_version_checks(
    client, settings, django_assert_num_queries
):
    settings.CONTENT_VERSION_CHECK_SECONDS = 60
    statement = make_statement(text="Cached sentence.")
    url = statement.complication.get_absolute_url()
    client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert "Cached sentence." in response.content.decode() and response["ETag"]
    # A change this process makes is seen at once, without waiting for the next check.
    statement.text = "Edited sentence."
    statement.save()
    assert "Edited sentence." in client.get(url).content.decode()


def test_cached_api_answers_count_against_the_anonymous_rate(client, settings):
    settings.API_ANON_RATE = "3/minute"
    make_statement()
    statuses = [client.get("/api/v1/complications/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/complications/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0


def test_a_page_miss_reuses_what_depends_only_on_the_content(client, reviewer_user):
    """Another query string is a miss for the page cache, but the page's body (statements,
    patients, chart, references) is kept under the content version; a publication recomputes
    it."""
    from curation.workflow import publish

    from .factories import make_patient

    statement = make_statement()
    complication = statement.complication
    url = complication.get_absolute_url()
    make_patient(complication=complication, label="First patient")
    with CaptureQueriesContext(connection) as first:
        assert "First patient" in client.get(f"{url}?a").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "First patient" in client.get(f"{url}?b").content.decode()
    assert len(first.captured_queries) > 5
    # The content version (read by the page cache and again for the kept body: the tests
    # check it on every request) and the complication's row.
    assert len(again.captured_queries) <= 3
    draft = make_patient(complication=complication, label="Newly published", status="draft")
    publish(draft.__class__.objects.filter(pk=draft.pk), reviewer_user)
    assert "Newly published" in client.get(f"{url}?c").content.decode()


def test_a_search_miss_reuses_the_results_of_the_same_words_until_a_publication(
    client, reviewer_user
):
    from curation.workflow import publish

    make_statement(text="Haemoptysis was the first sign.")
    with CaptureQueriesContext(connection) as first:
        assert "first sign" in client.get("/search/?q=haemoptysis&a").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "first sign" in client.get("/search/?q=haemoptysis&b").content.decode()
    assert len(first.captured_queries) > len(KINDS_SEARCHED)
    assert len(again.captured_queries) <= 2  # the content version, as above
    draft = make_statement(text="Haemoptysis again, newly published.", status="draft")
    assert "newly published" not in client.get("/search/?q=haemoptysis&c").content.decode()
    publish(Statement.objects.filter(pk=draft.pk), reviewer_user)
    assert "newly published" in client.get("/search/?q=haemoptysis&d").content.decode()


def test_an_api_list_miss_reuses_its_count_ids_and_rows_until_a_publication(client, reviewer_user):
    """Another Accept header is a miss for the page cache; the count, the page of ids and
    each patient's JSON are kept under the content version."""
    from curation.workflow import publish

    from .factories import make_patient

    complication = make_statement().complication
    for n in range(3):
        make_patient(complication=complication, label=f"Patient {n}")
    url = f"/api/v1/cases/?complication={complication.slug}"
    with CaptureQueriesContext(connection) as first:
        answer = client.get(url, HTTP_ACCEPT="application/json").json()
    assert answer["count"] == 3
    with CaptureQueriesContext(connection) as again:
        kept = client.get(url, HTTP_ACCEPT="application/json, text/x-other").json()
    assert kept == answer
    assert len(first.captured_queries) > 6
    # Besides the content version (read on every call here: the tests check it every time),
    # only the complication the filter names.
    others = [q for q in again.captured_queries if "curation_contentversion" not in q["sql"]]
    assert len(others) == 1 and "complications_complication" in others[0]["sql"]
    draft = make_patient(complication=complication, label="Newly published", status="draft")
    publish(draft.__class__.objects.filter(pk=draft.pk), reviewer_user)
    fresh = client.get(url, HTTP_ACCEPT="application/json, text/x-third").json()
    assert fresh["count"] == 4
    assert "Newly published" in [row["label"] for row in fresh["results"]]


def test_rows_kept_for_a_format_suffix_do_not_lend_it_to_the_plain_url(client):
    from .factories import make_patient

    make_patient(complication=make_statement().complication)
    suffixed = client.get("/api/v1/cases.json").json()["results"][0]["api_url"]
    plain = client.get("/api/v1/cases/", HTTP_ACCEPT="application/json").json()["results"]
    assert suffixed.endswith(".json")
    assert plain[0]["api_url"].endswith("/") and not plain[0]["api_url"].endswith(".json")


def test_a_patient_gone_between_its_kept_id_and_its_row_is_left_out_not_an_error(client):
    """As when a publication commits between the two reads: here the row changes without
    moving the version (a queryset update sends no signal)."""
    from cases.models import Patient

    from .factories import make_patient

    complication = make_statement().complication
    first, second = (make_patient(complication=complication) for _ in range(2))
    assert client.get("/api/v1/cases/", HTTP_ACCEPT="application/json").json()["count"] == 2
    # Forget the kept rows, not the kept ids (local memory's keys read ":1:computed:…").
    rows = caches["rows"]
    for key in [key for key in rows._cache if "PatientSerializer" in key]:
        rows.delete(key.split(":", 2)[2])
    Patient.objects.filter(pk=second.pk).update(status="draft")
    answer = client.get("/api/v1/cases/", HTTP_ACCEPT="application/json, text/x-again")
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == [first.pk]
