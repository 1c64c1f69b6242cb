"""What machine clients of the API and the downloads expect of HTTP, as middleware.

- An overlong URL answers 414 in the site's own words (JSON under /api/), before anything
  reads it; gunicorn's own limit (gunicorn.conf.py) is set above this one, so that only a
  URL too long even to parse gets the server's page.
- API and download responses are gzip-compressed when the client accepts it. They carry no
  secret and no CSRF token, so compression cannot leak one (BREACH); HTML pages, which may
  carry a CSRF token in a form, are left alone.
- API and download responses say how to cache them: `public, no-cache`, that is, keep a
  copy and check with the ETag (or Last-Modified) before each use; the check is answered
  304 without a body when nothing changed.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

MACHINE_READABLE = ("/api/", "/downloads/")


def is_machine_readable(request):
    return request.path.startswith(MACHINE_READABLE)


class LongURLMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", ""))
        if length > settings.MAX_URL_LENGTH:
            return too_long(request, length)
        return self.get_response(request)


def too_long(request, length):
    detail = (
        f"The URL is {length:,} characters long; this site reads at most "
        f"{settings.MAX_URL_LENGTH:,}. Use fewer or shorter parameters."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "errors": {}}, status=414)
    return HttpResponse(detail, status=414, content_type="text/plain; charset=utf-8")


class MachineReadableGZipMiddleware(GZipMiddleware):
    """GZipMiddleware for the API and the downloads only (see the module's docstring)."""

    def process_response(self, request, response):
        if not is_machine_readable(request) or response.cookies:
            return response
        if response.get("Content-Type", "").startswith("text/html"):
            return response  # the browsable API's pages hold a CSRF token
        return super().process_response(request, response)


class RevalidateMiddleware:
    """Cache-Control on successful API and download reads: keep, but check the ETag first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            is_machine_readable(request)
            and request.method in ("GET", "HEAD")
            and response.status_code in (200, 304)
            and not response.has_header("Cache-Control")
            and not response.cookies  # the browsable API sets a CSRF cookie: never public
        ):
            patch_cache_control(response, public=True, no_cache=True)
        return response


PAGE_METHODS = ["GET", "HEAD", "OPTIONS"]


class MethodsMiddleware:
    """TRACE and CONNECT answer 405 everywhere (a view would otherwise render its page for
    them); OPTIONS on a public page says which methods it takes without rendering it. The API
    and the admin answer OPTIONS themselves."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("TRACE", "CONNECT"):
            return HttpResponseNotAllowed(PAGE_METHODS)
        if request.method == "OPTIONS" and not request.path.startswith(("/api/", "/admin/")):
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(PAGE_METHODS)
            return response
        return self.get_response(request)
