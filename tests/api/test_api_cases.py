"""/api/v1/cases/: one row per individually reported patient, filterable, sortable, exportable."""

import csv
import io

import pytest

from ..factories import (
    make_citation,
    make_complication,
    make_count,
    make_intervention,
    make_patient,
    make_report,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/cases/"


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def hlh():
    return make_complication(slug="hlh", name="HLH")


@pytest.fixture
def drugs():
    return {name: make_intervention(name) for name in ("fingolimod", "rituximab", "natalizumab")}


def test_a_case_row_carries_the_patient_the_report_and_the_citation(api, hlh, drugs):
    citation = make_citation(title="HLH in two patients", year=2018, doi="10.1000/x")
    patient = make_patient(
        report=make_report(citation=citation),
        complication=hlh,
        prior=[drugs["fingolimod"]],
        treatments=[drugs["rituximab"]],
        outcome="remission",
        outcome_quote="recovered",
    )
    row = api.get(URL).json()["results"][0]
    assert row["id"] == patient.pk
    assert (row["age"], row["sex"], row["disease"], row["outcome"]) == (
        34,
        "female",
        "rrms",
        "remission",
    )
    assert row["citation"]["doi"] == "10.1000/x"
    assert row["report"]["kind"] == "single_case"
    assert row["complications"][0]["slug"] == "hlh"
    assert row["complications"][0]["onset_days"] == 3.0
    assert [p["drug"] for p in row["prior_therapies"]] == ["fingolimod"]
    assert [t["drug"] for t in row["treatments"]] == ["rituximab"]
    assert row["retreated"] is None


def test_aggregate_counts_are_never_rows_of_cases(api):
    report = make_report(kind="literature_review", patient_count=14)
    make_count(report, count=11, denominator=14)
    assert api.get(URL).json()["count"] == 0


def test_drafts_are_not_listed_and_not_found(api):
    draft = make_patient(status="draft")
    assert api.get(URL).json()["count"] == 0
    assert api.get(f"{URL}{draft.pk}/").status_code == 404


def test_the_detail_adds_the_timeline(api):
    from cases.models import TimelineEvent

    patient = make_patient()
    TimelineEvent.objects.create(
        patient=patient, position=1, when="Day 4", description="Cough", quote="x"
    )
    detail = api.get(f"{URL}{patient.pk}/").json()
    assert detail["timeline"][0]["when"] == "Day 4"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("complication=hlh", ["hlh"]),
        ("outcome=died", ["died"]),
        ("sex=male", ["male"]),
        ("age_min=30&age_max=40", ["35"]),
        ("prior_therapy=fingolimod", ["fingolimod"]),
        ("treatment=rituximab", ["rituximab"]),
        ("retreated=true", ["retreated"]),
        ("retreated=false", ["not retreated"]),
        ("year=2018", ["2018"]),
        ("year_min=2019&year_max=2021", ["2020"]),
        ("disease=nmo", ["nmo"]),
        ("q=haemoptysis cough", ["words"]),
    ],
)
def test_each_filter_selects_the_matching_patients(api, hlh, drugs, query, expected):
    dah = make_complication(slug="dah")

    def patient(**fields):
        return make_patient(**{"complication": dah, "age": 50, **fields})

    cases = {
        "hlh": patient(complication=hlh),
        "died": patient(outcome="died", outcome_quote="x"),
        "male": patient(sex="male"),
        "35": patient(age=35),
        "fingolimod": patient(prior=[drugs["fingolimod"]]),
        "rituximab": patient(treatments=[drugs["rituximab"]]),
        "retreated": patient(retreated=True, retreatment_quote="x"),
        "not retreated": patient(retreated=False, retreatment_quote="x"),
        "2018": patient(report=make_report(citation=make_citation(year=2018))),
        "2020": patient(report=make_report(citation=make_citation(year=2020))),
        "nmo": patient(disease="nmo"),
        "words": patient(presentation="Cough and haemoptysis on day 4."),
    }
    got = ids(api.get(f"{URL}?{query}&page_size=200"))
    assert sorted(got) == sorted(cases[name].pk for name in expected)


def test_the_citation_filter_takes_the_citation_id(api):
    report = make_report()
    patient = make_patient(report=report)
    make_patient()
    assert ids(api.get(f"{URL}?citation={report.citation_id}")) == [patient.pk]


def test_cases_sort_by_age_with_unknown_ages_last_both_ways(api):
    young, old, unknown = make_patient(age=21), make_patient(age=61), make_patient(age=None)
    assert ids(api.get(f"{URL}?ordering=age")) == [young.pk, old.pk, unknown.pk]
    assert ids(api.get(f"{URL}?ordering=-age")) == [old.pk, young.pk, unknown.pk]


def test_cases_sort_by_year_and_by_onset(api, hlh):
    from cases.models import PatientComplication

    late = make_patient(report=make_report(citation=make_citation(year=2025)))
    early = make_patient(report=make_report(citation=make_citation(year=2014)))
    assert ids(api.get(f"{URL}?ordering=year")) == [early.pk, late.pk]
    PatientComplication.objects.filter(patient=late).update(onset_latency=1, onset_unit="hours")
    PatientComplication.objects.filter(patient=early).update(onset_latency=6, onset_unit="months")
    assert ids(api.get(f"{URL}?ordering=onset")) == [late.pk, early.pk]
    assert ids(api.get(f"{URL}?ordering=-onset")) == [early.pk, late.pk]


def test_csv_has_one_header_row_flat_columns_and_the_same_filters(api, hlh, drugs):
    wanted = make_patient(complication=hlh, prior=[drugs["fingolimod"], drugs["natalizumab"]])
    make_patient()
    response = api.get(f"{URL}?format=csv&complication=hlh")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    assert 'filename="alemkb-cases_complication-hlh.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [int(row["id"]) for row in rows] == [wanted.pk]
    assert rows[0]["prior_therapies"] == "fingolimod; natalizumab"
    assert rows[0]["complications"] == "hlh"
    assert rows[0]["retreated"] == ""


def test_csv_is_also_chosen_by_the_accept_header(api):
    make_patient()
    response = api.get(URL, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")


def test_csv_exports_every_row_not_one_page(api):
    report = make_report(kind="series_individual", patient_count=60)
    for _ in range(60):
        make_patient(report=report)
    response = api.get(f"{URL}?format=csv")
    lines = b"".join(response.streaming_content).decode().strip().splitlines()
    assert len(lines) == 61


def test_a_bad_filter_on_a_csv_export_is_explained_in_json(api):
    response = api.get(f"{URL}?format=csv&age_min=old")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"] == {"age_min": ["Enter a whole number."]}
