"""The published tables read from complications, their statements and what they rest on
(see curation/tables.py).

Every table reads its rows as plain values in a few queries, whatever its length: the rows
themselves, then one query per list a row carries (a citation's authors, the drugs a statement
names). A row is public only when every curated row it points at is (`public()`), so its
foreign keys name public rows only; the lists are read through the public rows they name, so
a draft drug or complication is left out, not shown by its slug.

Source documents are described, not reproduced: their text holds reader comments and
publishers' articles that are not ours to license. Each quote that a statement rests on is in
the statements table, with the slug of the document it is taken from.
"""

from collections import defaultdict

from django.db.models import Case, IntegerField, Value, When
from django.urls import reverse

from curation.tables import Column, Table

from .models import (
    Attribution,
    Category,
    Citation,
    CitationAuthor,
    Complication,
    CourseStatement,
    EvidenceKind,
    Intervention,
    InterventionKind,
    OnsetAnchor,
    PublicationKind,
    Section,
    SourceDocument,
    SourceDocumentKind,
    Statement,
    TimeUnit,
)
from .models.timing import counted_text

JOIN = "; "


def blank_as_none(value):
    return None if value == "" else value


def as_number(value):
    """A Decimal as a float (JSON and CSV have no decimals); None stays None."""
    return None if value is None else float(value)


def joined(values):
    return JOIN.join(values) or None


def path_of(view_name, key):
    """The path of a page on this site as a format string for its `key`: reversed once per
    table, not once per row."""
    placeholder = 987654321  # fits a slug and an int converter alike
    return reverse(view_name, kwargs={key: placeholder}).replace(str(placeholder), "{}")


def lists_by(rows):
    """{row id: [value, …]} from (row id, value) pairs, in the order read."""
    lists = defaultdict(list)
    for row_id, value in rows:
        lists[row_id].append(value)
    return lists


def references(field, resource, key):
    """A Frictionless foreign key: `field` holds the `key` of a row of `resource`."""
    return {"fields": [field], "reference": {"resource": resource, "fields": [key]}}


def choice_column(name, choices, description, required=False):
    """A column holding a TextChoices value; its meaning lists each value with its label."""
    meanings = ", ".join(f"{value} ({label})" for value, label in choices.choices)
    return Column(
        name,
        "string",
        f"{description} One of: {meanings}.",
        allowed=tuple(choices.values),
        required=required,
    )


def slug_column(name, what, required=False):
    return Column(name, "string", f"Slug of {what}.", required=required)


# Shared by statements and course statements.
def evidence_columns():
    return (
        choice_column(
            "evidence_kind",
            EvidenceKind,
            "What kind of evidence the statement rests on, strongest first.",
            required=True,
        ),
        choice_column(
            "attribution",
            Attribution,
            "first_hand: the source document (or the cited publication) says it itself; "
            "second_hand: the source document reports what another says.",
            required=True,
        ),
        Column(
            "speculative",
            "boolean",
            "The author offers it as a hypothesis, a guess or an open question, not as a "
            "reported finding.",
            required=True,
        ),
    )


def provenance_columns():
    return (
        Column(
            "drugs",
            "string",
            f"Slugs of the drugs and procedures the statement mentions (drugs.csv), joined with "
            f"'{JOIN}'.",
        ),
        Column(
            "citation_id",
            "integer",
            "Id of the publication the statement rests on (citations.csv); empty when it rests "
            "on the source document alone.",
        ),
        slug_column(
            "source_document",
            "the source document the quote is taken from (source-documents.csv)",
            required=True,
        ),
        Column(
            "quote",
            "string",
            "The passage the statement rests on, verbatim from the source document, quoted "
            "for provenance.",
            required=True,
        ),
    )


def public_slugs(through, owner, target, owners):
    """{owner id: [slug, …]} through a many-to-many table, naming public targets only."""
    target_model = through._meta.get_field(target).related_model
    links = (
        through.objects.filter(
            **{f"{owner}__in": owners.values("pk")},
            **{f"{target}__in": target_model.objects.public().values("pk")},
        )
        .order_by(f"{target}__slug")
        .values_list(f"{owner}_id", f"{target}__slug")
    )
    return lists_by(links)


# Complications


