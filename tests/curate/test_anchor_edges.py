"""Anchors where words repeat, parts move, selections go stale, and the admin previews."""

import pytest

from cases.models import Treatment
from curation import anchoring, changes
from curation import content as contents
from curation.anchoring import position_key
from tests.factories import make_intervention, make_patient, make_report, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "A 34-year-old woman developed the complication 3 days after the first infusion. "
    "She was treated with rituximab. A year later she was treated with rituximab again."
)
FIRST, SECOND = TEXT.index("treated with rituximab"), TEXT.rindex("treated with rituximab")


def patient_with_treatment(start, **fields):
    source = make_source(text=TEXT)
    patient = make_patient(report=make_report(source=source), **fields)
    drug = make_intervention()
    values = {"intervention": drug.pk, "role": "treatment", "quote": "treated with rituximab"}
    content = contents.content_of(patient)
    content["parts"]["cases.treatment"] = {
        contents.new_part_id(): {**values, "position": 1},
    }
    at = {position_key(Treatment, "quote", "treated with rituximab"): start}
    return patient, drug, content, at


def test_a_second_part_quoting_the_same_words_does_not_move_the_first(reviewer):
    patient, drug, content, at = patient_with_treatment(FIRST)
    changes.save_change(patient, content, reviewer, positions=at)
    first = patient.treatments.get()
    values = {"intervention": drug.pk, "role": "treatment", "quote": "treated with rituximab"}
    changes.add_part(
        patient,
        Treatment,
        values,
        reviewer,
        positions={position_key(Treatment, "quote", "treated with rituximab"): SECOND},
    )
    first_anchor = first.quote_anchors.get()
    second = patient.treatments.exclude(pk=first.pk).get()
    assert first_anchor.start == FIRST
    assert second.quote_anchors.get().start == SECOND


def test_a_part_renumbered_keeps_the_place_its_quote_was_selected_at(reviewer):
    patient, drug, content, at = patient_with_treatment(SECOND)
    changes.save_change(patient, content, reviewer, positions=at)
    content = contents.content_of(patient)
    ((pk, values),) = content["parts"]["cases.treatment"].items()
    values["position"] = 5  # a unique field: the part is deleted and inserted again
    changes.save_change(patient, content, reviewer)
    moved = patient.treatments.get()
    assert moved.position == 5
    assert moved.quote_anchors.get().start == SECOND


def test_a_stale_selection_in_a_waiting_change_does_not_block_its_approval(editor, reviewer):
    patient, drug, content, at = patient_with_treatment(SECOND)
    outcome = changes.save_change(patient, content, editor, positions=at)  # published: waits
    assert outcome.proposed
    change = outcome.change
    change.positions = {position_key(Treatment, "quote", "treated with rituximab"): 3}
    change.save()
    changes.approve(change, reviewer)
    assert patient.treatments.get().quote_anchors.get().start == FIRST  # first occurrence


def test_an_editor_cannot_propose_a_selection_that_does_not_hold_its_quote(editor):
    from django.core.exceptions import ValidationError

    patient, drug, content, _ = patient_with_treatment(SECOND)
    wrong = {position_key(Treatment, "quote", "treated with rituximab"): 3}
    with pytest.raises(ValidationError, match="does not stand at the place selected"):
        changes.save_change(patient, content, editor, positions=wrong)


def test_the_admin_opens_a_row_whose_waiting_change_adds_a_quoted_part(
    client_for, editor, reviewer
):
    patient, drug, content, at = patient_with_treatment(SECOND)
    assert changes.save_change(patient, content, editor, positions=at).proposed
    response = client_for(reviewer).get(f"/admin/cases/patient/{patient.pk}/change/")
    assert response.status_code == 200
    assert not Treatment.objects.exists()  # the preview was rolled back


def test_seeded_or_restored_rows_without_anchors_are_anchored_once(reviewer):
    patient = make_patient(report=make_report(source=make_source(text=TEXT)))
    assert not patient.quote_anchors.exists()  # made past the services, as loaddata does
    assert anchoring.anchor_unanchored() >= 2
    assert anchoring.anchor_unanchored() == 0


def test_verify_content_names_quotes_without_an_anchor_and_the_command_anchors_them():
    from io import StringIO

    from django.core.management import call_command

    from curation.provenance import find_problems

    make_patient(report=make_report(source=make_source(text=TEXT)))
    assert any("no anchor" in str(problem) for problem in find_problems())
    out = StringIO()
    call_command("anchor_quotes", stdout=out)
    assert "Anchored" in out.getvalue()
    assert not any("no anchor" in str(problem) for problem in find_problems())
