"""Every page, as a clinician's browser receives it: published content only, with its sources."""

import re

import pytest

from cases.models import TimelineEvent
from complications.models import CitationAuthor

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


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


# Home and the risk-window chart


def test_the_home_page_lists_published_complications_by_category_at_a_glance(client):
    thyroid = make_complication(name="Thyroid disease", category="autoimmune")
    make_statement(
        complication=thyroid,
        section="incidence",
        frequency_low=30,
        frequency_high=30,
        frequency_per=100,
        approximate=True,
    )
    make_statement(complication=thyroid, section="onset", onset_min=1, onset_unit="months")
    make_patient(complication=thyroid)
    make_complication(name="Unreviewed thing", status="draft")
    html = page(client, "/")
    assert "Autoimmune" in html and "Thyroid disease" in html
    assert "about 30%" in html and "1 month or more" in html
    assert f'href="/cases/?complication={thyroid.slug}">1</a>' in html
    assert "Unreviewed thing" not in html


def test_the_home_page_orders_categories_as_the_vocabulary_does(client):
    make_complication(name="Zoster", category="infection")
    make_complication(name="Lymphoma", category="malignancy")
    make_complication(name="Thyroid", category="autoimmune")
    make_complication(name="Anaemia", category="autoimmune")
    html = page(client, "/")
    positions = [html.index(name) for name in ("Anaemia", "Thyroid", "Zoster", "Lymphoma")]
    assert positions == sorted(positions)


def test_the_chart_draws_each_window_and_each_case_onset_from_the_data(client):
    dah = make_complication(name="Diffuse alveolar haemorrhage")
    make_statement(complication=dah, section="onset", onset_min=1, onset_max=4, onset_unit="days")
    patient = make_patient(complication=dah)  # onset 3 days
    thyroid = make_complication(name="Thyroid disease")
    make_statement(complication=thyroid, section="onset", onset_min=1, onset_unit="months")
    html = page(client, "/")
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<title" in svg and "<desc" in svg
    assert svg.count('class="window anchor-course_start"') == 1
    assert svg.count('class="window anchor-course_start open-ended"') == 1
    assert f'href="/cases/{patient.pk}/"' in svg
    # DAH (days) is drawn above thyroid disease (months).
    assert svg.index("Diffuse alveolar haemorrhage") < svg.index("Thyroid disease")
    table = html[html.index("The chart as a table") :]
    assert "days 1–4 of the course" in table and "1 month or more" in table
    assert patient.heading in table


def test_the_chart_groups_patients_with_the_same_onset(client):
    rebound = make_complication(name="Rebound")
    for _ in range(3):
        make_patient(complication=rebound)
    svg = page(client, "/").split("<svg")[1]
    assert svg.count('class="case"') == 1
    assert 'class="case-count"' in svg and ">3</text>" in svg


# Complication page


@pytest.fixture
def dah_page():
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage", abbreviation="DAH")
    zhao = make_citation(title="Retreatment after DAH", year=2025, doi="10.1177/1352")
    CitationAuthor.objects.create(citation=zhao, position=1, family="Zhao", given="DH")
    source = make_source(title="Zhao et al.")
    make_statement(
        complication=dah, section="mechanism", text="Mechanism last.", source=source, citation=zhao
    )
    make_statement(complication=dah, section="summary", text="Summary first.", source=source)
    make_statement(
        complication=dah,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        text="Within days.",
        source=source,
        citation=zhao,
        speculative=True,
    )
    make_statement(complication=dah, text="A draft claim.", status="draft")
    fatal = make_patient(
        report=make_report(citation=zhao, source=source),
        complication=dah,
        outcome="died",
        outcome_quote="A 34-year-old woman",
    )
    alive = make_patient(complication=dah, age=None)
    review = make_report(
        kind="literature_review", patient_count=14, includes_cases_reported_elsewhere=True
    )
    review.complications.add(dah)
    return dah, fatal, alive


def test_a_complication_page_has_its_sections_in_the_fixed_order(client, dah_page):
    html = page(client, "/complications/dah/")
    headings = ["Summary", "Onset", "Mechanism", "Reported cases", "References"]
    positions = [html.index(f'-heading">{h}</h2>') for h in headings]
    assert positions == sorted(positions)
    assert "A draft claim." not in html


def test_each_statement_shows_numbered_references_its_evidence_and_its_quote(client, dah_page):
    html = page(client, "/complications/dah/")
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert "Case report" in html and "Speculation" in html
    assert '<details class="quote">' in html and "developed the complication" in html
    assert 'href="https://doi.org/10.1177/1352"' in html


def test_the_case_table_lists_deaths_first_and_says_not_reported(client, dah_page):
    _, fatal, alive = dah_page
    html = page(client, "/complications/dah/")
    table = html[html.index('<table class="cases">') :]
    assert table.index(f"/cases/{fatal.pk}/") < table.index(f"/cases/{alive.pk}/")
    assert "age not reported" in table
    assert "may include patients reported elsewhere" in html