def complication_rows(queryset):
    page = path_of("complication-detail", "slug")
    rows = queryset.by_category().values_list(
        "slug", "name", "abbreviation", "synonyms", "category", "icd10_code", "last_reviewed_at"
    )
    for slug, name, abbreviation, synonyms, category, icd10, reviewed in rows:
        yield [
            slug,
            name,
            blank_as_none(abbreviation),
            joined(synonyms or []),
            category,
            blank_as_none(icd10),
            reviewed.date().isoformat() if reviewed else None,
            page.format(slug),
        ]


def published_complications():
    return Complication.objects.public()


COMPLICATIONS = Table(
    name="complications",
    title="Complications of alemtuzumab",
    description="One row per complication that has a page of its own.",
    columns=(
        Column(
            "slug",
            "string",
            "Stable key of the complication (the API's complications/{slug}/).",
            required=True,
        ),
        Column("name", "string", "Name of the complication.", required=True),
        Column("abbreviation", "string", "Its usual abbreviation, if it has one."),
        Column("synonyms", "string", f"Other names the sources use, joined with '{JOIN}'."),
        choice_column("category", Category, "Kind of complication.", required=True),
        Column(
            "icd10_code",
            "string",
            "WHO ICD-10 code, only where one maps the complication exactly.",
        ),
        Column(
            "last_reviewed",
            "date",
            "When a reviewer last published something on its page (UTC date).",
        ),
        Column("page_url", "string", "Its page on this site (a path).", required=True),
    ),
    rows=complication_rows,
    queryset=published_complications,
    primary_key=("slug",),
)


# Statements

STATEMENT_FIELDS = [
    "id",
    "complication__slug",
    "key",
    "section",
    "position",
    "key_point",
    "text",
    "evidence_kind",
    "attribution",
    "speculative",
    "frequency_low",
    "frequency_high",
    "frequency_per",
    "approximate",
    "onset_min",
    "onset_max",
    "onset_unit",
    "onset_min_days",
    "onset_max_days",
    "onset_anchor",
    "measure",
    "interval_value",
    "interval_unit",
    "duration_min",
    "duration_max",
    "duration_unit",
    "counted_from",
    "citation_id",
    "source_document__slug",
    "quote",
]


def in_page_order(queryset):
    """By complication, then section in page order, then place within the section."""
    section_rank = Case(
        *[When(section=value, then=Value(i)) for i, value in enumerate(Section.values)],
        output_field=IntegerField(),
    )
    return queryset.order_by("complication__slug", section_rank, "position", "key")


def statement_rows(queryset):
    also_on = public_slugs(Statement.also_on.through, "statement", "complication", queryset)
    drugs = public_slugs(Statement.interventions.through, "statement", "intervention", queryset)
    page = path_of("complication-detail", "slug")
    for row in in_page_order(queryset).values_list(*STATEMENT_FIELDS):
        values = dict(zip(STATEMENT_FIELDS, row, strict=True))
        pk = values["id"]
        complication = values["complication__slug"]
        yield [
            pk,
            complication,
            joined(also_on.get(pk, [])),
            values["key"],
            values["section"],
            values["position"],
            values["key_point"],
            values["text"],
            *[values[name] for name in ("evidence_kind", "attribution", "speculative")],
            as_number(values["frequency_low"]),
            as_number(values["frequency_high"]),
            values["frequency_per"],
            values["approximate"],
            as_number(values["onset_min"]),
            as_number(values["onset_max"]),
            blank_as_none(values["onset_unit"]),
            values["onset_min_days"],
            values["onset_max_days"],
            blank_as_none(values["onset_anchor"]),
            blank_as_none(
                counted_text(
                    values["onset_min"],
                    values["onset_max"],
                    values["onset_unit"],
                    values["onset_anchor"],
                )
            ),
            blank_as_none(values["measure"]),
            as_number(values["interval_value"]),
            blank_as_none(values["interval_unit"]),
            as_number(values["duration_min"]),
            as_number(values["duration_max"]),
            blank_as_none(values["duration_unit"]),
            blank_as_none(values["counted_from"]),
            joined(drugs.get(pk, [])),
            values["citation_id"],
            values["source_document__slug"],
            values["quote"],
            f"{page.format(complication)}#statement-{pk}",
        ]


def published_statements():
    return Statement.objects.public()


def time_unit_column(name, what):
    return choice_column(name, TimeUnit, f"Unit of {what}; empty without one.")


