"""Quotes are anchored where the editor selected them, and re-checked when a source changes."""

import pytest
from django.core.exceptions import ValidationError

from cases.models import Report
from curation import anchoring, changes
from curation import content as contents
from curation.anchoring import position_key
from curation.models import QuoteAnchor, Status
from tests.factories import make_citation, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Case 1 (TEST). A woman had haemoptysis on day 4 of the course. "
    "Case 2 (TEST). A man had haemoptysis on day 2 of the course."
)


def at(quote, start, model=Report, field="quote"):
    return {position_key(model, field, quote): start}


def new_report(source, quote, positions=None, user=None):
    report = Report(
        slug="test-report",
        citation=make_citation(status=Status.DRAFT),
        source_document=source,
    )
    content = contents.content_of(report)
    content["fields"].update(
        {"kind": "single_case", "patient_count": 1, "summary": "One patient.", "quote": quote}
    )
    return changes.create(report, content, user, positions=positions)


def anchor_of(row, field="quote"):
    return row.quote_anchors.get(field=field)


def test_a_quote_is_anchored_at_the_occurrence_the_editor_selected(editor):
    source = make_source(text=TEXT)
    second = TEXT.rindex("haemoptysis")
    report = new_report(source, "haemoptysis", at("haemoptysis", second), editor)
    anchor = anchor_of(report)
    assert (anchor.start, anchor.end) == (second, second + len("haemoptysis"))
    assert anchor.prefix.endswith("A man had ")


def test_a_quote_cannot_be_saved_at_a_position_that_does_not_hold_it(editor):
    source = make_source(text=TEXT)
    with pytest.raises(ValidationError, match="does not stand at the place selected"):
        new_report(source, "haemoptysis", at("haemoptysis", 3), editor)
    assert not Report.objects.exists()
    assert not QuoteAnchor.objects.exists()


def test_a_quote_that_is_not_in_its_source_cannot_be_saved(editor):
    source = make_source(text=TEXT)
    with pytest.raises(ValidationError, match="Not verbatim"):
        new_report(source, "hemoptysis", None, editor)
    assert not Report.objects.exists()


def test_a_quote_saved_without_a_selection_is_anchored_at_its_first_occurrence(editor):
    report = new_report(make_source(text=TEXT), "haemoptysis", None, editor)
    assert anchor_of(report).start == TEXT.index("haemoptysis")


def change_text(source, text, user):
    content = contents.content_of(source)
    content["fields"]["text"] = text
    return changes.save_change(source, content, user)


def test_an_edit_elsewhere_in_the_source_moves_the_anchor_with_its_passage(reviewer):
    source = make_source(text=TEXT)
    second = TEXT.rindex("haemoptysis")
    report = new_report(source, "haemoptysis", at("haemoptysis", second), reviewer)
    outcome = change_text(source, "Two cases. " + TEXT, reviewer)
    anchor = anchor_of(report)
    assert anchor.start == second + len("Two cases. ")
    assert anchor.lost_at is None
    assert not any("no longer anchor" in note for note in outcome.merged)


def test_a_changed_source_flags_the_quotes_that_no_longer_anchor_and_tells_the_editor(reviewer):
    source = make_source(text=TEXT)
    second = TEXT.rindex("haemoptysis")
    report = new_report(source, "haemoptysis", at("haemoptysis", second), reviewer)
    rewritten = TEXT.replace(
        "Case 2 (TEST). A man had haemoptysis on day 2", "Then haemoptysis, day 2"
    )
    outcome = change_text(source, rewritten, reviewer)
    assert anchor_of(report).lost_at is not None
    assert any("no longer anchor" in note and "test-report" not in note for note in outcome.merged)
    assert any("quote" in note for note in outcome.merged)


def test_selecting_the_passage_again_anchors_a_flagged_quote(reviewer):
    source = make_source(text=TEXT)
    report = new_report(
        source, "haemoptysis", at("haemoptysis", TEXT.rindex("haemoptysis")), reviewer
    )
    rewritten = TEXT.replace(
        "Case 2 (TEST). A man had haemoptysis on day 2", "Then haemoptysis, day 2"
    )
    change_text(source, rewritten, reviewer)
    source.refresh_from_db()
    report.refresh_from_db()
    content = contents.content_of(report)
    changes.save_change(
        report, content, reviewer, positions=at("haemoptysis", rewritten.rindex("haemoptysis"))
    )
    anchor = anchor_of(report)
    assert anchor.lost_at is None
    assert anchor.start == rewritten.rindex("haemoptysis")


def test_a_deleted_row_takes_its_anchors_with_it(editor):
    report = new_report(make_source(text=TEXT), "haemoptysis", None, editor)
    report.delete()
    assert not QuoteAnchor.objects.exists()


def test_the_public_source_page_marks_a_repeated_quote_where_it_was_selected(client, reviewer):
    source = make_source(text=TEXT)
    second = TEXT.rindex("haemoptysis")
    report = new_report(source, "haemoptysis", at("haemoptysis", second), reviewer)
    report.citation.status = Status.PUBLISHED
    report.citation.save()
    report.status = Status.PUBLISHED
    report.save()
    html = client.get(f"/sources/{source.slug}/").content.decode()
    assert "A woman had haemoptysis" in html  # the first occurrence is not marked
    assert '<span id="report-' in html.split("A man had ")[1][:30]
    assert html.split("A man had ")[1].split("</mark>")[0].endswith("<mark>haemoptysis")


def test_an_editor_selects_a_flagged_quote_again_in_the_workspace(client_for, editor, reviewer):
    from curation.models import QuoteAnchor
    from tests.factories import make_statement

    text = TEXT + " Case 3 (TEST). Another had haemoptysis."
    source = make_source(text=text)
    statement = make_statement(source=source, quote="haemoptysis", status=Status.DRAFT)
    anchoring.keep(statement)
    statement.quote_anchors.update(lost_at="2026-01-01T00:00:00Z")
    assert QuoteAnchor.objects.filter(lost_at__isnull=False).count() == 1
    client = client_for(editor)
    url = f"/curate/quotes/complications.statement/{statement.pk}/quote/"
    page = client.get(f"/curate/sources/{source.slug}/").content.decode()
    assert "Quotes that no longer anchor" in page
    assert url in page
    assert client.post(url, {"quote": "had haemoptysis", "quote_start": "0"}).status_code == 400
    third = text.rindex("haemoptysis")
    response = client.post(url, {"quote": "haemoptysis", "quote_start": str(third)})
    assert response.status_code == 302
    anchor = statement.quote_anchors.get()
    assert (anchor.start, anchor.lost_at) == (third, None)


def test_only_a_reviewer_moves_where_a_published_quote_stands(client_for, editor, reviewer):
    from curation.models import ContentVersion
    from tests.factories import make_statement

    source = make_source(text=TEXT)
    statement = make_statement(source=source, quote="haemoptysis")  # published
    anchoring.keep(statement)
    url = f"/curate/quotes/complications.statement/{statement.pk}/quote/"
    second = {"quote": "haemoptysis", "quote_start": str(TEXT.rindex("haemoptysis"))}
    response = client_for(editor).post(url, second)
    assert response.status_code == 400
    assert "ask a reviewer" in response.content.decode()
    assert statement.quote_anchors.get().start == TEXT.index("haemoptysis")
    version = ContentVersion.number_now()
    assert client_for(reviewer).post(url, second).status_code == 302
    assert statement.quote_anchors.get().start == TEXT.rindex("haemoptysis")
    assert ContentVersion.number_now() > version  # kept pages and annotations are recomputed
