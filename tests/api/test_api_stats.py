"""/api/v1/stats/: counts of individual cases, onset latencies, and aggregate reports apart."""

import pytest

from cases.models import PatientComplication

from ..factories import make_complication, make_count, make_patient, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats_data():
    hlh = make_complication(slug="hlh", name="HLH")
    dah = make_complication(slug="dah", name="DAH")
    make_patient(complication=hlh, age=19, outcome="died", outcome_quote="x")
    make_patient(complication=hlh, age=None, sex="male")
    for latency in (1, 4, 2):
        patient = make_patient(complication=dah, age=29)
        PatientComplication.objects.filter(patient=patient).update(onset_latency=latency)
    PatientComplication.objects.filter(complication=hlh).update(onset_latency=None, onset_unit="")
    review = make_report(
        kind="literature_review", patient_count=14, includes_cases_reported_elsewhere=True
    )
    review.complications.add(dah)
    make_count(review, count=11, denominator=14)
    make_patient(status="draft", complication=dah)


def test_individual_cases_are_counted_by_complication_outcome_sex_and_age_band(api, stats_data):
    stats = api.get("/api/v1/stats/").json()
    cases = stats["individual_cases"]
    assert cases["total"] == 5
    assert cases["small_sample"] is True
    assert {r["complication"]: r["count"] for r in cases["by_complication"]} == {"dah": 3, "hlh": 2}
    assert {r["outcome"]: r["count"] for r in cases["by_outcome"]} == {"died": 1, "not_reported": 4}
    assert {r["sex"]: r["count"] for r in cases["by_sex"]} == {"female": 4, "male": 1}
    bands = {r["age_band"]: r["count"] for r in cases["by_age_band"]}
    assert (bands["under 20"], bands["20–29"], bands["not reported"]) == (1, 3, 1)
    assert sum(bands.values()) == 5


def test_onset_latency_has_min_median_max_in_days_and_admits_what_is_unknown(api, stats_data):
    latency = {
        r["complication"]: r
        for r in api.get("/api/v1/stats/").json()["individual_cases"]["onset_latency"]
    }
    assert (latency["dah"]["min"], latency["dah"]["median"], latency["dah"]["max"]) == (
        1.0,
        2.0,
        4.0,
    )
    assert (latency["dah"]["unit"], latency["dah"]["anchor"]) == ("days", "infusion")
    assert latency["hlh"]["anchor"] is None
    assert (latency["dah"]["n"], latency["dah"]["small_sample"]) == (3, True)
    assert (latency["hlh"]["n"], latency["hlh"]["not_reported"], latency["hlh"]["median"]) == (
        0,
        2,
        None,
    )


def test_aggregate_reports_stand_apart_from_the_case_counts(api, stats_data):
    stats = api.get("/api/v1/stats/").json()
    aggregate = stats["reported_in_aggregate"]
    assert aggregate["patient_total"] == 14
    [review] = aggregate["reports"]
    assert review["includes_cases_reported_elsewhere"] is True
    assert review["counts"] == [{"label": "had the complication", "count": 11, "denominator": 14}]
    assert "not incidences" in stats["caveat"]
