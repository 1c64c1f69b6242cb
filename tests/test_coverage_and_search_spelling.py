"""What AlemKB covers is said on /about/, and an empty search points there; US and UK
spellings find the same things."""

import pytest

from alemkb.pages.spelling import spellings

from .factories import make_complication, make_source, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def dah():
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage", abbreviation="DAH")
    make_statement(complication=dah, text="Haemoptysis on day 4, then leukaemia-like counts.")
    return dah


@pytest.mark.parametrize("query", ["hemoptysis", "haemoptysis", "HEMOPTYSIS", "leukemia"])
def test_us_and_uk_spellings_find_the_same_statement(client, dah, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert "on day 4, then" in html, query
    assert (
        "<mark>Haemoptysis</mark>" in html
        or "<mark>haemorrhage</mark>" in html
        or ("<mark>leukaemia</mark>" in html)
    )


def test_a_us_spelling_finds_a_complication_named_the_uk_way(client, dah):
    html = client.get("/search/", {"q": "alveolar hemorrhage"}).content.decode()
    assert 'href="/complications/dah/"' in html


def test_the_spellings_of_a_word_go_both_ways():
    assert spellings("hemorrhage") == {"hemorrhage", "haemorrhage"}
    assert spellings("Oedema") == {"oedema", "edema"}
    assert spellings("rituximab") == {"rituximab"}


def test_a_search_without_results_says_what_that_does_and_does_not_mean(client, dah):
    html = client.get("/search/", {"q": "listeria"}).content.decode()
    assert "may say it in other words, or not discuss it at all" in html
    assert 'href="/about/"' in html


def test_the_about_page_lists_the_sources_and_what_is_knowingly_absent(client, dah):
    make_source(title="A blog post about HLH")
    html = client.get("/about/").content.decode()
    assert "A blog post about HLH" in html
    assert "What is knowingly absent" in html and "product information" in html
    assert 'href="/about/"' in client.get("/").content.decode()