def anchor_column(name, what):
    return choice_column(
        name,
        OnsetAnchor,
        f"What {what} is counted from, as the source states it; times counted from different "
        "events are not comparable. Days counted from course_start are day numbers (day 1 is "
        "the first day of the course).",
    )


STATEMENTS = Table(
    name="statements",
    title="Statements about complications",
    description=(
        "One row per statement on a complication page, with the kind of evidence it rests on, "
        "its incidence figure, onset window or schedule as numbers where the source states "
        "them, and the verbatim quote from its source document."
    ),
    columns=(
        Column("id", "integer", "Id of the statement (the API's statement id).", required=True),
        slug_column("complication", "the complication whose page it is on", required=True),
        Column(
            "also_on",
            "string",
            f"Slugs of other complications whose pages show it too, joined with '{JOIN}'.",
        ),
        Column(
            "key",
            "string",
            "Stable name of the statement within its complication.",
            required=True,
        ),
        choice_column(
            "section", Section, "Section of the page it is in, in page order.", required=True
        ),
        Column(
            "position",
            "integer",
            "Order within the section, smallest first.",
            required=True,
        ),
        Column(
            "key_point",
            "integer",
            "Place among the key points at the top of the page (1 first); empty when it is "
            "not a key point.",
        ),
        Column("text", "string", "The statement as the page shows it.", required=True),
        *evidence_columns(),
        Column(
            "frequency_low",
            "number",
            "Incidence: the lowest figure, in cases per frequency_per patients; empty when "
            "the source gives no number.",
        ),
        Column(
            "frequency_high",
            "number",
            "Incidence: the highest figure (the same as frequency_low for a single figure).",
        ),
        Column(
            "frequency_per",
            "integer",
            "Incidence: out of how many patients (100 for a percentage, 50 for '1 in 50').",
        ),
        Column(
            "approximate",
            "boolean",
            "The source qualifies its number ('~', 'about', 'approximately').",
            required=True,
        ),
        Column(
            "onset_min",
            "number",
            "Onset: start of the window, in onset_unit; empty when not stated.",
        ),
        Column(
            "onset_max",
            "number",
            "Onset: end of the window, in onset_unit; empty when open-ended or not stated.",
        ),
        time_unit_column("onset_unit", "the onset window"),
        Column(
            "onset_min_days",
            "number",
            "onset_min in days (a month is 30.44 days, a year 365.25).",
        ),
        Column("onset_max_days", "number", "onset_max in days."),
        anchor_column("onset_anchor", "the onset window"),
        Column(
            "onset_text",
            "string",
            "The onset window in words, with what it is counted from: 'days 1–4 of the course'.",
        ),
        Column(
            "measure",
            "string",
            "Schedule: what is monitored or given, or what lasts; empty when the statement "
            "states no schedule.",
        ),
        Column("interval_value", "number", "Schedule: how often, every … interval_unit."),
        time_unit_column("interval_unit", "interval_value"),
        Column(
            "duration_min",
            "number",
            "Schedule: for how long, the shortest time stated, in duration_unit.",
        ),
        Column(
            "duration_max",
            "number",
            "Schedule: the longest time stated; empty when open-ended ('at least').",
        ),
        time_unit_column("duration_unit", "the duration"),
        anchor_column("counted_from", "the schedule's duration"),
        *provenance_columns(),
        Column(
            "page_url",
            "string",
            "The statement on its complication's page (a path).",
            required=True,
        ),
    ),
    rows=statement_rows,
    queryset=published_statements,
    primary_key=("id",),
    foreign_keys=(
        references("complication", "complications", "slug"),
        references("citation_id", "citations", "id"),
        references("source_document", "source-documents", "slug"),
    ),
)


# Citations

CITATION_FIELDS = [
    "id",
    "slug",
    "kind",
    "title",
    "journal",
    "journal_full",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "url",
    "authors_truncated",
    "full_text__slug",
]


def author_name(family, given):
    return f"{family} {given}".strip()


