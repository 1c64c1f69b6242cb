"""The coverage ledger (fixtures/ledger/coverage.yaml) against the seeded database.

The ledger walks every seed document paragraph by paragraph, and every reply by the blog's own
authors in the comments, and says for each either which curated rows quote it or why nothing
from it is curated. These tests keep it true: every paragraph is listed once and in order, every
listed row exists and quotes the passage it is listed under, nothing is left as a gap, and every
curated statement, course statement, citation mention, report, report count and patient appears
in it, so content added later must be placed in the ledger too.

The ledger sits in a folder of its own: `manage.py seed` loads every .yaml file of fixtures/
itself as a fixture.
"""

import re

import yaml
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError, ObjectDoesNotExist
from django.test import TestCase

from complications.models import SourceDocument
from curation.seeding import seed_fixture_paths

LEDGER = settings.SEED_FIXTURES_DIR / "ledger" / "coverage.yaml"

# Paragraphs are separated by one or more blank lines (a blank line may hold spaces, tabs or
# non-breaking spaces).
PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
# A reply starts right after its bullet and runs to the next bullet (or the end of the page).
BULLET = "•"

# The models whose every row must be listed (patient details are reached through their patient).
LISTED_MODELS = [
    "complications.statement",
    "complications.coursestatement",
    "complications.citationmention",
    "cases.report",
    "cases.reportcount",
    "cases.patient",
]
ENTRY_KEYS = {"starts", "rows", "excluded", "by", "gap"}


def body_paragraphs(body):
    """(start, end) of each paragraph of `body`, stripped, empty ones dropped, in order."""
    spans, start = [], 0
    for separator in [*PARAGRAPH_BREAK.finditer(body), None]:
        end = separator.start() if separator else len(body)
        chunk = body[start:end]
        if chunk.strip():
            offset = start + len(chunk) - len(chunk.lstrip())
            spans.append((offset, offset + len(chunk.strip())))
        if separator:
            start = separator.end()
    return spans


def reply_span(document, starts):
    """(start, end) of the reply beginning with `starts` in the comments, or None: the reply
    must open right after a bullet and ends at the next bullet."""
    if document.comments_start is None:
        return None
    text = document.text
    index = text.find(starts, document.comments_start)
    if index < 0 or not re.search(rf"{BULLET}[ \t\u00a0]*$", text[document.comments_start : index]):
        return None
    end = text.find(BULLET, index)
    return index, end if end >= 0 else len(text)


def occurrences(text, quote):
    index = text.find(quote)
    while index >= 0:
        yield index, index + len(quote)
        index = text.find(quote, index + 1)


def short(text, length=50):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def label(document, kind, number, entry):
    return f"{document} {kind} {number} (“{short(entry.get('starts') or '')}”)"


