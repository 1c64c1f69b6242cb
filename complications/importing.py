"""Import citations from RIS, BibTeX or PubMed MEDLINE files, as drafts, all or nothing.

Each format is read by a well-kept parser (rispy, bibtexparser, Biopython's Medline). A citation
whose DOI or PMID is already in the knowledge base is reported and not imported again; a file
that cannot be read, or any record that fails validation, imports nothing.
"""

import io
import re
from dataclasses import dataclass, field

import bibtexparser
import rispy
from Bio import Medline
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from curation import changes
from curation import content as contents
from curation.models import Status

from .models import Citation, CitationAuthor, PublicationKind

FORMATS = {".ris": "ris", ".bib": "bibtex", ".nbib": "medline", ".txt": "medline"}
MAX_FILE_BYTES = 5 * 1024 * 1024


class ImportFailed(Exception):
    """The file imports nothing; the message says why, in words an editor understands."""


@dataclass
class Record:
    title: str
    authors: list  # [(family, given)]
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    kind: str = PublicationKind.OTHER


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    existing: list = field(default_factory=list)  # (record, existing citation)


def format_of(filename):
    for suffix, name in FORMATS.items():
        if filename.lower().endswith(suffix):
            return name
    raise ImportFailed(
        f"“{filename}” is not a RIS (.ris), BibTeX (.bib) or PubMed MEDLINE (.nbib, .txt) file."
    )


def year_of(value):
    match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", str(value or ""))
    return int(match.group(1)) if match else None


def split_name(name):
    """'Zhao, Dylan Haixiang' or 'Zhao DH' → ('Zhao', 'Dylan Haixiang' / 'DH')."""
    name = name.strip()
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return family, given
    family, _, given = name.rpartition(" ")
    return (family, given) if family else (given, "")


def clean_doi(value):
    value = (value or "").strip()
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I)


# MEDLINE publication types (PT) that name a kind of citation, strongest first: a case report
# that also reviews the literature is a case report. Any other type (Journal Article, Letter,
# Clinical Trial, ...) says too little, and leaves the kind "other" for the editor to choose.
MEDLINE_KINDS = [
    ("Randomized Controlled Trial", PublicationKind.RANDOMISED_TRIAL),
    ("Case Reports", PublicationKind.CASE_REPORT),
    ("Systematic Review", PublicationKind.LITERATURE_REVIEW),
    ("Meta-Analysis", PublicationKind.LITERATURE_REVIEW),
    ("Review", PublicationKind.LITERATURE_REVIEW),
    ("Observational Study", PublicationKind.OBSERVATIONAL_STUDY),
    ("Editorial", PublicationKind.COMMENTARY),
    ("Comment", PublicationKind.COMMENTARY),
]


def kind_of(publication_types):
    given = {t.strip().lower() for t in publication_types}
    for name, kind in MEDLINE_KINDS:
        if name.lower() in given:
            return kind
    return PublicationKind.OTHER


def parse_ris(text):
    try:
        entries = rispy.loads(text)
    except Exception as error:  # rispy raises plain IOError/ValueError on a malformed file
        raise ImportFailed(f"This RIS file cannot be read: {error}") from error
    records = []
    for entry in entries:
        start, end = entry.get("start_page", ""), entry.get("end_page", "")
        records.append(
            Record(
                title=entry.get("title") or entry.get("primary_title") or "",
                authors=[
                    split_name(a) for a in entry.get("authors", entry.get("first_authors", []))
                ],
                journal=entry.get("journal_name") or entry.get("secondary_title") or "",
                year=year_of(entry.get("year") or entry.get("publication_year")),
                volume=entry.get("volume", ""),
                issue=entry.get("number", ""),
                pages=f"{start}-{end}" if start and end else start,
                doi=clean_doi(entry.get("doi")),
                # PubMed's RIS export puts the PMID in AN (accession number).
                pmid=pmid_of(entry.get("accession_number")),
                url=(entry.get("urls") or [""])[0],
            )
        )
    return records


def pmid_of(value):
    value = str(value or "").strip()
    return value if value.isdigit() else ""


def parse_bibtex(text):
    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise ImportFailed(
            f"This BibTeX file cannot be read: the entry starting on line "
            f"{(block.start_line or 0) + 1} is malformed."
        )
    records = []
    for entry in library.entries:
        fields = {f.key.lower(): str(f.value).strip("{}") for f in entry.fields}
        authors = [a for a in re.split(r"\s+and\s+", fields.get("author", "")) if a.strip()]
        records.append(
            Record(
                title=fields.get("title", ""),
                authors=[split_name(a) for a in authors if a.strip().lower() != "others"],
                journal=fields.get("journal", ""),
                year=year_of(fields.get("year")),
                volume=fields.get("volume", ""),
                issue=fields.get("number", ""),
                pages=fields.get("pages", "").replace("--", "-"),
                doi=clean_doi(fields.get("doi")),
                pmid=fields.get("pmid", ""),
                url=fields.get("url", ""),
            )
        )
    return records


