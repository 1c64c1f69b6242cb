"""Quotes anchored in their source's text as W3C TextQuote and TextPosition selectors."""

from curation.anchors import CONTEXT_CHARS, anchor, reanchor

TEXT = (
    "She presented with haemoptysis on day 4 of the course. "
    "Later, a second patient presented with haemoptysis too."
)


def test_a_quote_is_anchored_by_its_offsets_and_the_text_around_it():
    found = anchor(TEXT, "haemoptysis")
    assert (found.start, found.end) == (19, 30)
    assert TEXT[found.start : found.end] == "haemoptysis"
    assert found.prefix == "She presented with "
    assert found.suffix == TEXT[30 : 30 + CONTEXT_CHARS]
    quote, position = found.selectors()
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": "haemoptysis",
        "prefix": "She presented with ",
        "suffix": found.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": 19, "end": 30}


def test_a_quote_that_is_not_in_the_text_has_no_anchor():
    assert anchor(TEXT, "hemoptysis") is None
    assert anchor(TEXT, "") is None


def test_a_repeated_quote_keeps_the_occurrence_it_was_taken_from():
    second = TEXT.rindex("haemoptysis")
    assert anchor(TEXT, "haemoptysis", second).start == second


def test_a_quote_moved_by_an_edit_elsewhere_is_found_again_by_its_context():
    second = anchor(TEXT, "haemoptysis", TEXT.rindex("haemoptysis"))
    changed = "Case 1. " + TEXT
    moved, sure = reanchor(changed, second)
    assert sure
    assert moved.start == second.start + len("Case 1. ")
    assert moved.prefix == second.prefix


def test_a_quote_whose_words_were_changed_no_longer_anchors():
    found = anchor(TEXT, "day 4 of the course")
    assert reanchor(TEXT.replace("day 4", "day 5"), found) == (None, False)


def test_a_quote_whose_surroundings_were_rewritten_is_found_but_not_surely_its_passage():
    second = anchor(TEXT, "haemoptysis", TEXT.rindex("haemoptysis"))
    changed = TEXT.replace("Later, a second patient presented with", "Then someone had").replace(
        "too.", "also."
    )
    found, sure = reanchor(changed, second)
    assert not sure
    assert found.start == changed.index("haemoptysis")


def test_a_quote_that_occurs_once_is_its_passage_whatever_changed_around_it():
    found = anchor(TEXT, "day 4 of the course")
    changed = TEXT.replace("She presented with haemoptysis on", "Haemoptysis began on")
    moved, sure = reanchor(changed, found)
    assert sure
    assert moved.start == changed.index("day 4 of the course")


def test_a_quote_once_in_the_body_is_its_passage_though_a_comment_repeats_it():
    body = TEXT
    text = body + " Reader: day 4 of the course, for me too."
    found = anchor(text, "day 4 of the course")
    changed_body = body.replace("She presented with haemoptysis on", "Haemoptysis began on")
    changed_body = changed_body.replace("Later, a second patient", "Then another patient")
    changed = changed_body + " Reader: day 4 of the course, for me too."
    assert reanchor(changed, found) == (anchor(changed, "day 4 of the course"), False)
    moved, sure = reanchor(changed, found, body=changed_body)
    assert sure
    assert moved.start == changed_body.index("day 4 of the course")
