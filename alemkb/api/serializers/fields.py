"""Fields shared by the API's serializers."""

from urllib.parse import quote

from rest_framework import serializers
from rest_framework.reverse import reverse


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The row's absolute API URL, as HyperlinkedIdentityField writes it, with the route
    reversed once per response rather than once per row (reverse() and build_absolute_uri()
    were a fifth of the time of a page of 50 patients, whose rows link to three routes)."""

    MARKERS = {int: "987654321", str: "lookup-marker"}

    def get_url(self, obj, view_name, request, format):
        value = getattr(obj, self.lookup_field)
        if value in (None, ""):
            return None
        marker = self.MARKERS[str if isinstance(value, str) else int]
        templates = self.context.setdefault("api_url_templates", {})
        key = (view_name, format, marker)
        if key not in templates:
            path = reverse(view_name, kwargs={self.lookup_url_kwarg: marker}, format=format)
            origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
            templates[key] = (origin, path)
        origin, path = templates[key]
        return origin + path.replace(marker, quote(str(value), safe=""))

    def to_representation(self, value):
        # DRF's Hyperlink keeps the row it links to (for the browsable API's forms, which a
        # read-only API has none of): a plain string is all a client receives, and all that
        # a kept row (alemkb/precomputed.py) should carry.
        link = super().to_representation(value)
        return None if link is None else str(link)
