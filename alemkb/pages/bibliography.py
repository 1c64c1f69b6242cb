"""Reference lists formatted by a CSL processor (citeproc-py) in AMA style, as clinicians read
them in journals, with DOI and PubMed links.

The style file (alemkb/pages/csl/american-medical-association.csl) is the Citation Style
Language project's, CC BY-SA 3.0, shipped with the project so that pages need no network.
"""

import re
from functools import cache
from pathlib import Path

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

STYLE = Path(__file__).parent / "csl" / "american-medical-association.csl"
LEADING_NUMBER = re.compile(r"^\s*\d+\.\s*")
DOI = re.compile(r"doi:(\S+?)(?=\.?$)")


@cache
def style():
    return CitationStylesStyle(str(STYLE), validate=False)


def csl_item(citation):
    """A citation (with its authors prefetched) as CSL-JSON, every text escaped for HTML:
    citeproc-py's HTML formatter adds tags but does not escape what it is given.

    Initials are dotted ("BRH" → "B. R. H.", which AMA prints as "BRH" again); a truncated
    author list ends in a literal "et al.", as in the CSL-JSON export (alemkb/api/formats.py);
    AMA prints the journal's abbreviation (container-title-short)."""
    authors = [
        {"family": escape(a.family), **({"given": escape(a.given_names)} if a.given else {})}
        for a in citation.authors.all()
    ]
    if citation.authors_truncated:
        authors.append({"literal": "et al."})
    fields = {
        "id": str(citation.pk),
        "type": "article-journal",
        "title": escape(citation.title),
        "container-title": escape(citation.journal_full or citation.journal),
        "container-title-short": escape(citation.journal),
        "author": authors,
        "issued": {"date-parts": [[citation.year]]} if citation.year else None,
        "volume": escape(citation.volume),
        "issue": escape(citation.issue),
        "page": escape(citation.pages.replace("–", "-")),
        "DOI": escape(citation.doi),
    }
    return {key: value for key, value in fields.items() if value}


def formatted(citations):
    """{citation pk: safe HTML of its reference}, in AMA style, with links."""
    citations = list(citations)
    if not citations:
        return {}
    items = [csl_item(c) for c in citations]
    bibliography = CitationStylesBibliography(style(), CiteProcJSON(items), formatter.html)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    # AMA numbers entries in the order they were registered: ours.
    entries = [LEADING_NUMBER.sub("", str(entry)) for entry in bibliography.bibliography()]
    html = {}
    for citation, entry in zip(citations, entries, strict=True):
        if citation.doi:
            entry = DOI.sub(
                lambda m: str(format_html('<a href="https://doi.org/{0}">doi:{0}</a>', m[1])),
                entry,
            )
        if citation.pmid:
            entry += str(
                format_html(
                    ' <a href="https://pubmed.ncbi.nlm.nih.gov/{0}/">PubMed {0}</a>',
                    citation.pmid,
                )
            )
        html[citation.pk] = mark_safe(entry)  # noqa: S308 (escaped in csl_item and format_html)
    return html
