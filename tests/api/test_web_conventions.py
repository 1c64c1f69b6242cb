"""What HTTP clients expect: CORS for any origin without credentials, gzip on API responses
(never on HTML pages), Cache-Control tied to the ETag, Link headers for pages, download names
that say what was filtered, and overlong URLs refused in JSON."""

import gzip
import json

import pytest

from ..factories import make_citation, make_complication, make_patient

pytestmark = pytest.mark.django_db

NOTEBOOK = "https://notebook.example.org"


def test_any_origin_may_read_the_api_without_credentials(api):
    response = api.get("/api/v1/complications/", HTTP_ORIGIN=NOTEBOOK)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "Link" in response["Access-Control-Expose-Headers"]


def test_a_preflight_allows_reading_but_not_writing(api):
    response = api.options(
        "/api/v1/cases/", HTTP_ORIGIN=NOTEBOOK, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_pages_and_the_admin_get_no_cors_headers(client):
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN=NOTEBOOK)
    assert "Access-Control-Allow-Origin" not in client.get("/admin/login/", HTTP_ORIGIN=NOTEBOOK)


def test_api_responses_are_gzipped_for_a_client_that_accepts_it(api):
    for n in range(30):
        make_citation(title=f"A rather long title of a case report, number {n}")
    response = api.get("/api/v1/citations/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["count"] == 30
    assert "Accept-Encoding" in response["Vary"]


def test_the_schema_and_csv_exports_are_gzipped_too(api):
    make_patient()
    schema = api.get("/api/schema/", HTTP_ACCEPT_ENCODING="gzip")
    assert schema["Content-Encoding"] == "gzip"
    export = api.get("/api/v1/cases/?format=csv", HTTP_ACCEPT_ENCODING="gzip")
    assert export["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(export.streaming_content)).startswith(b"id,label")


def test_html_pages_are_never_gzipped(client):
    """A page may hold a CSRF token; compressing it beside reflected input leaks it (BREACH)."""
    make_complication(slug="dah", name="Diffuse alveolar haemorrhage " * 6)
    for url in ("/", "/complications/dah/", "/admin/login/", "/api/v1/complications/"):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_ACCEPT="text/html")
        assert "Content-Encoding" not in response, url


def test_api_reads_may_be_kept_but_are_checked_with_the_etag_first(api):
    make_complication()
    first = api.get("/api/v1/complications/")
    assert first["Cache-Control"] == "public, no-cache"
    again = api.get("/api/v1/complications/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "public, no-cache"


def test_pages_of_results_link_to_the_first_previous_next_and_last(api):
    for n in range(5):
        make_citation(slug=f"c-{n}")
    links = api.get("/api/v1/citations/?page=2&page_size=2")["Link"]
    assert links == (
        '<http://testserver/api/v1/citations/?page=1&page_size=2>; rel="first", '
        '<http://testserver/api/v1/citations/?page_size=2>; rel="prev", '
        '<http://testserver/api/v1/citations/?page=3&page_size=2>; rel="next", '
        '<http://testserver/api/v1/citations/?page=3&page_size=2>; rel="last"'
    )


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/cases/?format=csv", "alemkb-cases.csv"),
        (
            "/api/v1/cases/?complication=dah&outcome=died&format=csv",
            "alemkb-cases_complication-dah_outcome-died.csv",
        ),
        ("/api/v1/cases/?q=Ölig+%22%2F..%2F&format=xlsx", "alemkb-cases_q-olig.xlsx"),
        ("/api/v1/citations/?year=2018&format=bibtex", "alemkb-citations_year-2018.bib"),
        ("/api/v1/patient-complications/?format=csv", "alemkb-patient-complications.csv"),
    ],
)
def test_a_download_is_named_after_what_was_filtered(api, url, name):
    make_patient(complication=make_complication(slug="dah"))
    response = api.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_a_citation_download_is_named_after_the_citation(api):
    citation = make_citation()
    response = api.get(f"/api/v1/citations/{citation.pk}/?format=ris")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="alemkb-citations-{citation.pk}.ris"'
    )


def test_an_overlong_url_is_refused_in_json(api, settings):
    response = api.get("/api/v1/cases/?q=" + "x" * settings.MAX_URL_LENGTH)
    assert response.status_code == 414
    assert response["Content-Type"] == "application/json"
    assert "at most 4,096" in response.json()["detail"]


def test_a_url_just_within_the_limit_is_read(api, settings):
    query = "/api/v1/cases/?reported_in=" + "x" * 100
    padding = settings.MAX_URL_LENGTH - len(query)
    response = api.get(query + "&reported_in=" + "y" * (padding - len("&reported_in=")))
    assert response.status_code != 414


def test_gunicorn_lets_urls_longer_than_the_applications_limit_through():
    from pathlib import Path

    config = {}
    exec((Path(__file__).parents[2] / "gunicorn.conf.py").read_text(), config)
    assert config["limit_request_line"] > 4096


def test_a_page_on_another_origin_may_revalidate_its_copy(api):
    response = api.options(
        "/api/v1/cases/",
        HTTP_ORIGIN=NOTEBOOK,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    allowed = response["Access-Control-Allow-Headers"].split(", ")
    assert {"if-none-match", "if-modified-since"} <= set(allowed)


def test_a_refusal_is_readable_from_another_origin_too(api, settings):
    response = api.get("/api/v1/cases/?q=" + "x" * settings.MAX_URL_LENGTH, HTTP_ORIGIN=NOTEBOOK)
    assert response.status_code == 414
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_browsable_api_which_sets_a_csrf_cookie_is_never_public(client):
    make_complication()
    response = client.get("/api/v1/complications/", HTTP_ACCEPT="text/html")
    assert "public" not in response.get("Cache-Control", "")
