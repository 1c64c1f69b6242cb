"""A selected passage made into a statement or a part of a row, posted as a browser posts it."""

import pytest

from cases.models import Treatment
from complications.models import Statement
from curation.models import ChangeSet, PendingChange, Status
from tests.browser_forms import submitted_form
from tests.factories import (
    SOURCE_TEXT,
    make_complication,
    make_intervention,
    make_patient,
    make_report,
    make_source,
)

pytestmark = pytest.mark.django_db


def form_for(client, source, kind, passage):
    start = SOURCE_TEXT.index(passage)
    page = client.get(
        f"/curate/sources/{source.slug}/new/{kind}/?start={start}&end={start + len(passage)}"
    )
    assert page.status_code == 200
    data = submitted_form(page.content.decode(), "passage-form")
    assert data["quote"] == [passage]
    assert data["quote_start"] == [str(start)]
    return data


def test_a_passage_becomes_a_draft_statement_numbered_after_its_section(client_for, editor):
    source = make_source()
    complication = make_complication()
    client = client_for(editor)
    data = form_for(client, source, "statement", "developed the complication 3 days")
    data.update(
        complication=[str(complication.pk)],
        key=["onset-test"],
        section=["onset"],
        text=["It began on day 3 (TEST)."],
        evidence_kind=["case_report"],
    )
    response = client.post(f"/curate/sources/{source.slug}/new/statement/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statement = Statement.objects.get(key="onset-test")
    assert statement.status == Status.DRAFT
    assert statement.source_document == source
    assert statement.position == 1
    anchor = statement.quote_anchors.get()
    assert SOURCE_TEXT[anchor.start : anchor.end] == statement.quote
    assert ChangeSet.objects.get().items.get().row == statement


def test_a_treatment_added_to_a_published_patient_waits_for_review(client_for, editor):
    source = make_source()
    patient = make_patient(report=make_report(source=source))
    drug = make_intervention("methylprednisolone")
    client = client_for(editor)
    data = form_for(client, source, "treatment", "treated with rituximab")
    data.update(parent=[str(patient.pk)], intervention=[str(drug.pk)], role=["treatment"])
    response = client.post(f"/curate/sources/{source.slug}/new/treatment/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Treatment.objects.filter(patient=patient).exists()  # the public sees none yet
    change = PendingChange.objects.get()
    assert change.row == patient
    assert ChangeSet.objects.get().items.get().row == patient


def test_a_quote_typed_into_a_passage_form_is_refused(client_for, editor):
    source = make_source()
    client = client_for(editor)
    data = form_for(client, source, "statement", "developed the complication")
    data["quote_start"] = [""]
    response = client.post(f"/curate/sources/{source.slug}/new/statement/", data)
    assert response.status_code == 400
    assert not Statement.objects.exists()


def test_an_unknown_kind_is_not_found(client_for, editor):
    source = make_source()
    response = client_for(editor).get(f"/curate/sources/{source.slug}/new/nothing/")
    assert response.status_code == 404