class CoverageLedgerTests(TestCase):
    fixtures = seed_fixture_paths()

    @classmethod
    def setUpTestData(cls):
        cls.ledger = yaml.safe_load(LEDGER.read_text(encoding="utf-8"))
        cls.documents = {d.slug: d for d in SourceDocument.objects.all()}

    def assert_none(self, problems):
        if problems:
            self.fail("\n".join(problems))

    def entries(self):
        """(document, 'paragraph' or 'reply', number, entry, span) for every ledger entry."""
        for item in self.ledger:
            document = self.documents[item["document"]]
            body = document.article_text
            paragraphs = body_paragraphs(body)
            for number, entry in enumerate(item.get("paragraphs") or [], start=1):
                # The paragraph at the entry's place, or else the one it starts (so that one
                # missing entry does not make every later row look misplaced).
                candidates = paragraphs[number - 1 : number] + paragraphs
                span = next(
                    (
                        (start, end)
                        for start, end in candidates
                        if body[start:end].startswith(entry.get("starts") or "\0")
                    ),
                    None,
                )
                yield document, "paragraph", number, entry, span
            for number, entry in enumerate(item.get("replies") or [], start=1):
                yield document, "reply", number, entry, reply_span(document, entry["starts"])

    def listed_rows(self):
        for document, kind, number, entry, span in self.entries():
            for row in entry.get("rows") or []:
                ((model_label, key),) = row.items()
                yield document, kind, number, entry, span, model_label, key

    def test_the_ledger_lists_every_seed_document_once(self):
        listed = [item["document"] for item in self.ledger]
        self.assertEqual(sorted(listed), sorted(self.documents), "the ledger's documents")

    def test_every_paragraph_of_every_seed_is_listed_in_order(self):
        problems = []
        for item in self.ledger:
            document = self.documents[item["document"]]
            body = document.article_text
            paragraphs = body_paragraphs(body)
            entries = item.get("paragraphs") or []
            if len(entries) != len(paragraphs):
                problems.append(
                    f"{document.slug}: the ledger lists {len(entries)} paragraphs, the article "
                    f"body has {len(paragraphs)}"
                )
            starts = [entry.get("starts") or "" for entry in entries]
            for duplicate in {s for s in starts if starts.count(s) > 1}:
                problems.append(f"{document.slug}: “{short(duplicate)}” starts two entries")
            pairs = zip(entries, paragraphs, strict=False)  # a length mismatch is reported above
            for number, (entry, (start, end)) in enumerate(pairs, start=1):
                if not entry.get("starts") or not body[start:end].startswith(entry["starts"]):
                    problems.append(
                        f"{label(document.slug, 'paragraph', number, entry)} does not start the "
                        f"body's paragraph {number}, which begins “{short(body[start:end])}”"
                    )
        self.assert_none(problems)

    def test_every_reply_listed_is_an_authors_reply_found_in_the_comments(self):
        problems = []
        for document, kind, number, entry, span in self.entries():
            if kind == "reply" and span is None:
                problems.append(
                    f"{label(document.slug, kind, number, entry)} does not open a reply (just "
                    "after a bullet) in the comments"
                )
            if kind == "reply" and not entry.get("by"):
                problems.append(f"{label(document.slug, kind, number, entry)}: say who wrote it")
        self.assert_none(problems)

    def test_every_entry_has_rows_or_a_reason_for_exclusion_and_no_gap_remains(self):
        problems = []
        for document, kind, number, entry, _span in self.entries():
            name = label(document.slug, kind, number, entry)
            if set(entry) - ENTRY_KEYS:
                problems.append(f"{name}: unknown keys {sorted(set(entry) - ENTRY_KEYS)}")
            if "gap" in entry:
                problems.append(f"{name}: gap left uncurated: {entry['gap']}")
            rows, excluded = entry.get("rows"), entry.get("excluded")
            if bool(rows) == bool(excluded):
                problems.append(f"{name}: give either rows or excluded (a reason), not both")
            if excluded is not None and not (isinstance(excluded, str) and excluded.strip()):
                problems.append(f"{name}: the reason for exclusion is empty")
            if rows is not None and not all(isinstance(r, dict) and len(r) == 1 for r in rows):
                problems.append(f"{name}: each row is one “model: natural key” pair")
        self.assert_none(problems)

    def test_every_listed_row_exists_and_quotes_the_passage_it_is_listed_under(self):
        problems = []
        for document, kind, number, entry, span, model_label, key in self.listed_rows():
            name = f"{label(document.slug, kind, number, entry)}: {model_label} {key}"
            model = apps.get_model(model_label)
            try:
                obj = model._default_manager.get_by_natural_key(*key)
            except (ObjectDoesNotExist, FieldError, TypeError, ValueError) as error:
                problems.append(f"{name} is not in the seeded database ({error})")
                continue
            source = model.provenance.source_of(obj)
            if source is None or source.pk != document.pk:
                problems.append(f"{name} is quoted from “{source}”, not from this document")
                continue
            quotes = [getattr(obj, f) for f in model.provenance.quote_fields if getattr(obj, f)]
            overlaps = span is not None and any(
                start < span[1] and end > span[0]
                for quote in quotes
                for start, end in occurrences(document.text, quote)
            )
            if not overlaps:
                problems.append(f"{name}: none of its quotes lies in this passage")
        self.assert_none(problems)

    def test_every_curated_statement_report_and_patient_is_listed_in_the_ledger(self):
        listed = {(model_label, tuple(key)) for *_rest, model_label, key in self.listed_rows()}
        missing = []
        for model_label in LISTED_MODELS:
            model = apps.get_model(model_label)
            rows = model._default_manager.all()
            if hasattr(model, "status"):
                rows = rows.filter(status="published")
            for obj in rows:
                if (model_label, tuple(obj.natural_key())) not in listed:
                    missing.append(f"{model_label} {list(obj.natural_key())}")
        if missing:
            self.fail(
                "Curated rows that the coverage ledger does not list under the paragraph or "
                "reply they quote:\n" + "\n".join(missing)
            )
