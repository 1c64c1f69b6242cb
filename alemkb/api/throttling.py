from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from alemkb.cache_safety import report
from alemkb.security import client_ip

# When the shared rate records cannot be read (Redis down), each process counts on its own:
# the limit then holds per worker rather than not at all (README, "Security and operations").
LOCAL_RECORDS = LocMemCache("alemkb-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


class AnonymousThrottle(AnonRateThrottle):
    """Anonymous clients get API_ANON_RATE requests (e.g. "120/minute"); staff are not limited.

    The rate is read from settings on every request rather than once at import, as DRF does,
    so that it follows the environment and the tests can change it. The client is known by
    the address the trusted proxies saw (alemkb/security.py), never by a header it could
    rotate itself, and its records live in a cache of their own, which pages never evict.
    """

    records = None  # the cache in use: the shared one, or LOCAL_RECORDS after a failure

    @property
    def cache(self):
        return self.records or caches["throttle"]

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        return client_ip(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as error:  # the shared records are unavailable: count locally
            report("rate records", error)
            self.records = LOCAL_RECORDS
            return super().allow_request(request, view)


class PageMissThrottle(SimpleRateThrottle):
    """PAGE_MISS_RATE pages an anonymous client may have computed afresh (cache misses);
    cached pages are never counted. One client forcing misses slowed everyone's hits."""

    scope = "page-miss"

    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        return settings.PAGE_MISS_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}
