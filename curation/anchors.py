"""Where a verbatim quote stands in its source document, as W3C Web Annotation selectors.

A TextQuoteSelector (the quote, with a little text before and after it) finds the passage
again after the document's text changes elsewhere; a TextPositionSelector (start and end
offsets, in characters of the text) finds it at once. Both are written as the W3C Web
Annotation Data Model defines them (https://www.w3.org/TR/annotation-model/#selectors).
"""

from dataclasses import dataclass

CONTEXT_CHARS = 32  # of text kept before and after a quote, enough to tell repeats apart


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def selectors(self):
        """The two selectors, as JSON-LD objects of the W3C annotation vocabulary."""
        return [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            },
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]


def anchor(text, quote, start=None):
    """The Anchor of `quote` in `text`: at `start` if it stands there, else its first
    occurrence; None if the text does not hold it verbatim."""
    if not quote:
        return None
    if start is None or text[start : start + len(quote)] != quote:
        start = text.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    return Anchor(
        exact=quote,
        prefix=text[max(start - CONTEXT_CHARS, 0) : start],
        suffix=text[end : end + CONTEXT_CHARS],
        start=start,
        end=end,
    )


def reanchor(text, old, body=None):
    """Where a stored Anchor stands in a changed text, and whether that is surely its passage.

    (anchor, True) where the quote still stands at its offsets, occurs only once, or is found
    with the same text before or after it; (first occurrence, False) where only its words are
    found, which may be another passage; (None, False) if the quote no longer occurs (the
    editor is told). `body` is the part of the text quotes are taken from (not the reader
    comments): a quote that occurs once there is surely its passage.
    """
    found = anchor(text, old.exact, old.start)
    if found is None:
        return None, False
    if found.start == old.start:
        return found, True
    position = text.find(old.prefix + old.exact + old.suffix)
    if position >= 0:
        return anchor(text, old.exact, position + len(old.prefix)), True
    if (body or text).count(old.exact) == 1 and found.start < len(body or text):
        return found, True  # the only passage with these words (in the body, if given)
    for before, after in ((old.prefix, ""), ("", old.suffix)):
        if before or after:  # a quote at the very start or end has no context on that side
            position = text.find(before + old.exact + after)
            if position >= 0:
                return anchor(text, old.exact, position + len(before)), True
    return found, False
