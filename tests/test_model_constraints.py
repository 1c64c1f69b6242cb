"""The database itself refuses rows that break the domain's invariants."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.models import Patient, PatientComplication, Report
from complications.models import Citation, Complication, Statement

from .factories import (
    make_citation,
    make_complication,
    make_patient,
    make_report,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db


def assert_refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_an_onset_window_that_ends_before_it_starts_is_refused():
    statement = make_statement(section="onset", onset_min=1, onset_max=4, onset_unit="days")
    statement.onset_min, statement.onset_max = 5, 2
    assert_refused(statement.save)


def test_an_onset_window_without_a_unit_is_refused():
    assert_refused(lambda: make_statement(section="onset", onset_min=1, onset_max=4))


def test_an_onset_window_outside_the_onset_section_is_refused():
    assert_refused(
        lambda: make_statement(section="summary", onset_min=1, onset_max=4, onset_unit="days")
    )


def test_a_frequency_above_one_hundred_percent_is_refused():
    assert_refused(
        lambda: make_statement(
            section="incidence", frequency_low=90, frequency_high=130, frequency_per=100
        )
    )


def test_a_frequency_outside_the_incidence_section_is_refused():
    assert_refused(lambda: make_statement(frequency_low=1, frequency_high=1, frequency_per=50))


def test_a_partial_frequency_is_refused():
    assert_refused(lambda: make_statement(section="incidence", frequency_high=3))


def test_an_unknown_status_is_refused():
    assert_refused(lambda: make_complication(status="approved"))


def test_an_unknown_category_is_refused():
    assert_refused(lambda: make_complication(category="cardiac"))


def test_an_age_above_120_is_refused():
    assert_refused(lambda: make_patient(age=121))


def test_a_single_case_report_with_two_patients_is_refused():
    assert_refused(lambda: make_report(kind="single_case", patient_count=2))


def test_an_outcome_without_a_quote_is_refused():
    assert_refused(lambda: make_patient(outcome="died", outcome_quote=""))


def test_two_citations_cannot_share_a_doi():
    make_citation(doi="10.1000/abc")
    assert_refused(lambda: make_citation(doi="10.1000/abc"))


def test_two_citations_cannot_share_a_pmid():
    make_citation(pmid="12345")
    assert_refused(lambda: make_citation(pmid="12345"))


def test_many_citations_may_have_no_doi_or_pmid():
    make_citation(doi="", pmid="")
    make_citation(doi="", pmid="")
    assert Citation.objects.filter(doi="", pmid="").count() == 2


def test_two_complications_cannot_share_a_slug():
    make_complication(slug="dah")
    assert_refused(lambda: make_complication(slug="dah"))


def test_a_statement_needs_a_source_document_or_a_citation():
    assert_refused(lambda: make_statement(source_document=None, citation=None, source=None))


def test_a_patient_cannot_have_the_same_complication_twice():
    patient = make_patient()
    link = patient.complication_links.get()
    assert_refused(
        lambda: PatientComplication.objects.create(
            patient=patient, complication=link.complication, position=2, quote="x"
        )
    )


def test_onset_is_normalised_to_days_by_the_database():
    hours = make_statement(section="onset", onset_min=12, onset_max=48, onset_unit="hours")
    months = make_statement(section="onset", onset_min=6, onset_max=6, onset_unit="months")
    hours.refresh_from_db()
    months.refresh_from_db()
    assert (hours.onset_min_days, hours.onset_max_days) == pytest.approx((0.5, 2.0))
    assert months.onset_min_days == pytest.approx(182.625)


def test_validation_rejects_a_quote_that_is_not_in_its_source():
    statement = make_statement()
    statement.quote = "developed the complication 4 days"
    with pytest.raises(ValidationError, match="verbatim"):
        statement.full_clean()


def test_validation_rejects_reader_comments_offered_as_evidence():
    statement = make_statement(quote="I think it happens in 90% of people.")
    with pytest.raises(ValidationError, match="reader comments are never evidence"):
        statement.full_clean()
    statement.evidence_kind = "expert_opinion"
    statement.full_clean()


def test_validation_rejects_a_code_that_is_not_icd10():
    complication = make_complication(icd10_code="D69.3")
    complication.full_clean()
    complication.icd10_code = "X99.99"
    with pytest.raises(ValidationError, match="ICD-10"):
        complication.full_clean()


def test_validation_rejects_a_malformed_doi_and_pmid():
    citation = make_citation(doi="doi.org/10.1/x", pmid="0123")
    with pytest.raises(ValidationError) as error:
        citation.full_clean()
    assert set(error.value.message_dict) == {"doi", "pmid"}


def test_validation_rejects_a_patient_quote_missing_from_the_report_source():
    patient = make_patient()
    patient.outcome = "died"
    patient.outcome_quote = "She died."
    with pytest.raises(ValidationError) as error:
        patient.full_clean()
    assert "outcome_quote" in error.value.message_dict


def test_frequencies_are_shown_in_the_sources_own_form():
    def text(low, high, per, approximate=False):
        return Statement(
            frequency_low=Decimal(low),
            frequency_high=Decimal(high),
            frequency_per=per,
            approximate=approximate,
        ).frequency_text

    assert text(30, 30, 100, approximate=True) == "about 30%"
    assert text(2, 3, 100) == "2–3%"
    assert text(1, 1, 50, approximate=True) == "about 1 in 50"


def test_published_excludes_drafts_and_rows_in_review():
    published = make_complication(status="published")
    make_complication(status="draft")
    make_complication(status="in_review")
    assert list(Complication.objects.published()) == [published]


def test_report_and_patient_know_their_urls():
    patient = make_patient()
    assert patient.get_absolute_url() == f"/cases/{patient.pk}/"
    assert Report.objects.get().get_absolute_url() == f"/reports/{patient.report.slug}/"
    assert make_source(slug="x").get_absolute_url() == "/sources/x/"
    assert Patient.objects.get().disease_icd10 == "G35"


def test_validation_rejects_synonyms_that_are_not_a_list_of_names():
    complication = make_complication(synonyms=["Goodpasture's disease"])
    complication.full_clean()
    complication.synonyms = "Goodpasture's disease"
    with pytest.raises(ValidationError) as error:
        complication.full_clean()
    assert "synonyms" in error.value.message_dict
