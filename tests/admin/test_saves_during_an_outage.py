"""An editor's save that meets a database outage commits whole or not at all, and says so."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from simple_history.models import HistoricalRecords

from complications.models import Statement

from ..factories import make_statement
from .conftest import form_data

pytestmark = pytest.mark.django_db


def test_an_editor_save_that_meets_the_outage_saves_nothing_and_says_so(editor):
    client = Client(raise_request_exception=False)
    statement = make_statement(status="draft", text="Old wording.")
    client.force_login(editor)
    url = f"/admin/complications/statement/{statement.pk}/change/"
    data = form_data(client.get(url))
    data["text"] = "Wording typed during the outage."

    # The row is written, then its history record meets the outage: all or nothing.
    refused = OperationalError("server closed the connection unexpectedly")
    with mock.patch.object(HistoricalRecords, "create_historical_record", side_effect=refused):
        response = client.post(url, data)

    assert response.status_code == 503
    assert "Nothing you submitted was saved" in response.content.decode()
    statement.refresh_from_db()
    assert statement.text == "Old wording."
    assert not Statement.revisions.filter(text="Wording typed during the outage.").exists()
