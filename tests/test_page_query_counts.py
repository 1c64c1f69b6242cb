"""Every page, and the querysets behind it, make as many queries for many rows as for few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Patient, Report, TimelineEvent
from complications.models import CitationAuthor, Complication

from .factories import (
    make_citation,
    make_complication,
    make_count,
    make_intervention,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/complications/dah/",
    "/cases/",
    "/cases/?complication=dah&ordering=-onset&prior_therapy=fingolimod",
    "/cases/{patient}/",
    "/reports/{report}/",
    "/citations/",
    "/citations/?complication=dah",
    "/citations/{citation}/",
    "/sources/{source}/",
    "/search/?q=haemoptysis",
]


def add_content(size, source, dah, drugs):
    """`size` more of everything: citations, reports, patients, statements, complications."""
    for n in range(size):
        citation = make_citation()
        CitationAuthor.objects.create(citation=citation, position=1, family=f"Author{n}")
        report = make_report(
            citation=citation, source=source, kind="literature_review", patient_count=5
        )
        report.complications.add(dah)
        make_count(report)
        patient = make_patient(
            report=make_report(citation=citation, source=source),
            complication=dah,
            prior=drugs,
            treatments=drugs,
            presentation="haemoptysis",
        )
        TimelineEvent.objects.create(patient=patient, position=1, description="x", quote="x")
        make_statement(
            complication=dah,
            source=source,
            citation=citation,
            section="onset",
            onset_min=1,
            onset_max=4,
            onset_unit="days",
            text="haemoptysis",
        )
        other = make_complication()
        make_statement(complication=other, source=source, quote="3 days after the first infusion")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(context.captured_queries)


def test_every_page_makes_the_same_number_of_queries_at_two_sizes(client):
    source = make_source(slug="zhao")
    dah = make_complication(slug="dah")
    drugs = [make_intervention("fingolimod"), make_intervention("rituximab")]
    add_content(2, source, dah, drugs)
    keys = {
        "patient": Patient.objects.first().pk,
        "report": Report.objects.first().slug,
        "citation": Report.objects.first().citation_id,
        "source": "zhao",
    }
    urls = [url.format(**keys) for url in PAGES]
    small = {url: count_queries(client, url) for url in urls}
    add_content(20, source, dah, drugs)
    assert Complication.objects.count() == 23
    large = {url: count_queries(client, url) for url in urls}
    assert large == small
