import os

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from alemkb.hot_pages import HOT_PAGES


@pytest.fixture
def seeds_dir():
    """The seed documents beside the repository: CI always has them, a lone clone may not."""
    if not settings.SEEDS_DIR.is_dir():
        message = f"seed documents not found at {settings.SEEDS_DIR}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return settings.SEEDS_DIR


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """Throttling is tested on its own; elsewhere it would make results depend on test order."""
    settings.API_ANON_RATE = None
    settings.PAGE_MISS_RATE = None
    cache.clear()
    HOT_PAGES.clear()
    caches["throttle"].clear()
    caches["rows"].clear()


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Tests see every response computed afresh; tests/test_cache.py turns the cache on."""
    settings.PAGE_CACHE_SECONDS = 0
    # Each test's rolled-back transaction may reuse a version number: always read it afresh.
    settings.CONTENT_VERSION_CHECK_SECONDS = 0


@pytest.fixture(autouse=True)
def api_responses_match_the_schema(monkeypatch):
    """Every API response in every test is validated against the OpenAPI schema."""
    from django.test import Client

    from .schema_validation import validate

    request = Client.request

    def validated_request(self, **kwargs):
        response = request(self, **kwargs)
        validate(response)
        return response

    monkeypatch.setattr(Client, "request", validated_request)