def citation_rows(queryset):
    authors = lists_by(
        (citation_id, author_name(family, given))
        for citation_id, family, given in CitationAuthor.objects.filter(
            citation__in=queryset.values("pk")
        )
        .order_by("citation_id", "position")
        .values_list("citation_id", "family", "given")
    )
    page = path_of("citation-detail", "pk")
    for row in queryset.order_by("-year", "slug").values_list(*CITATION_FIELDS):
        values = dict(zip(CITATION_FIELDS, row, strict=True))
        pk = values["id"]
        doi = values["doi"]
        yield [
            pk,
            values["slug"],
            values["kind"],
            joined(authors.get(pk, [])),
            values["authors_truncated"],
            values["title"],
            blank_as_none(values["journal"]),
            blank_as_none(values["journal_full"]),
            values["year"],
            *[blank_as_none(values[name]) for name in ("volume", "issue", "pages")],
            blank_as_none(doi),
            f"https://doi.org/{doi}" if doi else None,
            blank_as_none(values["pmid"]),
            blank_as_none(values["url"]),
            values["full_text__slug"],
            page.format(pk),
        ]


def published_citations():
    return Citation.objects.public()


CITATIONS = Table(
    name="citations",
    title="Publications",
    description=(
        "One row per publication that a statement, a course statement or a reported patient "
        "rests on. DOIs and PMIDs are kept only where a source document states them."
    ),
    columns=(
        Column(
            "id",
            "integer",
            "Id of the citation (the API's citations/{id}/; citation_id elsewhere).",
            required=True,
        ),
        Column(
            "slug",
            "string",
            "Stable key: first author and year, e.g. 'saarela-2018'.",
            required=True,
        ),
        choice_column(
            "kind",
            PublicationKind,
            "What kind of publication it is, as far as the sources tell.",
            required=True,
        ),
        Column(
            "authors",
            "string",
            f"Authors in order, each 'family given-initials', joined with '{JOIN}'; empty when "
            "the sources name none.",
        ),
        Column(
            "authors_truncated",
            "boolean",
            "The source lists only the first authors ('et al.'): authors is not the whole list.",
            required=True,
        ),
        Column("title", "string", "Title of the publication.", required=True),
        Column(
            "journal",
            "string",
            "The journal's abbreviated title as the sources give it (NLM style, e.g. 'Mult "
            "Scler Relat Disord').",
        ),
        Column("journal_full", "string", "The journal's full title, where a source states it."),
        Column("year", "integer", "Year of publication."),
        Column("volume", "string", "Volume."),
        Column("issue", "string", "Issue."),
        Column("pages", "string", "Page range or article number, as published."),
        Column("doi", "string", "DOI, only where a source states it."),
        Column("doi_url", "string", "The DOI as a link."),
        Column("pmid", "string", "PubMed ID, only where a source states it."),
        Column("url", "string", "Address of the publication, where one is known."),
        slug_column(
            "full_text",
            "the source document that is this publication's own text (source-documents.csv), "
            "when one is",
        ),
        Column("page_url", "string", "Its page on this site (a path).", required=True),
    ),
    rows=citation_rows,
    queryset=published_citations,
    primary_key=("id",),
    foreign_keys=(references("full_text", "source-documents", "slug"),),
)


# Source documents


def source_rows(queryset):
    page = path_of("source-detail", "slug")
    for slug, title, kind, author_line, has_comments in queryset.order_by("slug").values_list(
        "slug", "title", "kind", "author_line", "comments_start"
    ):
        yield [
            slug,
            title,
            kind,
            blank_as_none(author_line),
            has_comments is not None,
            page.format(slug),
        ]


def published_sources():
    return SourceDocument.objects.public()


SOURCE_DOCUMENTS = Table(
    name="source-documents",
    title="Source documents",
    description=(
        "One row per document that statements, course statements and reported patients quote. "
        "The documents' text is not included (it holds reader comments and publishers' "
        "articles): each statement carries its quote, and page_url shows the whole document "
        "with every quoted passage highlighted."
    ),
    columns=(
        Column(
            "slug",
            "string",
            "Stable key of the document (the API's sources/{slug}/).",
            required=True,
        ),
        Column("title", "string", "Title of the document.", required=True),
        choice_column("kind", SourceDocumentKind, "What kind of document it is.", required=True),
        Column(
            "author_line",
            "string",
            "The author as the document shows it, misspellings included.",
        ),
        Column(
            "has_comments",
            "boolean",
            "The document ends with reader comments, which are never evidence (a reply by "
            "its own authors may be quoted, as expert opinion).",
            required=True,
        ),
        Column(
            "page_url",
            "string",
            "The document verbatim on this site (a path).",
            required=True,
        ),
    ),
    rows=source_rows,
    queryset=published_sources,
    primary_key=("slug",),
)


