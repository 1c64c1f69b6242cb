"""/api/v1/reports/, /sources/ and /drugs/."""

import pytest

from ..factories import (
    make_complication,
    make_count,
    make_intervention,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_a_review_reports_its_counts_apart_and_says_it_may_overlap(api):
    review = make_report(
        kind="literature_review", patient_count=14, includes_cases_reported_elsewhere=True
    )
    make_count(review, label="had RRMS", count=11, denominator=14)
    [row] = api.get("/api/v1/reports/").json()["results"]
    assert row["kind"] == "literature_review"
    assert row["patient_count"] == 14
    assert row["includes_cases_reported_elsewhere"] is True
    assert row["describes_patients_individually"] is False
    assert row["aggregate_counts"][0]["count"] == 11
    assert row["cases"] == []


def test_a_series_lists_its_individual_cases(api):
    report = make_report(kind="series_individual", patient_count=2)
    first, second = make_patient(report=report), make_patient(report=report)
    row = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert [c["id"] for c in row["cases"]] == [first.pk, second.pk]
    assert row["describes_patients_individually"] is True


def test_reports_filter_by_kind_and_complication(api):
    dah = make_complication(slug="dah")
    review = make_report(kind="literature_review", patient_count=14)
    review.complications.add(dah)
    single = make_report()
    assert [r["id"] for r in api.get("/api/v1/reports/?complication=dah").json()["results"]] == [
        review.pk
    ]
    assert [r["id"] for r in api.get("/api/v1/reports/?kind=single_case").json()["results"]] == [
        single.pk
    ]
    assert api.get("/api/v1/reports/?kind=trial").status_code == 400


def test_a_source_gives_its_text_and_the_evidence_that_quotes_it(api):
    source = make_source(slug="zhao")
    statement = make_statement(source=source)
    listed = api.get("/api/v1/sources/").json()["results"]
    assert [s["slug"] for s in listed] == ["zhao"] and "text" not in listed[0]
    detail = api.get("/api/v1/sources/zhao/").json()
    assert detail["text"] == source.text
    assert detail["comments_start"] == source.comments_start
    assert [e["id"] for e in detail["evidence"]] == [statement.pk]


def test_drugs_list_the_filter_vocabulary(api):
    make_intervention("fingolimod", brand_names=["Gilenya"])
    [drug] = api.get("/api/v1/drugs/").json()["results"]
    assert drug == {
        "slug": "fingolimod",
        "name": "fingolimod",
        "kind": "drug",
        "drug_class": "",
        "brand_names": ["Gilenya"],
    }
