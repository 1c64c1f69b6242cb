"""count= on cases/ (like openFDA's) and stats/ with the filters of cases/."""

import pytest

from ..factories import make_complication, make_intervention, make_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def patients():
    dah = make_complication(slug="dah")
    hlh = make_complication(slug="hlh")
    rituximab = make_intervention("rituximab")
    make_patient(
        complication=dah, outcome="died", outcome_quote="died", age=25, treatments=[rituximab]
    )
    make_patient(complication=dah, outcome="resolved", outcome_quote="recovered", age=None)
    make_patient(complication=hlh, outcome="died", outcome_quote="died", age=42, sex="male")


def counts(api, query):
    body = api.get(f"/api/v1/cases/?{query}").json()
    return {row["value"]: row["count"] for row in body["results"]}, body


def test_count_by_outcome_gives_value_count_pairs_most_frequent_first(api, patients):
    pairs, body = counts(api, "count=outcome")
    assert list(pairs.items()) == [("died", 2), ("resolved", 1)]
    assert (body["count_by"], body["patients"], body["small_sample"]) == ("outcome", 3, True)


def test_count_applies_the_filters_of_cases(api, patients):
    assert counts(api, "count=outcome&complication=dah")[0] == {"died": 1, "resolved": 1}
    assert counts(api, "count=sex&outcome=died")[0] == {"female": 1, "male": 1}


@pytest.mark.parametrize(
    "field, expected",
    [
        ("complication", {"dah": 2, "hlh": 1}),
        ("age_band", {"20–29": 1, "40–49": 1, None: 1}),
        ("treatment", {"rituximab": 1}),
        ("year", {"2000": 3}),
        ("disease", {"rrms": 3}),
    ],
)
def test_each_countable_field_counts_patients(api, patients, field, expected):
    assert counts(api, f"count={field}")[0] == expected


def test_an_unknown_count_field_is_a_400_listing_the_fields(api, patients):
    response = api.get("/api/v1/cases/?count=height")
    assert response.status_code == 400
    assert "age_band" in response.json()["errors"]["count"][0]


def test_counts_download_as_csv(api, patients):
    response = api.get("/api/v1/cases/?count=outcome&format=csv")
    assert b"".join(response.streaming_content).decode().splitlines() == [
        "value,count",
        "died,2",
        "resolved,1",
    ]


def test_stats_follow_the_filters_of_cases(api, patients):
    everyone = api.get("/api/v1/stats/").json()["individual_cases"]
    dah = api.get("/api/v1/stats/?complication=dah").json()["individual_cases"]
    died = api.get("/api/v1/stats/?outcome=died").json()["individual_cases"]
    assert (everyone["total"], dah["total"], died["total"]) == (3, 2, 2)
    assert {row["complication"] for row in dah["by_complication"]} == {"dah"}
    assert dah["small_sample"] is True
    assert api.get("/api/v1/stats/?outcome=cured").status_code == 400
