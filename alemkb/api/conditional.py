"""Last-Modified on every API response, and 304 for a client whose copy is current.

ETags come from Django's ConditionalGetMiddleware, which hashes each response and answers a
matching If-None-Match with 304; this adds the time the content last changed, from the
one-row ContentVersion table, so that If-Modified-Since works too.
"""

from django.utils.decorators import method_decorator
from django.views.decorators.http import condition

from curation.models import ContentVersion


def content_last_modified(request, *args, **kwargs):
    return ContentVersion.current()


class ConditionalMixin:
    @method_decorator(condition(last_modified_func=content_last_modified))
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)
