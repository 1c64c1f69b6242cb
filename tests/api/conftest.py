import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def no_throttling(settings):
    """Throttling is tested on its own; elsewhere it would make results depend on test order."""
    settings.API_ANON_RATE = None
    cache.clear()


@pytest.fixture
def api():
    return APIClient()
