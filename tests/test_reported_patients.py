"""Reported patients are the individually described ones: a publication known only from its
title is a report with its stated count, shown with the aggregate reports, never a patient."""

import pytest

from cases.models import Report

from .factories import make_complication, make_patient, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def dah():
    dah = make_complication(slug="dah", name="Diffuse alveolar haemorrhage")
    described = make_report(kind="single_case", patient_count=1)
    described.complications.add(dah)
    make_patient(report=described, complication=dah, label="Described patient")
    title_only = make_report(
        kind="single_case", patient_count=1, summary="Known here only from its title."
    )
    title_only.complications.add(dah)
    return dah, described, title_only


def test_a_report_known_only_from_its_title_counts_with_the_aggregate_reports(dah):
    complication, described, title_only = dah
    assert list(Report.objects.aggregate_only()) == [title_only]


def test_the_page_counts_only_described_patients_and_lists_the_title_only_report(client, dah):
    complication, _, title_only = dah
    response = client.get(complication.get_absolute_url())
    assert response.context["case_count"] == 1
    assert list(response.context["aggregate_reports"]) == [title_only]


def test_the_stats_keep_title_only_reports_apart_from_described_patients(client, dah):
    stats = client.get("/api/v1/stats/").json()
    assert stats["individual_cases"]["total"] == 1
    aggregate = stats["reported_in_aggregate"]
    assert [r["report"] for r in aggregate["reports"]] == [dah[2].slug]
    assert aggregate["patient_total"] == 1
