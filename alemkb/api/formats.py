"""Citations for reference managers: RIS (rispy), BibTeX (bibtexparser) and CSL-JSON.

Each renderer takes what CitationSerializer produces: one citation or a list of them.

What every format carries, each in the way its readers understand:

- **Authors.** Initials stored run together ("BRH", "P-V") are written as dotted given names
  ("B. R. H.", "P.-V."), which processors take as one given name per initial (otherwise
  "Drop, BRH" becomes "Drop B" in a style that abbreviates given names).
- **A truncated author list** (the source names only the first authors) ends in "et al.":
  BibTeX writes "and others", its documented marker, which BibTeX styles (plain.bst's
  format.names, also run by pybtex's BibTeX engine) and biblatex print as "et al." (pybtex's
  own Python styles print "and others", and only its alpha labels mark it, "DPZ+21"); CSL-JSON
  ends the list with a literal name "et al.", which CSL processors print after the listed
  names with the style's delimiter (citeproc-py: "Saarela M, Senthil K, et al."). RIS has no
  marker for it: the list ends with an author "et al.", as several bibliographic databases
  export it (reference managers then print it after the listed authors), and a note (N1) says
  that the source names only these authors, so nobody takes the list for complete.
- **The journal.** `journal` is the abbreviation every source gives (AMA/NLM style);
  `journal_full` is the full title where a source states it. CSL-JSON: container-title is the
  full title when known, else the abbreviation, and container-title-short the abbreviation.
  RIS: T2 (the journal of a JOUR record) likewise, and J2 the abbreviation (RIS 2011
  specification; Zotero reads and writes it as the journal abbreviation). BibTeX: `journal`
  likewise, and `shortjournal` the abbreviation (biblatex; BibTeX styles ignore it).
- **Hostile values.** RIS is line-based: every line break in a value (CR, LF and the Unicode
  ones) becomes a space, so no value can start a tag or a record. BibTeX: values are written
  on one line and escaped for LaTeX (& % $ # _ ~ ^, the backslash); braces are written as
  `\\textbraceleft{}`/`\\textbraceright{}`, so the braces BibTeX counts stay balanced and no
  value can close its field. The DOI and URL, which biblatex reads verbatim, are not escaped
  but have braces, backslashes, quotes and spaces percent-encoded. A name part holding a comma
  or the word "and" is braced as one name; an entry key that is not a slug is refused. In
  titles every word with a capital other than the title's first letter ("MS", "NMO", "CD52",
  "D-dimer") is braced, so styles that recase titles keep it as published. CSL-JSON is written
  by json.dumps, which escapes whatever a value holds.
"""

import json
import re

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

from alemkb.api.exports import ExportRenderer
from complications.models.citations import given_names

ET_AL = "et al."
TRUNCATED_NOTE = "The source names only these authors (et al.): the author list is incomplete."
# Every character Python counts as a line boundary (str.splitlines), with the spaces around it.
BREAKS = r"\n\r\v\f\x1c-\x1e\x85\u2028\u2029"
LINE_BREAK = re.compile(rf"[^\S{BREAKS}]*[{BREAKS}]\s*")
ENTRY_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
LATEX_SPECIAL = re.compile("|".join(re.escape(c) for c in LATEX_SPECIALS))
UNSAFE_IN_URL = {c: f"%{ord(c):02X}" for c in '{}\\" '}
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
BIBTEX_NAME_SEPARATOR = re.compile(r",|(?:^|\s)and(?:\s|$)", re.IGNORECASE)


def as_list(data):
    return data if isinstance(data, list) else [data]


def page_range(pages):
    """'849-851' or '1684–1687' → ('849', '851'); an article number → (number, '')."""
    for dash in ("–", "-"):
        if dash in pages:
            start, _, end = pages.partition(dash)
            return start.strip(), end.strip()
    return pages, ""


def one_line(value):
    """The value with every line break (and the spaces around it) turned into one space."""
    return LINE_BREAK.sub(" ", value).strip() if isinstance(value, str) else value


def author_parts(author):
    """(family, given) of a serialized author, initials dotted, each on one line."""
    return one_line(author["family"]), one_line(given_names(author["given"] or ""))


def journal_names(citation):
    """(the journal's title, its abbreviation): the full title when a source states it."""
    short = one_line(citation["journal"])
    return one_line(citation.get("journal_full") or "") or short, short


class PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's numbered "1." line before each record, which other readers trip on,
    and with no line break inside a value: RIS is line-based."""

    def set_header(self, count):
        return ""

    def _format_line(self, tag, value=""):
        return super()._format_line(tag, one_line(str(value)))


class RISRenderer(ExportRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        entries = [self.entry(c) for c in as_list(data)]
        return rispy.dumps(entries, implementation=PlainRisWriter).encode(self.charset)

    def entry(self, citation):
        start, end = page_range(citation["pages"])
        journal, short = journal_names(citation)
        authors = [", ".join(filter(None, author_parts(a))) for a in citation["authors"]]
        truncated = citation["authors_truncated"]
        fields = {
            "type_of_reference": "JOUR",
            "id": citation["slug"],
            "authors": [*authors, ET_AL] if truncated else authors,
            "title": citation["title"],
            "secondary_title": journal,
            "alternate_title1": short,
            "year": str(citation["year"] or ""),
            "volume": citation["volume"],
            "number": citation["issue"],
            "start_page": start,
            "end_page": end,
            "doi": citation["doi"],
            "accession_number": citation["pmid"],
            "urls": [citation["url"]] if citation["url"] else [],
            "notes": [TRUNCATED_NOTE] if truncated else [],
        }
        return {key: value for key, value in fields.items() if value}


def escape_latex(text):
    return LATEX_SPECIAL.sub(lambda match: LATEX_SPECIALS[match[0]], text)


def latex(value, protect_words=False):
    """A value as LaTeX inside a braced BibTeX field: specials escaped, braces written so that
    they cannot close the field, on one line; with protect_words, each word carrying a capital
    other than the value's first letter braced, so that styles that recase titles keep it."""
    value = one_line(value)
    parts = []
    position = 0
    for n, word in enumerate(WORD.finditer(value) if protect_words else ()):
        parts.append(escape_latex(value[position : word.start()]))
        capitals = [i for i, letter in enumerate(word[0]) if letter.isupper()]
        protect = capitals and not (n == 0 and capitals == [0])
        parts.append(f"{{{word[0]}}}" if protect else word[0])
        position = word.end()
    parts.append(escape_latex(value[position:]))
    return "".join(parts)


def verbatim(value):
    """A DOI or URL, which biblatex reads verbatim: LaTeX escapes would be printed as they are,
    so the characters that could unbalance the field are percent-encoded, as in a URL."""
    return "".join(UNSAFE_IN_URL.get(c, c) for c in one_line(value))


def bibtex_name(part):
    """One part of a name for a BibTeX author list, braced when BibTeX would split it."""
    escaped = latex(part)
    if BIBTEX_NAME_SEPARATOR.search(part) or part.strip().lower() == "others":
        return f"{{{escaped}}}"
    return escaped


class BibTeXRenderer(ExportRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"
    extension = "bib"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        library = bibtexparser.Library([self.entry(c) for c in as_list(data)])
        return bibtexparser.write_string(library).encode(self.charset)

    def entry(self, citation):
        key = citation["slug"]
        if not ENTRY_KEY.fullmatch(key):
            raise ValueError(f"{key!r} cannot be a BibTeX entry key")
        authors = [
            ", ".join(bibtex_name(part) for part in author_parts(a) if part)
            for a in citation["authors"]
        ]
        if citation["authors_truncated"]:
            authors.append("others")  # BibTeX's way of writing "et al."
        start, end = page_range(citation["pages"])
        journal, short = journal_names(citation)
        fields = {
            "author": " and ".join(authors),
            "title": latex(citation["title"], protect_words=True),
            "journal": latex(journal),
            "shortjournal": latex(short),
            "year": str(citation["year"] or ""),
            "volume": latex(citation["volume"]),
            "number": latex(citation["issue"]),
            "pages": latex(f"{start}--{end}" if end else start),
            "doi": verbatim(citation["doi"]),
            "pmid": verbatim(citation["pmid"]),
            "url": verbatim(citation["url"]),
        }
        return Entry("article", key, [Field(k, value) for k, value in fields.items() if value])


class CSLJSONRenderer(ExportRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl"
    extension = "json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        items = [self.item(c) for c in as_list(data)]
        return json.dumps(items, ensure_ascii=False, indent=2).encode(self.charset)

    def item(self, citation):
        start, end = page_range(citation["pages"])
        journal, short = journal_names(citation)
        authors = []
        for author in citation["authors"]:
            family, given = author_parts(author)
            authors.append({"family": family, **({"given": given} if given else {})})
        if citation["authors_truncated"]:
            authors.append({"literal": ET_AL})
        fields = {
            "id": citation["slug"],
            "type": "article-journal",
            "title": citation["title"],
            "container-title": journal,
            "container-title-short": short,
            "author": authors,
            "issued": {"date-parts": [[citation["year"]]]} if citation["year"] else None,
            "volume": citation["volume"],
            "issue": citation["issue"],
            "page": f"{start}-{end}" if end else start,
            "DOI": citation["doi"],
            "PMID": citation["pmid"],
            "URL": citation["url"],
        }
        return {key: value for key, value in fields.items() if value}
