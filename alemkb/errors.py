"""Error pages: JSON under /api/ (`detail` and `errors`, as the API's own), the site's own
pages elsewhere.

An unreachable database is not a server error but a passing unavailability: 503 with
Retry-After, a page that reads nothing from the database, and for a form submission the
assurance that nothing was saved (every write runs in a transaction).
"""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 5


def is_api(request):
    return request.path.startswith("/api/")


def bad_request(request, exception):
    """400. A form too large to read (too many fields, too many bytes) says so, and that
    nothing was saved and the browser still holds what was typed, rather than a bare 400."""
    too_large = isinstance(exception, TooManyFieldsSent | RequestDataTooBig)
    if is_api(request):
        detail = "The request is too large." if too_large else "Bad request."
        return JsonResponse({"detail": detail, "errors": {}}, status=400)
    if too_large:
        context = {
            "request": request,
            "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
            "max_megabytes": (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / 1024 / 1024,
        }
        page = loader.get_template("400_form_too_large.html").render(context)
        return HttpResponse(page, status=400)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return JsonResponse({"detail": "Not found.", "errors": {}}, status=404)
    return defaults.page_not_found(request, exception)


def database_unavailable():
    """Whether the exception being handled says the database cannot be reached."""
    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        if isinstance(error, DatabaseError):
            return False  # a query the database refused is a bug, not an outage
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request):
    if database_unavailable():
        return service_unavailable(request)
    if is_api(request):
        return JsonResponse(
            {"detail": "Server error. It has been logged.", "errors": {}}, status=500
        )
    return defaults.server_error(request)


def service_unavailable(request):
    if is_api(request):
        detail = "The database is unavailable for a moment. Retry in a few seconds."
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            detail += " Nothing was saved."
        response = JsonResponse({"detail": detail, "errors": {}}, status=503)
    else:
        page = loader.get_template("503.html").render({"request": request})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
