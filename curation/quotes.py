"""Verbatim quotes: which fields of a model hold them, where their source is, and what is wrong.

A model declares its quotes once (`provenance = Provenance("quote", source="report.source")`);
model validation, `manage.py verify_content`, the admin and the source page's highlighter all
read that declaration. When a quote does not stand verbatim in its source, the message says
where it goes wrong ("the source has ’ where the quote has ' (character 37)") or shows the
closest passage, because "does not occur" alone sends an editor hunting character by character.
"""

import difflib
import unicodedata

from django.core.exceptions import ValidationError

CONTEXT = 30  # characters of the source shown on each side of a difference
# Characters that look alike to an editor copying by hand; folded together to find the passage.
LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\n": " ",
        "\r": " ",
    }
)


class Provenance:
    """Declares a model's quote fields and the path to the document they are quoted from.

    `source` is a dotted path from a row to an object with a `text` attribute (the source
    document), e.g. "source_document" or "patient.report.source_document".
    """

    def __init__(self, *quote_fields, source):
        self.quote_fields = quote_fields
        self.source = source

    @property
    def source_lookup(self):
        """The ORM lookup from the model to the source document, e.g. "report__source_document"."""
        return self.source.replace(".", "__")

    def source_of(self, obj):
        target = obj
        for attribute in self.source.split("."):
            target = getattr(target, attribute, None)
            if target is None:
                return None
        return target

    def errors(self, obj):
        """{field: message} for each quote of `obj` that does not stand verbatim in its source."""
        source = self.source_of(obj)
        errors = {}
        for field in self.quote_fields:
            quote = getattr(obj, field) or ""
            if not quote:
                continue
            if source is None:
                errors[field] = "Name the source document this quote comes from."
            elif quote not in source.text:
                errors[field] = mismatch(quote, source)
        return errors

    def check(self, obj):
        errors = self.errors(obj)
        if errors:
            raise ValidationError(errors)


def describe(text):
    """A character as an editor can recognise it (“’” (right single quotation mark), a line
    break), or a few characters in quotation marks."""
    if len(text) != 1:
        return f"“{text}”" if text else "nothing"
    character = text
    if character == "\n":
        return "a line break"
    if character == " ":
        return "a space"
    if character == "\u00a0":
        return "a non-breaking space"
    name = unicodedata.name(character, "").lower()
    return f"“{character}” ({name})" if name else repr(character)


def fold(text):
    """The text with look-alike characters made equal and runs of spaces made one, and for each
    character of the result the index of the character of `text` it comes from."""
    folded, positions = [], []
    for index, character in enumerate(text.translate(LOOKALIKES)):
        if character == " " and folded and folded[-1] == " ":
            continue
        folded.append(character.casefold() if len(character.casefold()) == 1 else character)
        positions.append(index)
    return "".join(folded), positions


def first_difference(passage, quote):
    """(index in quote, what the passage has, what the quote has) at their first difference."""
    matcher = difflib.SequenceMatcher(None, passage, quote, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            return b1, passage[a1:a2][:20], quote[b1:b2][:20]
    return None


def excerpt(text, start, end):
    before = "…" if start > 0 else ""
    after = "…" if end < len(text) else ""
    return f"{before}{text[max(start, 0) : end]}{after}"


def closest_passage(text, quote):
    """(start, end) of the stretch of `text` that shares the most characters with `quote`."""
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    scores = {}
    for block in matcher.get_matching_blocks():
        if block.size:
            offset = block.a - block.b  # where the quote would start if this block lines up
            scores[offset] = scores.get(offset, 0) + block.size
    if not scores:
        return None
    start = max(scores, key=scores.get)
    return max(start, 0), min(start + len(quote), len(text))


def shared_share(passage, quote):
    """The share of the quote's characters that the passage has, in order."""
    matcher = difflib.SequenceMatcher(None, passage, quote, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(len(quote), 1)


def mismatch(quote, source):
    """Why `quote` is not verbatim in `source`, and where: for the editor who must fix it."""
    text = source.text
    folded_text, positions = fold(text)
    folded_quote, _ = fold(quote)
    found = folded_text.find(folded_quote) if folded_quote.strip() else -1
    if found >= 0:
        start = positions[found]
        end = positions[found + len(folded_quote) - 1] + 1
        passage = text[start:end]
        difference = first_difference(passage, quote)
        if difference:
            index, theirs, ours = difference
            context = excerpt(text, start + index - CONTEXT, start + index + CONTEXT)
            return (
                f"Not verbatim in “{source}”: at character {index + 1} of the quote, the source "
                f"has {describe(theirs)} where the quote has {describe(ours)}: “{context}”."
            )
    span = closest_passage(text, quote)
    if span is None or shared_share(text[span[0] : span[1]], quote) < 0.6:
        return (
            f"Not verbatim in “{source}”: no passage matches or comes close; check that the "
            "quote is copied from this document."
        )
    start, end = span
    passage = text[start:end]
    difference = first_difference(passage, quote)
    where = ""
    if difference:
        index, theirs, ours = difference
        where = (
            f" They part at character {index + 1} of the quote: the source has "
            f"{describe(theirs)} where the quote has {describe(ours)}."
        )
    return (
        f"Not verbatim in “{source}”: no passage matches. The closest passage is: "
        f"“{excerpt(text, start, end + CONTEXT // 2)}”.{where}"
    )