def test_a_complication_page_has_its_chart_review_date_and_disclaimer(client, dah_page):
    html = page(client, "/complications/dah/")
    assert html.count('<svg role="group"') == 1
    assert "Published from the curated seed content on" in html
    assert "not a substitute for the product information" in html


def test_a_draft_complication_is_not_found_in_the_site_style(client):
    complication = make_complication(status="draft")
    html = page(client, complication.get_absolute_url(), status=404)
    assert "Not found" in html and "AlemKB" in html


def test_pages_have_a_title_a_description_and_a_canonical_link(client, dah_page):
    html = page(client, "/complications/dah/")
    assert "<title>Diffuse alveolar haemorrhage · AlemKB</title>" in html
    assert '<meta name="description" content="Diffuse alveolar haemorrhage after' in html
    assert '<link rel="canonical" href="http://testserver/complications/dah/">' in html
    assert 'media="print"' in html


# Cases


@pytest.fixture
def cases():
    hlh = make_complication(slug="hlh", name="HLH")
    rituximab = make_intervention("rituximab")
    fingolimod = make_intervention("fingolimod")
    return {
        "hlh": make_patient(
            complication=hlh, treatments=[rituximab], age=30, presentation="Fever, cytopenias."
        ),
        "died": make_patient(outcome="died", outcome_quote="A 34-year-old woman", age=61),
        "male": make_patient(sex="male", prior=[fingolimod], age=21),
        "unknown age": make_patient(
            age=None, retreated=True, retreatment_quote="A 34-year-old woman"
        ),
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("complication=hlh", ["hlh"]),
        ("outcome=died", ["died"]),
        ("sex=male", ["male"]),
        ("age_min=25&age_max=40", ["hlh"]),
        ("prior_therapy=fingolimod", ["male"]),
        ("treatment=rituximab", ["hlh"]),
        ("retreated=true", ["unknown age"]),
        ("q=cytopenias fever", ["hlh"]),
    ],
)
def test_the_case_list_filters_with_the_shared_filterset(client, cases, query, expected):
    html = page(client, f"/cases/?{query}")
    shown = sorted(
        name for name, patient in cases.items() if f'href="/cases/{patient.pk}/"' in html
    )
    assert shown == sorted(expected)
    assert f"{len(expected)} patient" in html


def test_the_case_list_shows_deaths_first_and_sorts_on_request(client, cases):
    html = page(client, "/cases/")
    assert html.index(f"/cases/{cases['died'].pk}/") < html.index(f"/cases/{cases['hlh'].pk}/")
    html = page(client, "/cases/?ordering=age")
    order = [html.index(f"/cases/{cases[n].pk}/") for n in ("male", "hlh", "died", "unknown age")]
    assert order == sorted(order)


def test_the_case_list_keeps_filters_in_the_url_and_in_the_form(client, cases):
    for _ in range(30):
        make_patient(sex="male")
    html = page(client, "/cases/?sex=male&ordering=-age")
    assert '<option value="male" selected>' in html
    assert '<option value="-age" selected>' in html
    assert 'href="?sex=male&amp;ordering=-age&amp;page=2"' in html


def test_bad_case_filters_get_a_form_error_not_a_500(client, cases):
    html = page(client, "/cases/?age_min=old", status=400)
    assert "Enter a whole number." in html
    html = page(client, "/cases/?ordering=height", status=400)
    assert "Unknown ordering" in html


def test_a_case_page_has_key_points_a_timeline_and_its_citation(client):
    patient = make_patient(age=None)
    TimelineEvent.objects.create(
        patient=patient, position=2, when="Day 4", description="Haemoptysis", quote="x"
    )
    TimelineEvent.objects.create(
        patient=patient, position=1, when="July 2022", description="First infusion", quote="x"
    )
    html = page(client, patient.get_absolute_url())
    assert "Key points" in html and "not reported" in html
    assert html.index("First infusion") < html.index("Haemoptysis")
    assert patient.report.citation.title in html


# References


def test_the_reference_list_filters_and_offers_downloads(client):
    make_citation(title="Old paper", year=2014)
    make_citation(title="New paper", year=2025)
    html = page(client, "/citations/?year_min=2020")
    assert "New paper" in html and "Old paper" not in html
    assert "/api/v1/citations/?year_min=2020&amp;format=ris" in html


def test_a_citation_page_lists_downloads_complications_and_cases(client):
    citation = make_citation(title="HLH in two patients")
    hlh = make_complication(name="HLH")
    make_statement(complication=hlh, citation=citation, text="Rests on it.")
    patient = make_patient(report=make_report(citation=citation), complication=hlh)
    html = page(client, citation.get_absolute_url())
    for fmt in ("ris", "bibtex", "csl"):
        assert f"/api/v1/citations/{citation.pk}/?format={fmt}" in html
    assert "Rests on it." in html and hlh.name in html and patient.get_absolute_url() in html


