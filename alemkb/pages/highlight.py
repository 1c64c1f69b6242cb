"""Mark quoted passages in a source document's text, each linked to what quotes it."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Quotation:
    """A passage of the document that some row quotes, and where that row is shown."""

    quote: str
    url: str
    label: str
    anchor: str  # id given to the passage, so a page can link straight to it
    start: int | None = None  # where the editor selected it in the whole text, if known


def spans(text, quotations, offset=0):
    """(start, end, quotation) for each quotation: at the place it was selected from (`text`
    begins at `offset` of the whole text), else at its first occurrence in `text`."""
    found = []
    for quotation in quotations:
        start = -1 if quotation.start is None else quotation.start - offset
        if start < 0 or text[start : start + len(quotation.quote)] != quotation.quote:
            start = text.find(quotation.quote)
        if start >= 0:
            found.append((start, start + len(quotation.quote), quotation))
    return found


def highlight(text, quotations, offset=0):
    """The text as HTML: every quoted passage in <mark>, followed by links to what quotes it.

    Passages may overlap; the text is cut at every start and end, and each piece is marked
    when any passage covers it. Everything from the document is escaped.
    """
    found = spans(text, quotations, offset)
    cuts = sorted({0, len(text), *[s for s, _, _ in found], *[e for _, e, _ in found]})
    html = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        anchors = [q.anchor for s, _, q in found if s == start]
        html.extend(f'<span id="{escape(anchor)}"></span>' for anchor in anchors)
        piece = escape(text[start:end])
        covered = any(s <= start and end <= e for s, e, _ in found)
        html.append(f"<mark>{piece}</mark>" if covered else piece)
        ending = [q for _, e, q in found if e == end]
        if ending:
            links = ", ".join(f'<a href="{escape(q.url)}">{escape(q.label)}</a>' for q in ending)
            html.append(f'<sup class="quoted-by">[{links}]</sup>')
    return mark_safe("".join(html))  # noqa: S308 (every piece above is escaped)
