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