def test_a_report_page_gives_its_counts_and_patients(client):
    report = make_report(
        kind="literature_review", patient_count=14, includes_cases_reported_elsewhere=True
    )
    make_count(report, label="had RRMS", count=11, denominator=14)
    html = page(client, report.get_absolute_url())
    assert "11 of 14: had RRMS" in html and "may include patients reported elsewhere" in html


# Sources


def test_a_source_highlights_each_quoted_passage_and_links_it(client):
    source = make_source()
    statement = make_statement(source=source, quote="developed the complication")
    patient = make_patient(report=make_report(source=source))
    html = page(client, source.get_absolute_url())
    assert f'<span id="statement-{statement.pk}-quote"></span>' in html
    assert "<mark>developed the complication</mark>" in html
    assert f'href="{statement.get_absolute_url()}"' in html
    assert f'href="{patient.get_absolute_url()}"' in html


def test_a_source_sets_reader_comments_apart_as_not_evidence(client):
    html = page(client, make_source().get_absolute_url())
    article, comments = html.split("Reader comments are never used as evidence")
    assert "34-year-old woman" in article
    assert "90% of people" in comments


def test_source_text_is_escaped(client):
    source = make_source(text="<script>alert(1)</script> and <b>bold</b>")
    make_statement(source=source, quote="<b>bold</b>")
    html = page(client, source.get_absolute_url())
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html and "<mark>&lt;b&gt;bold&lt;/b&gt;</mark>" in html


# Search


def test_search_ranks_results_across_kinds_and_highlights_the_words(client):
    hlh = make_complication(name="Haemophagocytic lymphohistiocytosis", abbreviation="HLH")
    make_statement(complication=hlh, text="Treated with rituximab and steroids.")
    make_patient(presentation="Fever; given rituximab twice.")
    make_citation(title="Rituximab after alemtuzumab")
    html = page(client, "/search/?q=rituximab")
    for kind in ("Statements", "Cases", "References"):
        assert f">{kind}</h2>" in html
    assert "<mark>rituximab</mark>" in html or "<mark>Rituximab</mark>" in html
    html = page(client, "/search/?q=HLH")
    assert ">Complications</h2>" in html and hlh.get_absolute_url() in html


def test_search_finds_nothing_politely_and_refuses_an_overlong_query(client):
    assert "Nothing matches" in page(client, "/search/?q=zzzzqqq")
    assert "Search" in page(client, "/search/?q=")
    assert "at most 200 characters" in page(client, "/search/?q=" + "x" * 201, status=400)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("complication=hlh", ["HLH in two patients"]),
        ("kind=randomised_trial", ["A phase 3 trial"]),
        ("q=patients", ["HLH in two patients"]),
        ("year_max=2012", ["A phase 3 trial"]),
    ],
)
def test_the_reference_list_applies_each_filter(client, query, expected):
    hlh = make_citation(title="HLH in two patients", year=2018)
    make_statement(complication=make_complication(slug="hlh"), citation=hlh)
    make_citation(title="A phase 3 trial", kind="randomised_trial", year=2012)
    html = page(client, f"/citations/?{query}")
    shown = [t for t in ("HLH in two patients", "A phase 3 trial") if t in html]
    assert shown == expected


def test_a_bad_reference_filter_is_a_form_error(client):
    assert "Select a valid choice" in page(client, "/citations/?kind=poem", status=400)


def test_a_server_error_gets_the_sites_error_page_and_the_api_gets_json(client, monkeypatch):
    from alemkb import errors

    request = client.get("/").wsgi_request
    response = errors.server_error(request)
    assert response.status_code == 500
    assert b"Something went wrong" in response.content and b"alemkb" in response.content
    request.path = "/api/v1/cases/"
    assert errors.server_error(request)["Content-Type"] == "application/json"


def test_a_search_matching_more_rows_than_are_ranked_still_ranks_its_candidates(
    client, settings, monkeypatch
):
    """On PostgreSQL only the first RANKED_CANDIDATES matches are ranked (a query matching
    every row would otherwise rank them all); each result is still a match, best first."""
    from django.db import connection

    from alemkb.pages import search

    if connection.vendor != "postgresql":
        pytest.skip("the SQLite search ranks its own candidates (fallback_search)")
    monkeypatch.setattr(search, "RANKED_CANDIDATES", 3)
    for n in range(6):
        make_patient(presentation=f"Haemoptysis {'and haemoptysis again ' * n}")
    make_patient(presentation="Rash")
    html = client.get("/search/?q=haemoptysis").content.decode()
    found = set(re.findall(r'href="/cases/(\d+)/"', html))
    assert len(found) == 3  # of six matches, the three candidates ranked
    assert "Rash" not in html
