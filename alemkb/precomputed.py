"""What a page computes from the published content alone, kept once per content version.

The page cache keeps whole responses per URL; a URL it has not seen (another query string,
another Accept header, another filter) is computed afresh. The parts of an answer that depend
only on published content, not on the request (the body of a complication's page, the results
of a search, the count and the page of ids of a query, each patient's JSON), are kept here
under the content version, so a miss does not recompute them: a publication moves the version
on, and with it every key. Staff, who may see drafts, always get pages computed afresh.

Whole parts go to the default cache, beside the pages; what lists keep (counts, pages of ids,
rows: many small entries) to the "rows" cache, so that lists never evict the pages.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from alemkb.cache import content_version
from alemkb.cache_safety import safely

MISSING = object()


def kept_key(name, key, version=None):
    # Hashed: a key may be a reader's search or a query, of any length and any characters.
    digest = hashlib.sha256(str(key).encode()).hexdigest()
    return f"computed:{content_version() if version is None else version}:{name}:{digest}"


def per_content_version(name, key, compute, using="default"):
    """compute(), or what it gave for (`name`, `key`) under the current content version, in
    the cache `using`."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute()
    store = caches[using]
    cache_key = kept_key(name, key)
    found = safely(store.get, cache_key, MISSING, default=MISSING)
    if found is not MISSING:
        return found
    value = compute()
    safely(store.set, cache_key, value, settings.PAGE_CACHE_SECONDS)
    return value


def count_of(queryset):
    """queryset.count(), kept under the content version: the count depends on the published
    content and the query alone, and counting a few thousand of 100,000 patients afresh cost
    a filtered API page a third of its time. Anything else that counts itself (KeptRows)
    or has a length is asked."""
    if not isinstance(queryset, QuerySet):
        count = getattr(queryset, "count", None)
        return count() if callable(count) else len(queryset)
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return 0
    return per_content_version("count", (queryset.db, sql, params), queryset.count, "rows")


def each_per_content_version(name, keys, compute_missing):
    """{key: value} for every key of `keys`: those kept under the current content version,
    the others from compute_missing([key, …]) -> {key: value}, kept for the next time."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return compute_missing(list(keys))
    rows = caches["rows"]
    version = content_version()  # once for the whole list, not once per row
    cache_keys = {key: kept_key(name, key, version) for key in keys}
    found = safely(rows.get_many, list(cache_keys.values()), default={})
    kept = {key: found[k] for key, k in cache_keys.items() if k in found}
    missing = [key for key in keys if key not in kept]
    if missing:
        computed = compute_missing(missing)
        new = {cache_keys[key]: value for key, value in computed.items()}
        safely(rows.set_many, new, settings.PAGE_CACHE_SECONDS)
        kept.update(computed)
    return kept


class KeptRows:
    """A queryset of plain values (values_list) as a paginator reads it: its count and each
    slice are kept under the content version (both depend on the content and the query
    alone; sorting and counting a few thousand of 100,000 patients was most of a filtered
    API page's database time)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self):
        return count_of(self.queryset)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        rows = self.queryset[index]
        if not isinstance(index, slice):
            return rows
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:
            return []
        return per_content_version("ids", (rows.db, sql, params), lambda: list(rows), "rows")
