"""Every API response a test receives is checked against the OpenAPI schema (openapi-core).

A test that asks for /api/v1/… through Django's test client gets its response validated,
whatever the test itself checks: status codes, content types, headers and bodies must be the
ones the schema promises, so a generated client can rely on them.
"""

import gzip
from functools import cache

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, StreamingHttpResponse
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.templating.paths.exceptions import PathNotFound

# Answers the schema need not describe: a client's copy is current (304), or a method the
# endpoint does not have (405), which has no operation to describe it.
UNDESCRIBED = {304, 405}


@cache
def api_schema():
    return OpenAPI.from_dict(SchemaGenerator().get_schema(request=None, public=True))


def is_checked(request, response):
    return (
        request.path.startswith("/api/v1/")
        and request.method == "GET"
        and response.status_code not in UNDESCRIBED
        and not isinstance(response, StreamingHttpResponse)
        # The browsable API is HTML for people reading it, not a media type clients use.
        and not response.get("Content-Type", "").startswith("text/html")
    )


class SchemaMismatch(AssertionError):
    pass


def reasons(error):
    """The innermost schema errors behind an openapi-core error: where, and what."""
    found = []
    cause = error
    while cause is not None:
        for schema_error in getattr(cause, "schema_errors", ()) or ():
            for leaf in [schema_error, *getattr(schema_error, "context", ())]:
                found.append(f"{list(leaf.absolute_path)}: {leaf.message[:200]}")
        cause = cause.__cause__
    return found or [str(error)[:500]]


def as_sent(response):
    """The response before compression: the schema describes what was compressed."""
    if response.get("Content-Encoding") != "gzip":
        return response
    plain = HttpResponse(gzip.decompress(response.content), status=response.status_code)
    for header, value in response.items():
        if header.lower() not in ("content-encoding", "content-length"):
            plain[header] = value
    return plain


def validate(response):
    request = response.wsgi_request
    if not is_checked(request, response):
        return
    try:
        request.get_host()
    except DisallowedHost:
        return  # refused before the API saw it (a forged Host), and no URL to match
    response = as_sent(response)
    if not response.content and not response["Content-Type"].startswith("application/json"):
        return  # an empty download: a file has no schema to check it against
    try:
        api_schema().validate_response(
            DjangoOpenAPIRequest(request), DjangoOpenAPIResponse(response)
        )
    except PathNotFound:
        return  # a URL outside the API's paths (a 404 for /api/v1/nothing-here/)
    except Exception as error:  # openapi-core raises several kinds
        where = f"{request.method} {request.get_full_path()} → {response.status_code}"
        raise SchemaMismatch(
            f"{where} does not match the schema: " + "; ".join(reasons(error))
        ) from None
