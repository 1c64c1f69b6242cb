"""The risk chart draws each window where it is and shows how strong its evidence is."""

import pytest

from alemkb.pages.chart import AXIS_START_DAYS, build_chart, x_of
from complications.models import Complication

from .factories import make_complication, make_statement

pytestmark = pytest.mark.django_db


def chart_of(*complications):
    rows = Complication.objects.filter(pk__in=[c.pk for c in complications]).with_statements()
    return build_chart(list(rows), {})


def test_day_one_of_a_course_is_drawn_at_the_start_of_the_course():
    dah = make_complication()
    make_statement(
        complication=dah,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        onset_anchor="course_start",
    )
    [window] = chart_of(dah).rows[0].windows
    assert window.x == x_of(AXIS_START_DAYS)
    assert window.max_days == 4


def test_a_single_day_of_a_course_spans_that_day():
    dah = make_complication()
    make_statement(
        complication=dah,
        section="onset",
        onset_min=4,
        onset_max=4,
        onset_unit="days",
        onset_anchor="course_start",
    )
    [window] = chart_of(dah).rows[0].windows
    assert (window.min_days, window.max_days) == (3, 4)


def test_an_expert_opinion_window_is_drawn_apart_with_a_legend_that_prints(client):
    ada = make_complication(name="Anti-drug antibodies")
    make_statement(
        complication=ada,
        section="onset",
        onset_max=1,
        onset_unit="months",
        onset_anchor="infusion",
        evidence_kind="expert_opinion",
    )
    html = client.get("/").content.decode()
    assert 'class="window anchor-infusion expert"' in html
    assert "(expert opinion)</title>" in html
    legend = html[html.index("<figcaption") : html.index("</figcaption>")]
    assert '<rect class="window expert"' in legend
