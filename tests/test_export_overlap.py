"""On PostgreSQL the full export reads each chunk's parts on a second connection while the
first formats rows: the rows must be exactly those read one step after another."""

import pytest
from django.db import connection

from cases import export
from cases.models import Patient, PatientComplication

from .factories import make_complication, make_intervention, make_patient

pytestmark = pytest.mark.django_db(transaction=True)  # a second connection sees committed rows


@pytest.fixture
def patients():
    dah, thyroid = make_complication(slug="dah"), make_complication(slug="thyroid-disease")
    rituximab, fingolimod = make_intervention("rituximab"), make_intervention("fingolimod")
    made = [
        make_patient(
            complication=dah if n % 2 else thyroid,
            prior=[fingolimod] if n % 3 else [],
            treatments=[rituximab, (fingolimod, "background")] if n % 2 else [],
        )
        for n in range(7)
    ]
    PatientComplication.objects.create(
        patient=made[0], complication=dah, position=2, quote="A 34-year-old woman"
    )
    return made


def test_the_overlapped_export_gives_the_same_rows_as_the_plain_one(patients, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the parts are read alongside on PostgreSQL only")
    monkeypatch.setattr(export, "CHUNK", 3)  # several chunks, the last one short
    queryset = Patient.objects.public().order_by("position")
    assert export.can_overlap(queryset.db)
    overlapped = list(export.patient_rows(queryset))
    monkeypatch.setattr(export, "can_overlap", lambda using: False)
    plain = list(export.patient_rows(queryset))
    assert overlapped == plain
    assert [row[0] for row in overlapped] == [p.pk for p in patients]
    first = dict(zip(export.COLUMNS, overlapped[0], strict=True))
    assert first["complications"] == "thyroid-disease; dah"
    assert first["onset_anchor"] == "infusion; "
    second = dict(zip(export.COLUMNS, overlapped[1], strict=True))
    assert second["treatments"] == "rituximab; fingolimod (background)"
    assert second["prior_therapies"] == "fingolimod"


def test_inside_a_transaction_the_parts_are_read_on_the_same_connection():
    from django.db import transaction

    with transaction.atomic():
        assert not export.can_overlap("default")