# Drugs


def drug_rows(queryset):
    for slug, name, kind, drug_class, brand_names in queryset.order_by("name").values_list(
        "slug", "name", "kind", "drug_class", "brand_names"
    ):
        yield [slug, name, kind, blank_as_none(drug_class), joined(brand_names or [])]


def published_drugs():
    return Intervention.objects.public()


DRUGS = Table(
    name="drugs",
    title="Drugs and procedures",
    description=(
        "The vocabulary of drugs and procedures that statements, course statements and "
        "reported patients name by slug."
    ),
    columns=(
        Column(
            "slug",
            "string",
            "Stable key (the API's drugs/ and its treatment filters).",
            required=True,
        ),
        Column("name", "string", "Generic name, lower case.", required=True),
        choice_column("kind", InterventionKind, "A drug or a procedure.", required=True),
        Column(
            "drug_class",
            "string",
            "Class or mechanism, e.g. 'anti-CD20 monoclonal antibody'.",
        ),
        Column("brand_names", "string", f"Brand names, joined with '{JOIN}'."),
    ),
    rows=drug_rows,
    queryset=published_drugs,
    primary_key=("slug",),
)


# Course statements

COURSE_STATEMENT_FIELDS = [
    "id",
    "key",
    "position",
    "text",
    "evidence_kind",
    "attribution",
    "speculative",
    "course_number",
    "infusion_days",
    "daily_dose_mg",
    "after_previous_value",
    "after_previous_unit",
    "citation_id",
    "source_document__slug",
    "quote",
]


def course_statement_rows(queryset):
    drugs = public_slugs(
        CourseStatement.interventions.through, "coursestatement", "intervention", queryset
    )
    page = reverse("courses")
    for row in queryset.order_by("position", "key").values_list(*COURSE_STATEMENT_FIELDS):
        values = dict(zip(COURSE_STATEMENT_FIELDS, row, strict=True))
        pk = values["id"]
        yield [
            pk,
            values["key"],
            values["position"],
            values["text"],
            *[values[name] for name in ("evidence_kind", "attribution", "speculative")],
            values["course_number"],
            values["infusion_days"],
            as_number(values["daily_dose_mg"]),
            as_number(values["after_previous_value"]),
            blank_as_none(values["after_previous_unit"]),
            joined(drugs.get(pk, [])),
            values["citation_id"],
            values["source_document__slug"],
            values["quote"],
            f"{page}#course-statement-{pk}",
        ]


def published_course_statements():
    return CourseStatement.objects.public()


COURSE_STATEMENTS = Table(
    name="course-statements",
    title="Statements about how alemtuzumab is given",
    description=(
        "One row per statement about alemtuzumab courses (doses, infusions, intervals, "
        "further courses), with the course as numbers where the source states them and the "
        "verbatim quote from its source document."
    ),
    columns=(
        Column(
            "id",
            "integer",
            "Id of the course statement (the API's courses/).",
            required=True,
        ),
        Column("key", "string", "Stable name of the statement.", required=True),
        Column("position", "integer", "Order on the page, smallest first.", required=True),
        Column("text", "string", "The statement as the page shows it.", required=True),
        *evidence_columns(),
        Column(
            "course_number",
            "integer",
            "Which course the statement is about (1 = the first).",
        ),
        Column("infusion_days", "integer", "How many daily infusions the course has."),
        Column("daily_dose_mg", "number", "Dose per day, in mg."),
        Column(
            "after_previous_value",
            "number",
            "Time since the previous course, in after_previous_unit.",
        ),
        time_unit_column("after_previous_unit", "after_previous_value"),
        *provenance_columns(),
        Column("page_url", "string", "The statement on the courses page (a path).", required=True),
    ),
    rows=course_statement_rows,
    queryset=published_course_statements,
    primary_key=("id",),
    foreign_keys=(
        references("citation_id", "citations", "id"),
        references("source_document", "source-documents", "slug"),
    ),
)

TABLES = [COMPLICATIONS, STATEMENTS, COURSE_STATEMENTS, CITATIONS, SOURCE_DOCUMENTS, DRUGS]
