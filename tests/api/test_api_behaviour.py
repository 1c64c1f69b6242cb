"""What every endpoint shares: pages, read-only access, throttling, caching, errors, schema."""

import pytest
import yaml
from django.core.cache import cache
from django.utils.http import http_date

from alemkb.hot_pages import HOT_PAGES
from curation.models import ContentVersion

from ..factories import make_citation, make_patient, make_report, make_statement

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/complications/",
    "/api/v1/cases/",
    "/api/v1/reports/",
    "/api/v1/citations/",
    "/api/v1/sources/",
    "/api/v1/drugs/",
]
ENDPOINTS = [*LISTS, "/api/v1/stats/"]


def test_lists_are_paginated_by_fifty_with_a_total_count(api):
    report = make_report(kind="series_individual", patient_count=120)
    for _ in range(120):
        make_patient(report=report)
    page = api.get("/api/v1/cases/").json()
    assert (page["count"], len(page["results"])) == (120, 50)
    assert "page=2" in page["next"]
    assert len(api.get("/api/v1/cases/?page=3").json()["results"]) == 20


def test_the_page_size_cannot_exceed_two_hundred(api):
    for n in range(210):
        make_citation(slug=f"c-{n}")
    page = api.get("/api/v1/citations/?page_size=200").json()
    assert (page["count"], len(page["results"])) == (210, 200)
    refused = api.get("/api/v1/citations/?page_size=201")
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"page_size": ["Enter a whole number from 1 to 200."]}


@pytest.mark.parametrize(
    "query, status, field",
    [
        ("page=99", 404, "page"),
        ("page=abc", 400, "page"),
        ("page=0", 400, "page"),
        ("page=1.5", 400, "page"),
        ("age_min=5.5", 400, "age_min"),
        ("outcome=", 400, "outcome"),
        ("outcome=died&outcome=resolved", 400, "outcome"),
        ("format=bogus", 400, "format"),
        ("page=999", 404, "page"),
        ("q=", 400, "q"),
        ("page_size=-5", 400, "page_size"),
        ("page_size=lots", 400, "page_size"),
        ("age_min=forty", 400, "age_min"),
        ("age_max=1e999", 400, "age_max"),
        ("age_min=500", 400, "age_min"),
        ("outcome=cured", 400, "outcome"),
        ("sex=unknown", 400, "sex"),
        ("complication=no-such-thing", 404, "complication"),
        ("prior_therapy=aspirin", 404, "prior_therapy"),
        ("citation=notanumber", 404, "citation"),
        ("retreated=perhaps", 400, "retreated"),
        ("q=" + "x" * 201, 400, "q"),
        ("ordering=height", 400, "ordering"),
    ],
)
def test_bad_input_gets_a_json_message_never_a_500(api, query, status, field):
    make_patient()
    response = api.get(f"/api/v1/cases/?{query}")
    assert response.status_code == status
    body = response.json()
    assert body["detail"]
    assert "errors" in body
    if field:
        assert field in body["errors"]
        assert field in body["detail"] or status == 404


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/stats/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_write_method_is_refused(api, url, method):
    response = getattr(api, method)(url, {"name": "x"}, format="json")
    assert response.status_code in (403, 405)


def test_anonymous_clients_are_throttled_with_a_retry_after(api, settings):
    settings.API_ANON_RATE = "3/minute"
    cache.clear()
    HOT_PAGES.clear()
    statuses = [api.get("/api/v1/drugs/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/drugs/")
    assert int(response["Retry-After"]) > 0
    assert "throttled" in response.json()["detail"].lower()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_responses_carry_etag_and_last_modified_and_answer_304(api, url):
    make_statement()
    first = api.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_change_to_the_content_moves_last_modified_on(api):
    statement = make_statement()
    ContentVersion.objects.filter(pk=1).update(changed_at="2020-01-01T00:00:00Z")
    stale = api.get("/api/v1/complications/")["Last-Modified"]
    statement.text = "Corrected."
    statement.save()
    response = api.get("/api/v1/complications/", HTTP_IF_MODIFIED_SINCE=stale)
    assert response.status_code == 200
    assert response["Last-Modified"] != stale


def test_a_deletion_moves_last_modified_on(api):
    statement = make_statement()
    ContentVersion.objects.filter(pk=1).update(changed_at="2020-01-01T00:00:00Z")
    stale = http_date(ContentVersion.current().timestamp())
    statement.delete()
    assert api.get("/api/v1/complications/", HTTP_IF_MODIFIED_SINCE=stale).status_code == 200


def schema(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


@pytest.mark.parametrize(
    "path, filters",
    [
        ("/api/v1/complications/", ["category", "onset_within_days", "q"]),
        (
            "/api/v1/cases/",
            [
                "complication",
                "outcome",
                "sex",
                "disease",
                "age_min",
                "age_max",
                "prior_therapy",
                "treatment",
                "retreated",
                "citation",
                "year",
                "year_min",
                "year_max",
                "q",
                "ordering",
                "page",
                "page_size",
            ],
        ),
        (
            "/api/v1/citations/",
            ["complication", "year", "year_min", "year_max", "kind", "doi", "pmid", "q"],
        ),
        ("/api/v1/reports/", ["complication", "kind"]),
    ],
)
def test_every_filter_is_in_the_schema_with_a_type_and_a_description(api, path, filters):
    parameters = {p["name"]: p for p in schema(api)["paths"][path]["get"]["parameters"]}
    for name in filters:
        assert name in parameters, name
        assert parameters[name]["schema"].get("type"), name
        assert parameters[name].get("description"), name


def test_the_ordering_parameter_names_its_choices(api):
    parameters = {p["name"]: p for p in schema(api)["paths"]["/api/v1/cases/"]["get"]["parameters"]}
    assert "`age`, `year`, `onset`" in parameters["ordering"]["description"]


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_browser_gets_the_browsable_api(client, url):
    make_patient()
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
