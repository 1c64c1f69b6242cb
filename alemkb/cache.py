"""Whole responses for anonymous readers, cached under the content version.

Every write to curated content moves ContentVersion on (curation/signals.py), and the
version is part of every cache key: when an editor publishes, the next request of every page
and API response is computed afresh, in every worker, with no list of keys to purge.

The middleware sits near the top of the stack and answers a hit before sessions,
authentication and messages are set up: a request without a session cookie or an
Authorization header cannot belong to a logged-in user, so no session lookup is needed to
know the reader is anonymous.

A hit does not touch the database either: each process reads the content version at most
once every CONTENT_VERSION_CHECK_SECONDS (and at once after a change it made itself), so a
publication reaches every worker's readers within that time.
"""

import hashlib
import math
import time
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import set_response_etag

from alemkb.api.throttling import AnonymousThrottle, PageMissThrottle
from alemkb.cache_safety import report, safely
from alemkb.hot_pages import HOT_PAGES
from curation.models import ContentVersion

CACHEABLE_METHODS = {"GET", "HEAD"}
# Downloads list what is on disk, which a release changes without changing the content.
NEVER_CACHED = ("/admin/", "/downloads/")


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in CACHEABLE_METHODS
        and not request.path.startswith(NEVER_CACHED)
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_cacheable_response(response):
    # "Vary: Cookie" is not a reason to skip: only requests without a logged-in user are ever
    # answered from this cache, and for all of them the response is the same.
    return response.status_code == 200 and not response.streaming and not response.cookies


class KnownVersion:
    number = None
    read_at = 0.0
    changes_seen = -1


def content_version():
    """The content version, read again when it may have moved since this process last read it.

    While the database cannot be reached, the version this process last read stands: nothing
    can be published without the database, so pages cached under that version are still the
    published content, and are served rather than a 503. (A publication made in the last
    CONTENT_VERSION_CHECK_SECONDS before the outage may be missed until it ends.) A process
    that has never read the version has no cached page to serve.
    """
    now = time.monotonic()
    if (
        KnownVersion.changes_seen != ContentVersion.changes_in_this_process
        or now - KnownVersion.read_at >= settings.CONTENT_VERSION_CHECK_SECONDS
    ):
        try:
            number = ContentVersion.number_now()
        except (OperationalError, InterfaceError):
            if KnownVersion.number is None:
                raise
            return KnownVersion.number
        KnownVersion.changes_seen = ContentVersion.changes_in_this_process
        KnownVersion.number = number
        KnownVersion.read_at = now
    return KnownVersion.number


def cache_key(request):
    """The content version, then a hash of everything the response depends on.

    The scheme and host are part of it: a response names its own address (`api_url`, `next`,
    canonical links), so a request for another host must never be answered with it, nor
    leave its own answer for others. Hashed, the key has a fixed length whatever the URL.
    """
    version = content_version()
    parts = (
        request.scheme,
        request.get_host(),
        request.method,
        request.get_full_path(),
        request.META.get("HTTP_ACCEPT", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    # "answer:", not the "page:" of the pickled responses stored before: a cache shared across
    # a deploy (Redis) may still hold those, and they are not (status, headers, body).
    return f"answer:{version}:{digest}"


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request) or not is_allowed_host(request):
            # A host outside ALLOWED_HOSTS is refused further down (400), never served a hit.
            return self.get_response(request)
        key = cache_key(request)
        kept = HOT_PAGES.get(key)
        if kept is None:
            kept = safely(cache.get, key)
            if kept is not None:
                HOT_PAGES.set(key, kept, settings.PAGE_CACHE_SECONDS)
        if kept is not None and over_api_rate(request):
            kept = None  # the API view answers 429, with Retry-After
        if kept is not None:
            return as_response(kept)
        wait = over_page_miss_rate(request)
        if wait:
            return too_many_misses(request, wait)
        response = self.get_response(request)
        if is_cacheable_response(response):
            kept = as_kept(response)
            safely(cache.set, key, kept, settings.PAGE_CACHE_SECONDS)
            HOT_PAGES.set(key, kept, settings.PAGE_CACHE_SECONDS)
        return response


def is_allowed_host(request):
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


def over_api_rate(request):
    """Whether an anonymous API client is over API_ANON_RATE; if not, count this request.

    A cached answer is cheap to give, but a client over its rate is told so whether or not
    its answer happens to be cached: hits count against the rate as the view's requests do.
    """
    if not request.path.startswith("/api/"):
        return False
    throttle = AnonymousThrottle()
    if throttle.rate is None:
        return False
    # Only anonymous requests reach here; the throttle needs nothing but their address.
    anonymous = SimpleNamespace(user=None, META=request.META, headers=request.headers)
    return not throttle.allow_request(anonymous, None)


def over_page_miss_rate(request):
    """Seconds to wait if this anonymous page request, a cache miss, is over PAGE_MISS_RATE;
    0 if it may go on (it is counted). The API has its own rate, hits included."""
    if request.path.startswith("/api/"):
        return 0
    throttle = PageMissThrottle()
    if throttle.rate is None:
        return 0
    try:
        allowed = throttle.allow_request(SimpleNamespace(META=request.META), None)
    except Exception as error:  # rate records unavailable: pages are not limited meanwhile
        report("rate records", error)
        return 0
    return 0 if allowed else max(1, math.ceil(throttle.wait() or 1))


def too_many_misses(request, wait):
    page = loader.get_template("429.html").render({"retry_after": wait, "request": request})
    response = HttpResponse(page, status=429)
    response["Retry-After"] = str(wait)
    return response


def as_kept(response):
    """(status, headers, body): the bytes and headers only. A DRF or template response
    carries its serializer, request and context along, which need not (and cannot always) be
    pickled; and plain values are quicker to read back than a pickled response object (for
    a 400 KB page, unpickling a response was a tenth of the time of a hit)."""
    if not response.has_header("ETag"):
        set_response_etag(response)  # once here, rather than by hashing the body on every hit
    return response.status_code, dict(response.items()), response.content


def as_response(kept):
    status, headers, body = kept
    response = HttpResponse(body, status=status)
    for header, value in headers.items():
        response[header] = value
    return response
