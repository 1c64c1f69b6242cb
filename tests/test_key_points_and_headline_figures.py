"""A complication page opens with its key points, chosen and ordered by editors; every
headline figure says what kind of evidence it rests on and who says it."""

import pytest
from django.core.exceptions import ValidationError

from complications.models import CitationAuthor

from .factories import make_citation, make_complication, make_source, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def itp():
    blog = make_source(title="ClinicSpeak", author_line="Prof G")
    itp = make_complication(slug="itp", name="Immune thrombocytopenia")
    make_statement(
        complication=itp,
        source=blog,
        section="incidence",
        frequency_low=2,
        frequency_high=3,
        frequency_per=100,
        evidence_kind="expert_opinion",
        text="ITP occurs in 2–3% (keypointsecond).",
        key_point=2,
    )
    make_statement(
        complication=itp,
        source=blog,
        section="summary",
        text="ITP is (keypointfirst).",
        key_point=1,
    )
    make_statement(complication=itp, source=blog, section="mechanism", text="Not a key point.")
    return itp


def key_points_section(html):
    start = html.index('id="key-points"')
    return html[start : html.index("</section>", start)]


def test_the_key_points_come_first_in_the_editors_order(client, itp):
    html = client.get(itp.get_absolute_url()).content.decode()
    points = key_points_section(html)
    assert html.index('id="key-points"') < html.index('id="summary"')
    assert points.index("keypointfirst") < points.index("keypointsecond")
    assert "Not a key point" not in points
    assert "Expert opinion" in points and 'href="#ref-1"' in points


def test_a_page_without_chosen_key_points_has_no_empty_box(client):
    complication = make_complication()
    make_statement(complication=complication)
    assert 'id="key-points"' not in client.get(complication.get_absolute_url()).content.decode()


def test_two_statements_cannot_hold_the_same_key_point_place(itp):
    statement = make_statement(complication=itp, section="outcome", key_point=None)
    statement.key_point = 1
    with pytest.raises(ValidationError):
        statement.full_clean()


def test_headline_figures_say_their_evidence_and_source_in_words(client, itp):
    for url in ["/", itp.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert '2–3%</a> <span class="figure-evidence">· expert opinion, Prof G, blog post' in html


def test_a_figure_from_a_publication_names_it_and_who_reports_it(client):
    article = make_source(title="Zhao", kind="journal_article", author_line="D Zhao, G Hadley")
    review = make_citation(title="A review", year=2021)
    CitationAuthor.objects.create(citation=review, position=1, family="Drop")
    CitationAuthor.objects.create(citation=review, position=2, family="Zemel")
    CitationAuthor.objects.create(citation=review, position=3, family="Wokke")
    statement = make_statement(
        source=article,
        citation=review,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        evidence_kind="literature_review",
        attribution="second_hand",
    )
    html = client.get(statement.complication.get_absolute_url()).content.decode()
    assert (
        'days 1–4 of the course</a> <span class="figure-evidence">· literature review, '
        "Drop et al. 2021, reported in Zhao et al., journal article" in html
    )


def test_a_window_inside_a_wider_one_is_not_repeated_at_a_glance(client):
    dah = make_complication()
    make_statement(complication=dah, section="onset", onset_min=1, onset_max=4, onset_unit="days")
    make_statement(complication=dah, section="onset", onset_min=4, onset_max=4, onset_unit="days")
    html = client.get(dah.get_absolute_url()).content.decode()
    glance = html[html.index('class="glance-box"') : html.index("</dl>")]
    assert "days 1–4 of the course" in glance and "day 4 of the course" not in glance
