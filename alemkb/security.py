"""Who is asking: the client's address as the trusted proxies in front of AlemKB saw it."""

from django.conf import settings


def client_ip(request):
    """The address the outermost trusted proxy received the request from.

    X-Forwarded-For is a list each proxy appends to; only the last TRUSTED_PROXY_COUNT entries
    were written by proxies we run, so anything before them may be forged by the client.
    """
    if settings.TRUSTED_PROXY_COUNT:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
