"""What a page computes from the published content alone, kept once per content version.

The page cache keeps whole responses per URL; a URL it has not seen (another query string,
another Accept header) is computed afresh. The parts of a page that depend only on published
content, not on the request (the body of a complication's page, the results of a search), are
kept here under the content version, so a miss does not recompute them: a
publication moves the version on, and with it every key. Staff, who may see drafts, always
get them computed afresh.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from alemkb.cache import content_version
from alemkb.cache_safety import safely

MISSING = object()


def per_content_version(name, key, compute):
    """compute(), or what it gave for (`name`, `key`) under the current content version."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    # Hashed: a key may be a reader's search, of any length and any characters.
    digest = hashlib.sha256(str(key).encode()).hexdigest()
    cache_key = f"computed:{content_version()}:{name}:{digest}"
    found = safely(cache.get, cache_key, MISSING, default=MISSING)
    if found is not MISSING:
        return found
    value = compute()
    safely(cache.set, cache_key, value, settings.PAGE_CACHE_SECONDS)
    return value
