"""Defences around the cache and the throttle: a client cannot dodge its rate by rotating
X-Forwarded-For or by flooding the page cache, a forged Host never reaches or poisons the
cache, TRACE renders nothing, and a cache backend that fails never breaks a read."""

import logging

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from alemkb.cache import cache_key
from alemkb.hot_pages import HOT_PAGES

from ..factories import make_complication, make_patient, make_statement

pytestmark = pytest.mark.django_db

API = "/api/v1/complications/"


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    HOT_PAGES.clear()
    caches["rows"].clear()


def test_rotating_x_forwarded_for_does_not_escape_the_rate(client, settings):
    settings.API_ANON_RATE = "3/minute"
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [
        client.get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_is_counted_by_the_address_the_proxy_saw(
    client, settings
):
    settings.API_ANON_RATE = "2/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(4):
        # The client may prepend what it likes; the proxy's own entry is the last.
        response = client.get(API, HTTP_X_FORWARDED_FOR=f"1.2.3.4, 203.0.113.{n}")
        assert response.status_code == 200
    same = [client.get(API, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7") for _ in range(3)]
    assert [r.status_code for r in same] == [200, 200, 429]


def test_many_distinct_pages_do_not_evict_a_throttled_clients_record(client, settings, page_cache):
    settings.API_ANON_RATE = "2/minute"
    limited = {"REMOTE_ADDR": "198.51.100.1"}
    assert [client.get(API, **limited).status_code for _ in range(3)] == [200, 200, 429]
    for n in range(320):  # more pages than the page cache holds (300)
        client.get(f"/search/?q=word{n}", REMOTE_ADDR="198.51.100.2")
    assert client.get(API, **limited).status_code == 429


def test_a_request_for_another_port_does_not_poison_the_cached_links(client, page_cache):
    make_complication(slug="dah")
    client.get(API, HTTP_HOST="localhost:6666")
    answer = client.get(API, HTTP_HOST="localhost").json()
    assert "6666" not in str(answer)
    assert answer["results"][0]["api_url"].startswith("http://localhost/")


def test_rows_kept_for_one_site_address_are_never_served_to_another(client, page_cache):
    statement = make_statement()
    make_patient(complication=statement.complication)
    client.get("/api/v1/cases/", HTTP_HOST="localhost:6666")
    answer = client.get("/api/v1/cases/", HTTP_HOST="localhost").json()
    assert "6666" not in str(answer)
    assert answer["results"][0]["api_url"].startswith("http://localhost/api/v1/cases/")


def test_a_forged_host_is_refused_even_for_a_cached_url(client, page_cache):
    make_statement()
    assert client.get("/").status_code == 200  # now cached
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400
    assert client.get(API, HTTP_HOST="evil.example").status_code == 400


def test_a_cache_key_has_a_fixed_length_whatever_the_url():
    short = cache_key(RequestFactory().get("/?q=a"))
    long = cache_key(RequestFactory().get("/?q=" + "a" * 3000))
    assert len(short) == len(long) < 100


def test_trace_renders_nothing(client):
    make_statement()
    response = client.generic("TRACE", "/")
    assert response.status_code == 405
    assert b"<html" not in response.content


def test_options_on_a_page_says_the_methods_without_rendering_it(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(0):
        response = client.options("/cases/")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.content == b""


@pytest.fixture
def every_cache_down(settings):
    settings.CACHES = {
        alias: {"BACKEND": "tests.security.raising_cache.RaisingCache"}
        for alias in ("default", "throttle", "rows")
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield
    for alias in ("default", "throttle", "rows"):
        caches[alias]  # noqa: B018 (the settings' restore makes them fresh again)


def test_a_cache_that_fails_on_every_call_never_breaks_a_read(client, every_cache_down, caplog):
    from alemkb import cache_safety

    cache_safety._last_logged.clear()
    statement = make_statement()
    make_patient(complication=statement.complication)
    pages = ("/", "/", API, API, "/cases/", "/api/v1/cases/", "/api/v1/cases/")
    pages += (statement.complication.get_absolute_url(), "/search/?q=sentence")
    with caplog.at_level(logging.WARNING, logger="alemkb.cache"):
        for url in pages:
            assert client.get(url).status_code == 200, url
    # Logged once per use, not once per request.
    assert len([r for r in caplog.records if "page cache" in r.getMessage()]) == 1


def test_the_rate_still_holds_when_the_shared_records_are_down(client, settings, every_cache_down):
    settings.API_ANON_RATE = "2/minute"
    from alemkb.api.throttling import LOCAL_RECORDS

    LOCAL_RECORDS.clear()
    make_statement()
    assert [client.get(API).status_code for _ in range(3)] == [200, 200, 429]


def test_a_client_forcing_page_misses_is_slowed_but_cached_pages_stay_open(
    client, settings, page_cache
):
    settings.PAGE_MISS_RATE = "3/minute"
    make_statement()
    assert client.get("/").status_code == 200  # a miss, now cached
    statuses = [client.get(f"/search/?q=word{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    refused = client.get("/search/?q=another")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many pages at once" in refused.content.decode()
    assert client.get("/").status_code == 200  # a hit is never counted or refused
    # Another reader is not slowed by this one.
    assert client.get("/search/?q=mine", REMOTE_ADDR="198.51.100.9").status_code == 200