def parse_medline(text):
    records = []
    for entry in Medline.parse(io.StringIO(text)):
        if "TI" not in entry and "PMID" not in entry:
            raise ImportFailed(
                "This MEDLINE file cannot be read: a record has no PMID and no title."
            )
        doi = next((aid.split(" ")[0] for aid in entry.get("AID", []) if aid.endswith("[doi]")), "")
        # Full names (FAU: "Zhao, Dylan Haixiang") where the file gives them, else AU ("Zhao DH").
        names = entry.get("FAU") or entry.get("AU", [])
        records.append(
            Record(
                title=entry.get("TI", ""),
                authors=[split_name(a) for a in names],
                journal=entry.get("TA") or entry.get("JT", ""),
                year=year_of(entry.get("DP")),
                volume=entry.get("VI", ""),
                issue=entry.get("IP", ""),
                pages=entry.get("PG", ""),
                doi=clean_doi(doi),
                pmid=entry.get("PMID", ""),
                kind=kind_of(entry.get("PT", [])),
            )
        )
    return records


PARSERS = {"ris": parse_ris, "bibtex": parse_bibtex, "medline": parse_medline}


def read_records(content, filename):
    if len(content) > MAX_FILE_BYTES:
        raise ImportFailed("The file is larger than 5 MB; split it and import the parts.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed("The file is not UTF-8 text.") from error
    records = PARSERS[format_of(filename)](text)
    if not records:
        raise ImportFailed("The file holds no citation that could be read.")
    return records


def existing_citation(record):
    condition = Q()
    if record.doi:
        condition |= Q(doi__iexact=record.doi)
    if record.pmid:
        condition |= Q(pmid=record.pmid)
    return Citation.objects.filter(condition).first() if condition else None


def unique_slug(record, taken):
    family = record.authors[0][0] if record.authors else record.title.split(" ")[0]
    base = slugify(f"{family} {record.year or ''}")[:70] or "citation"
    slug, n = base, 2
    while slug in taken or Citation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


@transaction.atomic
def import_citations(content, filename, user=None, source=None):
    """Create each new citation as a draft; report the ones already known. All or nothing.

    Each citation is created through the curation services, like an editor's own: validated
    in full, its authors as its parts, its history recorded as `user`'s. With `source`, a
    source document, the file is that document's own publication: it must hold one record,
    whose citation then has the document as its full text.
    """
    result = ImportResult()
    taken = set()
    records = read_records(content, filename)
    if source is not None and len(records) != 1:
        raise ImportFailed(
            f"A file attached to a source document holds that one publication; this one holds "
            f"{len(records)}. Import it without the source document."
        )
    for number, record in enumerate(records, start=1):
        known = existing_citation(record)
        if known:
            result.existing.append((record, known))
            continue
        citation = Citation(
            slug=unique_slug(record, taken),
            kind=record.kind,
            title=record.title[:500],
            journal=record.journal[:200],
            year=record.year,
            volume=record.volume[:20],
            issue=record.issue[:20],
            pages=record.pages[:40],
            doi=record.doi,
            pmid=record.pmid,
            url=record.url[:500],
            full_text=source,
        )
        data = contents.content_of(citation)
        data["parts"][CitationAuthor._meta.label_lower] = {
            contents.new_part_id(): {
                "position": position,
                "family": family[:100],
                "given": given[:100],
            }
            for position, (family, given) in enumerate(record.authors, start=1)
        }
        try:
            changes.create(citation, data, user, status=Status.DRAFT)
        except ValidationError as error:
            label = record.title[:60] or f"record {number}"
            raise ImportFailed(
                f"Record {number} (“{label}”): {'; '.join(error.messages)}"
            ) from error
        result.created.append(citation)
    return result


def format_of_text(text):
    """The format of citation text pasted into a form, from how it looks."""
    stripped = text.lstrip()
    if stripped.startswith("@"):
        return "bibtex"
    if re.search(r"^TY  - ", text, flags=re.M):
        return "ris"
    if re.search(r"^(PMID|TI  )- ", text, flags=re.M):
        return "medline"
    raise ImportFailed(
        "This does not look like RIS (a line “TY  - ”), BibTeX (“@article{…”) or PubMed "
        "MEDLINE (a line “PMID- ”) text: paste the whole record."
    )


SUFFIXES = {"ris": ".ris", "bibtex": ".bib", "medline": ".nbib"}


def import_pasted(text, user=None, source=None):
    """The one citation pasted as RIS, BibTeX or MEDLINE text: created as a draft, or the
    one already known by its DOI or PMID."""
    name = "pasted" + SUFFIXES[format_of_text(text)]
    if len(read_records(text.encode(), name)) != 1:
        raise ImportFailed("Paste one publication's record, not several.")
    result = import_citations(text.encode(), name, user=user, source=source)
    if result.created:
        return result.created[0]
    return result.existing[0][1]
