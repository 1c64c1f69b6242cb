"""Reference lists formatted by a CSL processor (citeproc-py) in AMA style, as clinicians read
them in journals, with DOI and PubMed links.

The style file (alemkb/pages/csl/american-medical-association.csl) is the Citation Style
Language project's, CC BY-SA 3.0, shipped with the project so that pages need no network.
"""

import json
import re
from functools import cache, lru_cache
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
    """{citation pk: safe HTML of its reference}, in AMA style, with links.

    Each reference is formatted once per process for as long as its text stays the same:
    citeproc-py took a third of a complication page's time (about 100 ms for 50 references).
    """
    return {
        c.pk: mark_safe(reference_html(json.dumps(csl_item(c), sort_keys=True), c.doi, c.pmid))  # noqa: S308 (escaped in csl_item and reference_html)
        for c in citations
    }


@lru_cache(maxsize=4096)
def reference_html(item_json, doi, pmid):
    """One reference as HTML, from its CSL-JSON (already escaped), with DOI and PubMed links."""
    item = json.loads(item_json)
    bibliography = CitationStylesBibliography(style(), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(item["id"])]))
    # AMA numbers its entries; the pages number references themselves.
    [entry] = [LEADING_NUMBER.sub("", str(entry)) for entry in bibliography.bibliography()]
    if doi:
        entry = DOI.sub(
            lambda m: str(format_html('<a href="https://doi.org/{0}">doi:{0}</a>', m[1])), entry
        )
    if pmid:
        entry += str(
            format_html(' <a href="https://pubmed.ncbi.nlm.nih.gov/{0}/">PubMed {0}</a>', pmid)
        )
    return entry
