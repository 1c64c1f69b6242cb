"""The admin forms refuse invalid content with a message on the field, and save nothing."""

import pytest

from cases.models import Patient
from complications.models import Citation, Complication, Statement

from ..factories import make_citation, make_complication, make_report, make_source
from .conftest import admin_form

pytestmark = pytest.mark.django_db


def citation_data(**fields):
    return {
        "slug": "new-2024",
        "kind": "case_report",
        "title": "A title",
        "status": "draft",
        **fields,
    }


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"doi": "doi 10/xyz"}, "doi", "Enter a DOI"),
        ({"pmid": "PMID123"}, "pmid", "A PMID is a number"),
        ({"year": "1066"}, "year", "greater than or equal to 1900"),
    ],
)
def test_a_citation_with_a_malformed_identifier_is_refused(editor, fields, field, message):
    form = admin_form(Citation, editor, data=citation_data(**fields))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.parametrize(
    "field, value", [("doi", "10.5555/alemkb.test.0009"), ("pmid", "90000009")]
)
def test_a_duplicate_doi_or_pmid_is_refused(editor, field, value):
    make_citation(**{field: value})
    form = admin_form(Citation, editor, data=citation_data(**{field: value}))
    assert not form.is_valid()
    assert "already" in str(form.errors).lower()


def test_an_icd10_code_must_exist(editor):
    data = {
        "slug": "x",
        "name": "X",
        "category": "autoimmune",
        "status": "draft",
        "icd10_code": "Z99.999",
        "synonyms": "[]",
    }
    form = admin_form(Complication, editor, data=data)
    assert not form.is_valid() and "not a WHO ICD-10 code" in str(form.errors["icd10_code"])
    data["icd10_code"] = "D69.3"
    assert admin_form(Complication, editor, data=data).is_valid()


def statement_data(**fields):
    source = make_source()
    return {
        "complication": make_complication().pk,
        "key": "new",
        "section": "onset",
        "position": 0,
        "text": "Text.",
        "quote": "developed the complication",
        "source_document": source.pk,
        "evidence_kind": "case_report",
        "status": "draft",
        **fields,
    }


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"onset_min": "5", "onset_max": "2", "onset_unit": "days"},
            "onset_max",
            "before its start",
        ),
        ({"onset_min": "1"}, "onset_unit", "Give the unit"),
        (
            {
                "section": "incidence",
                "frequency_low": "90",
                "frequency_high": "130",
                "frequency_per": "100",
            },
            "frequency_high",
            "cannot exceed",
        ),
        ({"quote": "words that are not in the source"}, "quote", "no passage matches"),
    ],
)
def test_a_statement_with_impossible_numbers_or_a_made_up_quote_is_refused(
    editor, fields, field, message
):
    form = admin_form(Statement, editor, data=statement_data(**fields))
    assert not form.is_valid()
    assert message in " ".join(form.errors.get(field, form.errors.get("__all__", [])))


def test_an_age_above_120_is_refused(editor):
    report = make_report()
    data = {
        "report": report.pk,
        "label": "P1",
        "position": 1,
        "age": "130",
        "sex": "female",
        "disease": "rrms",
        "outcome": "not_reported",
        "quote": "A 34-year-old woman",
        "status": "draft",
    }
    form = admin_form(Patient, editor, data=data)
    assert not form.is_valid() and "age" in form.errors
    data["age"] = "34"
    assert admin_form(Patient, editor, data=data).is_valid(), admin_form(
        Patient, editor, data=data
    ).errors


def test_nothing_is_saved_when_the_form_is_refused(client_for, editor):
    client = client_for(editor)
    response = client.post(
        "/admin/complications/citation/add/",
        {
            **citation_data(doi="not a doi"),
            "authors-TOTAL_FORMS": 0,
            "authors-INITIAL_FORMS": 0,
            "mentions-TOTAL_FORMS": 0,
            "mentions-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200 and "Enter a DOI" in response.content.decode()
    assert not Citation.objects.exists()
