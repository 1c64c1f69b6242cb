"""Site search across complications, statements, cases, citations and sources.

PostgreSQL ranks with its full-text search over each row's stored, GIN-indexed search vector
(stemmed English, weighted fields: complications/models/search.py); elsewhere
(SQLite) every word must occur in some field and results are ranked by where the words occur.
Each kind of result is ranked on its own and cut to a fixed number, so a search costs the
same number of queries however large the knowledge base grows.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cases.models import Patient
from complications.models import Citation, Complication, SourceDocument, Statement
from complications.models.base import words_match
from complications.models.search import SEARCH_CONFIG

RESULTS_PER_KIND = 10
FALLBACK_CANDIDATES = 200
SNIPPET_RADIUS = 110


@dataclass
class Result:
    title: str
    url: str
    snippet: str
    rank: float


@dataclass
class Kind:
    """One kind of result: what to search, in which fields, by weight, and how to show it."""

    name: str
    queryset: callable
    fields: dict  # {field: weight "A" (strongest) to "D"}
    title: callable
    url: callable

    def text_of(self, obj):
        return [str(getattr(obj, field) or "") for field in self.fields]


KINDS = [
    Kind(
        "Complications",
        lambda: Complication.objects.published(),
        {"name": "A", "abbreviation": "A", "synonyms_text": "B"},
        lambda c: c.name,
        lambda c: c.get_absolute_url(),
    ),
    Kind(
        "Statements",
        lambda: (
            Statement.objects.published()
            .filter(complication__status="published")
            .select_related("complication")
        ),
        {"text": "A", "quote": "B"},
        lambda s: f"{s.complication.name}: {s.get_section_display()}",
        lambda s: s.get_absolute_url(),
    ),
    Kind(
        "Cases",
        lambda: Patient.objects.published().select_related("report__citation"),
        {
            "label": "B",
            "disease_detail": "B",
            "presentation": "A",
            "course": "B",
            "history": "C",
            "investigations": "C",
            "outcome_detail": "B",
        },
        lambda p: f"{p.label}, {p.report.citation.title}",
        lambda p: p.get_absolute_url(),
    ),
    Kind(
        "References",
        lambda: Citation.objects.published(),
        {"title": "A", "author_names": "B", "journal": "C"},
        lambda c: c.title,
        lambda c: c.get_absolute_url(),
    ),
    Kind(
        "Source documents",
        lambda: SourceDocument.objects.published(),
        {"title": "A", "text": "B"},
        lambda s: s.title,
        lambda s: s.get_absolute_url(),
    ),
]


def words_of(query):
    return [w for w in re.findall(r"\w[\w'-]*", query.lower()) if len(w) > 1][:10]


def with_text_fields(kind, queryset):
    """Annotate the computed text fields a kind shows and ranks by (synonyms as text)."""
    if "synonyms_text" in kind.fields:
        queryset = queryset.annotate(synonyms_text=Cast("synonyms", TextField()))
    return queryset


def postgres_search(kind, query):
    """Rows whose stored, GIN-indexed search vector matches, best ranked first."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    queryset = with_text_fields(kind, kind.queryset())
    return list(
        queryset.filter(search_vector=search_query)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "pk")[:RESULTS_PER_KIND]
    )


def fallback_search(kind, words):
    fields = [f for f in kind.fields if not f.endswith("_text")]
    if "synonyms_text" in kind.fields:
        fields.append("synonyms")
    queryset = kind.queryset().having(words_match(" ".join(words), fields))
    candidates = list(with_text_fields(kind, queryset)[:FALLBACK_CANDIDATES])
    weights = {"A": 4, "B": 2, "C": 1, "D": 0.5}
    for obj in candidates:
        texts = dict(zip(kind.fields, kind.text_of(obj), strict=True))
        obj.rank = sum(
            weights[weight] * texts[field].lower().count(word)
            for field, weight in kind.fields.items()
            for word in words
        )
    candidates.sort(key=lambda obj: (-obj.rank, obj.pk))
    return candidates[:RESULTS_PER_KIND]


def snippet(texts, words):
    """A window of the first text that holds a word, escaped, with the words in <mark>."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.I)
    for text in texts:
        match = pattern.search(text)
        if match:
            start = max(match.start() - SNIPPET_RADIUS, 0)
            end = min(match.end() + SNIPPET_RADIUS, len(text))
            window = " ".join(text[start:end].split())
            marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", window)
            html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
            return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
    return ""


def search(query):
    """[(kind name, [Result])] for the kinds with results, each ranked best first."""
    words = words_of(query)
    if not words:
        return []
    groups = []
    for kind in KINDS:
        if connection.vendor == "postgresql":
            objects = postgres_search(kind, query)
        else:
            objects = fallback_search(kind, words)
        results = [
            Result(kind.title(obj), kind.url(obj), snippet(kind.text_of(obj), words), obj.rank)
            for obj in objects
        ]
        if results:
            groups.append((kind.name, results))
    return groups
