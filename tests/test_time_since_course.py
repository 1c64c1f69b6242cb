"""'3 days after the start of the course': the complications whose stated onset windows,
counted from that event, include that time; nothing about the patient is kept."""

import pytest

from .factories import make_complication, make_statement

pytestmark = pytest.mark.django_db

URL = "/time-since-course/"


@pytest.fixture
def windows():
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage")
    thyroid = make_complication(slug="thyroid-disease", name="Autoimmune thyroid disease")
    make_statement(
        complication=dah,
        section="onset",
        onset_min=1,
        onset_max=4,
        onset_unit="days",
        onset_anchor="course_start",
        key_point=1,
        text="Symptoms within days 1–4 (keypointdah).",
    )
    make_statement(
        complication=thyroid,
        section="onset",
        onset_min=1,
        onset_unit="months",
        onset_anchor="last_course",
    )
    return dah, thyroid


def found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response


def test_the_form_lists_the_complications_whose_window_includes_the_time(client, windows):
    page = found(client, amount="3", unit="days", since="course_start").content.decode()
    assert "Diffuse alveolar haemorrhage" in page and "keypointdah" in page
    assert "Autoimmune thyroid disease" not in page
    assert "3 days after the start of the course" in page


def test_day_one_of_a_course_is_no_time_after_its_start(client, windows):
    page = found(client, amount="0", unit="days", since="course_start").content.decode()
    assert "Diffuse alveolar haemorrhage" in page


def test_a_time_counted_from_another_event_finds_that_events_windows(client, windows):
    page = found(client, amount="6", unit="months", since="last_course").content.decode()
    assert "Autoimmune thyroid disease" in page and "Diffuse alveolar haemorrhage" not in page
    late = found(client, amount="5", unit="days", since="course_start").content.decode()
    assert "No onset window in the sources" in late


def test_bad_input_is_a_form_error_not_a_server_error_and_nothing_is_kept(client, windows):
    response = client.get(URL, {"amount": "soon", "unit": "days", "since": "course_start"})
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    assert not response.cookies


def test_the_form_alone_asks_without_listing(client, windows):
    page = found(client).content.decode()
    assert 'name="amount"' in page and "whose onset window includes" not in page


def test_a_single_figure_holds_for_the_times_that_round_to_it(client):
    rebound = make_complication(name="Disease activation")
    make_statement(
        complication=rebound,
        section="onset",
        onset_min=6,
        onset_max=6,
        onset_unit="months",
        onset_anchor="first_course",
    )
    for amount, unit, shown in [
        ("26", "weeks", True),
        ("6", "months", True),
        ("7", "months", False),
    ]:
        page = found(client, amount=amount, unit=unit, since="first_course").content.decode()
        assert ("Disease activation</a></h3>" in page) is shown, (amount, unit)


def test_the_answer_says_which_complications_state_no_onset_at_all(client, windows):
    make_complication(name="Infusion-associated reactions")
    page = found(client, amount="3", unit="days", since="course_start").content.decode()
    note = page[page.index("This list is not the whole answer") :]
    assert "Infusion-associated reactions" in note[:600]


def test_a_time_beyond_ten_years_is_a_form_error(client, windows):
    response = client.get(URL, {"amount": "100", "unit": "years", "since": "last_course"})
    assert response.status_code == 400
    assert "within 10 years" in response.content.decode()
