"""Every API list and export makes as many queries for many rows as for few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complications.models import CitationAuthor

from ..factories import (
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

URLS = [
    "/api/v1/complications/",
    "/api/v1/complications/{complication}/",
    "/api/v1/cases/",
    "/api/v1/cases/?format=csv",
    "/api/v1/cases/?complication={complication}&ordering=-onset",
    "/api/v1/cases/{patient}/",
    "/api/v1/reports/",
    "/api/v1/citations/",
    "/api/v1/citations/?format=csv",
    "/api/v1/citations/?format=ris",
    "/api/v1/citations/?format=bibtex",
    "/api/v1/citations/?format=csl",
    "/api/v1/citations/{citation}/",
    "/api/v1/sources/",
    "/api/v1/sources/{source}/",
    "/api/v1/drugs/",
    "/api/v1/stats/",
    "/api/v1/stats/?complication={complication}&outcome=remission",
    "/api/v1/cases/?format=xlsx",
    "/api/v1/cases/?count=complication&outcome=remission",
    "/api/v1/cases/?count=treatment",
    "/api/v1/cases/?count=age_band",
    "/api/v1/patient-complications/",
    "/api/v1/patient-complications/?format=csv",
    "/api/v1/treatments/?complication={complication}",
    "/api/v1/treatments/?format=xlsx",
    "/api/v1/citations/?format=xlsx",
]


def add_content(size, source, complication, drugs):
    """`size` patients over `size` reports and citations, with statements and counts."""
    for n in range(size):
        citation = make_citation()
        CitationAuthor.objects.create(citation=citation, position=1, family=f"Author{n}")
        report = make_report(citation=citation, source=source)
        report.complications.add(complication)
        make_count(report)
        make_patient(report=report, complication=complication, prior=drugs, treatments=drugs)
        make_statement(complication=complication, source=source, citation=citation)
        make_statement(complication=make_complication(), source=source)
        make_intervention()


def count_queries(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.content[:300])
    return len(context.captured_queries)


def test_every_endpoint_makes_the_same_number_of_queries_at_two_sizes(api):
    source = make_source()
    complication = make_complication(slug="dah")
    drugs = [make_intervention("fingolimod"), make_intervention("rituximab")]
    add_content(2, source, complication, drugs)
    from cases.models import Patient
    from complications.models import Citation

    keys = {
        "complication": "dah",
        "patient": Patient.objects.first().pk,
        "citation": Citation.objects.first().pk,
        "source": source.slug,
    }
    urls = [url.format(**keys) for url in URLS]
    small = {url: count_queries(api, url) for url in urls}
    add_content(25, source, complication, drugs)
    large = {url: count_queries(api, url) for url in urls}
    assert large == small
