"""One number per publication: a statement quoting a paper from the paper's own text cites
one work, not two."""

import pytest

from .factories import make_citation, make_complication, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_a_publication_and_its_own_text_share_one_reference_number(client):
    article = make_source(title="The article's text", kind="journal_article")
    paper = make_citation(title="The paper itself", full_text=article)
    review = make_citation(title="A review it cites")
    complication = make_complication()
    make_statement(complication=complication, source=article, citation=paper, text="Own finding.")
    make_statement(complication=complication, source=article, citation=review, text="Cited one.")
    make_statement(complication=complication, source=article, text="No citation named.")
    html = client.get(complication.get_absolute_url()).content.decode()
    references = html[html.index('id="references"') :]
    assert references.count('<li id="ref-') == 2
    assert "The paper itself" in references and "The article's text" not in references
    own = html[html.index("Own finding.") : html.index("Cited one.")]
    assert 'href="#ref-1"' in own and 'href="#ref-2"' not in own


def test_references_are_formatted_in_ama_style_with_et_al_and_links(client):
    from complications.models import CitationAuthor

    source = make_source()
    paper = make_citation(
        title="Elevated D-dimer as an immediate response to alemtuzumab treatment",
        journal="Mult Scler J",
        year=2021,
        volume="27",
        pages="151–154",
        doi="10.1177/1352458520911174",
        pmid="32180484",
        authors_truncated=True,
    )
    for position, (family, given) in enumerate([("Libertinova", "J"), ("Drop", "BRH")], 1):
        CitationAuthor.objects.create(citation=paper, position=position, family=family, given=given)
    complication = make_complication()
    make_statement(complication=complication, source=source, citation=paper)
    html = client.get(complication.get_absolute_url()).content.decode()
    entry = html[html.index('id="ref-1"') :]
    entry = entry[: entry.index("</li>")]
    assert "Libertinova J, Drop BRH, et al. Elevated D-dimer as an immediate response" in entry
    assert "<i>Mult Scler J</i>. 2021;27:151-154." in entry
    assert '<a href="https://doi.org/10.1177/1352458520911174">' in entry
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/32180484/">PubMed 32180484</a>' in entry


def test_a_title_is_escaped_by_the_formatter(client):
    source = make_source()
    paper = make_citation(title="<script>alert(1)</script> in MS", year=2020)
    complication = make_complication()
    make_statement(complication=complication, source=source, citation=paper)
    html = client.get(complication.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; in MS" in html


def test_a_reference_is_formatted_once_and_again_when_its_text_changes():
    from alemkb.pages.bibliography import formatted, reference_html

    citation = make_citation(title="First title", year=2020, journal="Mult Scler")
    reference_html.cache_clear()
    assert "First title" in formatted([citation])[citation.pk]
    assert "First title" in formatted([citation])[citation.pk]
    assert reference_html.cache_info().hits == 1
    citation.title = "Corrected title"
    citation.save()
    assert "Corrected title" in formatted([citation])[citation.pk]
