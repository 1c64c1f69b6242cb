"""The plain pages served by `make run` show published content only, with its sources."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import make_complication, make_patient, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_published_complications_by_category(client):
    make_complication(name="Immune thrombocytopenia", category="autoimmune")
    make_complication(name="Unreviewed thing", status="draft")
    page = client.get("/").content.decode()
    assert "Autoimmune" in page and "Immune thrombocytopenia" in page
    assert "Unreviewed thing" not in page


def test_a_complication_page_shows_each_statement_with_its_quote_and_evidence(client):
    statement = make_statement(text="It starts early.", evidence_kind="case_report")
    page = client.get(statement.complication.get_absolute_url()).content.decode()
    assert "It starts early." in page
    assert statement.quote in page
    assert "Case report" in page


def test_a_draft_complication_is_not_found(client):
    complication = make_complication(status="draft")
    assert client.get(complication.get_absolute_url()).status_code == 404


def test_a_source_page_sets_reader_comments_apart(client):
    source = make_source()
    page = client.get(source.get_absolute_url()).content.decode()
    article, comments = page.split("Reader comments are not evidence")
    assert "34-year-old woman" in article
    assert "90% of people" in comments


def test_a_case_page_says_not_reported_for_what_is_unknown(client):
    patient = make_patient(age=None)
    page = client.get(patient.get_absolute_url()).content.decode()
    assert "not reported" in page
    assert patient.get_disease_display() in page


def test_the_home_page_makes_as_many_queries_for_ten_complications_as_for_one(client):
    make_statement()
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for _ in range(9):
        make_statement()
    with CaptureQueriesContext(connection) as large:
        assert client.get("/").status_code == 200
    assert len(large) == len(small)


def test_the_home_page_orders_categories_as_the_vocabulary_does(client):
    make_complication(name="Zoster", category="infection")
    make_complication(name="Lymphoma", category="malignancy")
    make_complication(name="Thyroid", category="autoimmune")
    make_complication(name="Anaemia", category="autoimmune")
    page = client.get("/").content.decode()
    positions = [page.index(name) for name in ("Anaemia", "Thyroid", "Zoster", "Lymphoma")]
    assert positions == sorted(positions)
