"""List pages assembled from what is kept per content version (alemkb/precomputed.py).

A filtered list the page cache has not seen (another filter, another Accept header) still
costs, computed afresh, a count, a sort, a page of rows with their parts and their JSON: at
100,000 patients over a hundred milliseconds. All four depend on the published content and
the query alone, so they are kept under the content version: the count and the page of ids
per query, each row's JSON per row (and per site address, which its links carry). A
publication moves the version on and everything is computed afresh.
"""

from alemkb.precomputed import KeptRows, each_per_content_version


class KeptRowsListMixin:
    """For list views whose serializer gives each row's `id`. Exports are not affected."""

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        ids = self.paginate_queryset(
            KeptRows(queryset.prefetch_related(None).values_list("pk", flat=True))
        )
        # The rows' links carry the site address and any format suffix (cases.json).
        origin = (request.build_absolute_uri("/"), self.format_kwarg)
        serializer = self.get_serializer_class()
        name = f"{serializer.__module__}.{serializer.__qualname__}"

        def serialize(missing):
            rows = queryset.filter(pk__in=[pk for _, pk in missing])
            return {(origin, row["id"]): row for row in self.get_serializer(rows, many=True).data}

        keys = [(origin, pk) for pk in ids]
        kept = each_per_content_version(name, keys, serialize)
        # A patient unpublished between the ids and their rows (a publication in between, or
        # ids kept a moment longer than this process saw the version move) is left out.
        return self.get_paginated_response([kept[key] for key in keys if key in kept])
