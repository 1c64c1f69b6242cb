"""Citations for reference managers: RIS (rispy), BibTeX (bibtexparser) and CSL-JSON.

Each renderer takes what CitationSerializer produces: one citation or a list of them.
"""

import json

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from alemkb.api.exports import ExportRenderer


def as_list(data):
    return data if isinstance(data, list) else [data]


def page_range(pages):
    """'849-851' or '1684–1687' → ('849', '851'); an article number → (number, '')."""
    for dash in ("–", "-"):
        if dash in pages:
            start, _, end = pages.partition(dash)
            return start.strip(), end.strip()
    return pages, ""


class PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's numbered "1." line before each record, which other readers trip on."""

    def set_header(self, count):
        return ""


class RISRenderer(ExportRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        entries = [self.entry(c) for c in as_list(data)]
        return rispy.dumps(entries, implementation=PlainRisWriter).encode(self.charset)

    def entry(self, citation):
        start, end = page_range(citation["pages"])
        fields = {
            "type_of_reference": "JOUR",
            "id": citation["slug"],
            "authors": [
                ", ".join(filter(None, (a["family"], a["given"]))) for a in citation["authors"]
            ],
            "title": citation["title"],
            "journal_name": citation["journal"],
            "year": str(citation["year"] or ""),
            "volume": citation["volume"],
            "number": citation["issue"],
            "start_page": start,
            "end_page": end,
            "doi": citation["doi"],
            "accession_number": citation["pmid"],
            "urls": [citation["url"]] if citation["url"] else [],
        }
        return {key: value for key, value in fields.items() if value}


class BibTeXRenderer(ExportRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"
    extension = "bib"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        library = bibtexparser.Library([self.entry(c) for c in as_list(data)])
        return bibtexparser.write_string(library).encode(self.charset)

    def entry(self, citation):
        authors = [", ".join(filter(None, (a["family"], a["given"]))) for a in citation["authors"]]
        if citation["authors_truncated"]:
            authors.append("others")  # BibTeX's way of writing "et al."
        start, end = page_range(citation["pages"])
        fields = {
            "author": " and ".join(authors),
            "title": citation["title"],
            "journal": citation["journal"],
            "year": str(citation["year"] or ""),
            "volume": citation["volume"],
            "number": citation["issue"],
            "pages": f"{start}--{end}" if end else start,
            "doi": citation["doi"],
            "pmid": citation["pmid"],
            "url": citation["url"],
        }
        return Entry(
            "article",
            citation["slug"],
            [Field(key, value) for key, value in fields.items() if value],
        )


class CSLJSONRenderer(ExportRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl"
    extension = "json"
    schema = {"type": "array", "items": {"type": "object", "required": ["id", "type"]}}

    def render(self, data, accepted_media_type=None, renderer_context=None):
        items = [self.item(c) for c in as_list(data)]
        return json.dumps(items, ensure_ascii=False, indent=2).encode(self.charset)

    def item(self, citation):
        start, end = page_range(citation["pages"])
        fields = {
            "id": citation["slug"],
            "type": "article-journal",
            "title": citation["title"],
            "container-title": citation["journal"],
            "author": [
                {key: a[key] for key in ("family", "given") if a[key]} for a in citation["authors"]
            ],
            "issued": {"date-parts": [[citation["year"]]]} if citation["year"] else None,
            "volume": citation["volume"],
            "issue": citation["issue"],
            "page": f"{start}-{end}" if end else start,
            "DOI": citation["doi"],
            "PMID": citation["pmid"],
            "URL": citation["url"],
        }
        return {key: value for key, value in fields.items() if value}
