"""A misspelt or unknown query parameter is refused with a 400 naming it, never ignored."""

import pytest

from ..factories import make_complication, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def patients():
    dah = make_complication(slug="dah")
    make_patient(complication=dah, outcome="died", outcome_quote="A 34-year-old woman")
    make_patient(complication=dah)


@pytest.mark.parametrize(
    "url, name",
    [
        ("/api/v1/cases/?outcomes=died", "outcomes"),
        ("/api/v1/cases/?prior_therapies=fingolimod", "prior_therapies"),
        ("/api/v1/cases/?limit=5", "limit"),
        ("/api/v1/cases/?outcomes=died&format=csv", "outcomes"),
        ("/api/v1/stats/?complications=dah", "complications"),
        ("/api/v1/complications/dah/?section=onset", "section"),
        ("/api/v1/drugs/?ordering=name", "ordering"),
    ],
)
def test_an_unknown_parameter_is_a_400_naming_it_and_the_accepted_ones(api, patients, url, name):
    response = api.get(url)
    assert response.status_code == 400, url
    body = response.json()
    assert name in body["errors"]
    message = body["errors"][name][0]
    assert f"Unknown parameter “{name}”" in message and "format" in message


def test_the_parameters_an_endpoint_documents_are_accepted(api, patients):
    for url in [
        "/api/v1/cases/?outcome=died&page=1&page_size=10&ordering=age&format=json",
        "/api/v1/cases/?outcome=died&format=csv",
        "/api/v1/stats/?format=json",
        "/api/v1/complications/dah/?format=json",
    ]:
        assert api.get(url).status_code == 200, url
