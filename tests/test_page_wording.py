"""Pages say what they mean: no placeholder labels, no internal numbers asked for, headings
that name the case, comments kept out of the way, one word for nothing."""

import pytest

from complications.models import CitationAuthor

from .factories import make_citation, make_complication, make_patient, make_report, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhao_case():
    citation = make_citation(title="Successful alemtuzumab retreatment after DAH", year=2025)
    for position, family in enumerate(["Zhao", "Hadley", "Pisa"], start=1):
        CitationAuthor.objects.create(citation=citation, position=position, family=family)
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage")
    patient = make_patient(
        report=make_report(citation=citation),
        complication=dah,
        label="The patient",
        age=29,
        sex="female",
    )
    return patient, citation


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def test_no_filter_form_shows_a_placeholder_label(client, zhao_case):
    for url in ["/citations/", "/cases/"]:
        assert "[invalid name]" not in html(client, url), url


def test_the_case_filters_ask_for_a_title_not_an_internal_id(client, zhao_case):
    patient, citation = zhao_case
    page = html(client, "/cases/")
    assert "citation id" not in page and 'name="reported_in"' in page
    found = html(client, "/cases/", reported_in="alemtuzumab retreatment")
    assert f'href="{patient.get_absolute_url()}"' in found
    none = html(client, "/cases/", reported_in="fingolimod")
    assert f'href="{patient.get_absolute_url()}"' not in none
    # A link from a citation's page still filters by its id, kept in the form.
    linked = html(client, "/cases/", citation=citation.pk)
    assert f'type="hidden" name="citation" value="{citation.pk}"' in linked


def test_a_case_is_headed_by_its_publication_and_patient(client, zhao_case):
    patient, _ = zhao_case
    page = html(client, patient.get_absolute_url())
    assert "<h1>Zhao et al. 2025 — woman, 29" in page


def test_the_sort_labels_are_short_enough_for_a_phone(client, zhao_case):
    assert '<option value="" selected>Deaths first</option>' in html(client, "/cases/")


def test_reader_comments_are_collapsed_under_their_not_evidence_banner(client):
    source = make_source()
    page = html(client, source.get_absolute_url())
    banner = page.index("Not evidence")
    details = page.index('<details class="comments-disclosure">')
    assert banner < details < page.index("90% of people")


def test_nothing_reported_reads_the_same_on_the_home_page_and_the_complication_page(client):
    complication = make_complication(name="Quiet complication")
    assert "none" in html(client, "/").split("Quiet complication")[1][:600]
    assert "none described one by one" in html(client, complication.get_absolute_url())
