"""The querysets pages and the API will use make the same number of queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Patient, Report
from complications.models import Complication

from .factories import (
    make_complication,
    make_intervention,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db


def queries_to_read(read):
    with CaptureQueriesContext(connection) as context:
        read()
    return len(context.captured_queries)


def add_patients(count, source, drugs):
    complication = make_complication()
    report = make_report(source=source, kind="series_individual", patient_count=count)
    for _ in range(count):
        make_patient(report=report, complication=complication, prior=drugs, treatments=drugs)


def read_every_case():
    """Everything a list of cases shows, as text."""
    return [
        (
            str(patient.report.citation),
            patient.report.source_document.slug,
            [str(link.complication) for link in patient.complication_links.all()],
            [str(prior.intervention) for prior in patient.prior_therapies.all()],
            [(str(t.intervention), t.complication) for t in patient.treatments.all()],
            [str(event) for event in patient.timeline.all()],
        )
        for patient in Patient.objects.published().with_details()
    ]


def read_every_complication_page():
    return [
        (str(statement.source_document), str(statement.citation))
        for complication in Complication.objects.published().with_statements()
        for statement in complication.statements.all()
    ]


def read_every_report():
    return [
        (
            str(report.citation),
            [str(c) for c in report.complications.all()],
            [str(count) for count in report.counts.all()],
            [str(patient.label) for patient in report.patients.all()],
        )
        for report in Report.objects.published().with_details()
    ]


def test_reading_cases_takes_as_many_queries_for_twenty_patients_as_for_two():
    source = make_source()
    drugs = [make_intervention("fingolimod"), make_intervention("rituximab")]
    add_patients(2, source, drugs)
    small = queries_to_read(read_every_case)
    add_patients(18, source, drugs)
    assert Patient.objects.count() == 20
    assert queries_to_read(read_every_case) == small


def test_reading_complications_takes_as_many_queries_for_ten_as_for_one():
    make_statement()
    small = queries_to_read(read_every_complication_page)
    for _ in range(9):
        complication = make_complication()
        make_statement(complication=complication)
        make_statement(complication=complication)
    assert queries_to_read(read_every_complication_page) == small


def test_reading_reports_takes_as_many_queries_for_ten_as_for_one():
    make_patient()
    small = queries_to_read(read_every_report)
    for _ in range(9):
        make_patient()
    assert Report.objects.count() == 10
    assert queries_to_read(read_every_report) == small


def test_leading_patients_keep_the_order_and_read_their_details_in_fixed_queries(
    django_assert_num_queries,
):
    from cases.models import Patient

    complication = make_complication()
    for n in range(6):
        died = {"outcome": "died", "outcome_quote": "died"} if n % 2 else {}
        make_patient(complication=complication, **died)
    ordered = Patient.objects.public().fatal_first()
    expected = list(ordered.values_list("pk", flat=True)[:4])
    with django_assert_num_queries(7):  # the ids, the patients, five prefetches
        leading = ordered.leading(4)
    assert [p.pk for p in leading] == expected
    assert [p.outcome for p in leading[:3]] == ["died"] * 3
