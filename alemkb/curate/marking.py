"""The article's text as HTML with every quote marked, its characters unchanged.

The workspace's script counts characters of the text to know where a selection starts, so
nothing but the text itself goes between the marks: labels live in `title` and in the list
of quotes beside the text.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def marked(text, quotes):
    """`text` as HTML, each stretch covered by a quote in <mark> (flagged ones marked lost)."""
    inside = [q for q in quotes if q.end <= len(text)]
    cuts = sorted({0, len(text), *[q.start for q in inside], *[q.end for q in inside]})
    html = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[start:end])
        covering = [q for q in inside if q.start <= start and end <= q.end]
        if not covering:
            html.append(piece)
            continue
        first = covering[0]
        lost = " lost" if any(not q.anchors for q in covering) else ""
        title = escape("; ".join(q.label for q in covering))
        starting = [q for q in inside if q.start == start]
        ids = "".join(f'<span id="{escape(q.dom_id)}"></span>' for q in starting)
        html.append(
            f'{ids}<mark class="quote{lost}" title="{title}" '
            f'data-start="{first.start}">{piece}</mark>'
        )
    return mark_safe("".join(html))  # noqa: S308 (every piece above is escaped)
