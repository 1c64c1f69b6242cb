"""Opening any seeded row in the admin and pressing Save, as a browser does, changes nothing.

A browser sends a textarea's line breaks as CRLF and drops line breaks from text inputs; it
sends every field as rendered, the hidden empty inline forms included. This checks the seed
fixtures' every curated row through that round trip (a test that checks the fixtures, so it
loads them).
"""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.forms.models import model_to_dict

from curation.models import ContentVersion, Curated, PendingChange
from curation.registry import content_models
from curation.seeding import seed_if_empty

from ..browser_forms import submitted_form
from .test_roles_and_workflow import change_url

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/cases/",
    "/citations/",
    "/api/v1/complications/",
    "/api/v1/cases/",
    "/api/v1/citations/",
    "/api/v1/reports/",
    "/api/v1/sources/",
    "/api/v1/drugs/",
    "/api/v1/stats/",
    "/api/v1/cases/?format=csv",
]


def database_state():
    rows = {
        (model._meta.label, obj.pk): model_to_dict(obj)
        | {f: getattr(obj, f, None) for f in ("version", "updated_at", "status_changed_at")}
        for model in content_models()
        for obj in model._default_manager.all()
    }
    history = {
        model._meta.label: model.revisions.model._default_manager.count()
        for model in content_models()
    }
    counters = (
        ContentVersion.number_now(),
        PendingChange.objects.count(),
        LogEntry.objects.count(),
    )
    return rows, history, counters


def public_site(client, urls):
    return {url: client.get(url).getvalue() for url in urls}


def curated_rows():
    for model in admin.site._registry:
        if issubclass(model, Curated):
            yield from model._default_manager.order_by("pk")


def test_saving_every_seeded_row_unchanged_as_a_browser_does_changes_nothing(client, editor):
    seed_if_empty()
    rows = list(curated_rows())
    assert len(rows) > 250
    urls = PUBLIC_URLS + sorted(
        {obj.get_absolute_url().split("#")[0] for obj in rows if hasattr(obj, "get_absolute_url")}
    )
    site_before = public_site(client, urls)
    database_before = database_state()

    client.force_login(editor)
    refused = []
    for obj in rows:
        url = change_url(obj)
        page = client.get(url)
        assert page.status_code == 200, url
        form_id = f"{obj._meta.model_name}_form"
        data = submitted_form(page.content.decode(), form_id)
        assert data.get("_save") == ["Save"], f"{url}: no Save button"
        response = client.post(url, data)
        if response.status_code != 302:
            errors = response.context["errors"] if response.context else response.status_code
            refused.append(f"{url}: {errors}")
    assert refused == []
    assert database_state() == database_before

    client.logout()
    assert public_site(client, urls) == site_before
