"""The workspace's pages read the same number of queries whatever the amount of content."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curation import changesets
from curation.models import Status
from tests.factories import make_patient, make_report, make_source, make_statement

pytestmark = pytest.mark.django_db


def add_content(source, n):
    for _ in range(n):
        report = make_report(source=source, status=Status.DRAFT)
        make_patient(report=report, status=Status.DRAFT)
        make_statement(source=source)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["/curate/", "/curate/sources/{slug}/"])
def test_workspace_pages_do_not_query_per_row(client_for, editor, path):
    client = client_for(editor)
    source = make_source(slug="counted")
    add_content(source, 2)
    changesets.start(editor, "TEST one")
    url = path.format(slug=source.slug)
    client.get(url)  # content types and sessions are read once
    few = queries(client, url)
    add_content(source, 8)
    changesets.start(editor, "TEST two")
    changesets.start(editor, "TEST three")
    assert queries(client, url) == few
