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
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe

from cases.models import Patient
from complications.models import (
    Citation,
    Complication,
    CourseStatement,
    SourceDocument,
    Statement,
)
from complications.models.base import words_match
from complications.models.search import SEARCH_CONFIG

from .spelling import spellings

RESULTS_PER_KIND = 10
# PostgreSQL ranks at most this many matches of each kind: a query that matches nearly every
# row (100,000 patients) cost 200 ms to rank them all, for ten results. Below it, every match
# is ranked, as it is for any query on the real data.
RANKED_CANDIDATES = 2000
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
    """One kind of result: what to search and how to show it. The fields it searches, and
    their weights, are those of the model's stored search vector."""

    name: str
    queryset: callable
    title: callable
    url: callable

    @property
    def fields(self):
        """{field: weight "A" (strongest) to "D"}."""
        model = self.queryset().model
        return model._meta.get_field("search_vector").weighted_fields

    def text_of(self, obj):
        return [as_text(getattr(obj, field)) for field in self.fields]


def as_text(value):
    if isinstance(value, list):  # synonyms
        return "; ".join(value)
    return str(value or "")


KINDS = [
    Kind(
        "Complications",
        lambda: Complication.objects.public(),
        lambda c: c.name,
        lambda c: c.get_absolute_url(),
    ),
    Kind(
        "Statements",
        lambda: Statement.objects.public().select_related("complication"),
        lambda s: f"{s.complication.name}: {s.get_section_display()}",
        lambda s: s.get_absolute_url(),
    ),
    Kind(
        "How alemtuzumab is given",
        lambda: CourseStatement.objects.public(),
        lambda s: "How alemtuzumab is given",
        lambda s: s.get_absolute_url(),
    ),
    Kind(
        "Cases",
        lambda: (
            Patient.objects.public()
            .select_related("report__citation")
            .prefetch_related("report__citation__authors")
        ),
        lambda p: p.heading,
        lambda p: p.get_absolute_url(),
    ),
    Kind(
        "References",
        lambda: Citation.objects.public(),
        lambda c: c.title,
        lambda c: c.get_absolute_url(),
    ),
    Kind(
        "Source documents",
        lambda: SourceDocument.objects.public(),
        lambda s: s.title,
        lambda s: s.get_absolute_url(),
    ),
]


def words_of(query):
    return [w for w in re.findall(r"\w[\w'-]*", query.lower()) if len(w) > 1][:10]


def spelled_queries(query, words):
    """The query as typed, and as typed with each word in its other spelling (at most a few:
    a query rarely holds more than one or two words spelled differently in the US and UK)."""
    queries = {query}
    for word in words:
        for other in spellings(word) - {word}:
            pattern = re.compile(rf"\b{re.escape(word)}\b", re.I)
            queries |= {pattern.sub(other, q) for q in queries}
            if len(queries) >= 8:
                return queries
    return queries


def postgres_search(kind, query, words):
    """Rows whose stored, GIN-indexed search vector matches, best ranked first."""
    from django.contrib.postgres.search import SearchQuery, SearchRank

    search_query = None
    for spelled in sorted(spelled_queries(query, words)):
        one = SearchQuery(spelled, search_type="websearch", config=SEARCH_CONFIG)
        search_query = one if search_query is None else search_query | one
    matches = kind.queryset().filter(search_vector=search_query)
    candidates = matches.order_by().values("pk")[:RANKED_CANDIDATES]
    return list(
        matches.filter(pk__in=candidates)
        .annotate(rank=SearchRank(F("search_vector"), search_query))
        .order_by("-rank", "pk")[:RESULTS_PER_KIND]
    )


def fallback_search(kind, words):
    condition = Q()
    for word in words:
        any_spelling = Q()
        for spelled in spellings(word):
            any_spelling |= words_match(spelled, list(kind.fields))
        condition &= any_spelling
    queryset = kind.queryset().having(condition)
    candidates = list(queryset[:FALLBACK_CANDIDATES])
    weights = {"A": 4, "B": 2, "C": 1, "D": 0.5}
    for obj in candidates:
        texts = dict(zip(kind.fields, kind.text_of(obj), strict=True))
        obj.rank = sum(
            weights[weight] * texts[field].lower().count(spelled)
            for field, weight in kind.fields.items()
            for word in words
            for spelled in spellings(word)
        )
    candidates.sort(key=lambda obj: (-obj.rank, obj.pk))
    return candidates[:RESULTS_PER_KIND]


def snippet(texts, words):
    """A window of the first text that holds a word, escaped, with the words in <mark>."""
    every = sorted({spelled for word in words for spelled in spellings(word)})
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in every) + r")\w*", re.I)
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
            objects = postgres_search(kind, query, words)
        else:
            objects = fallback_search(kind, words)
        results = [
            Result(kind.title(obj), kind.url(obj), snippet(kind.text_of(obj), words), obj.rank)
            for obj in objects
        ]
        if results:
            groups.append((kind.name, results))
    return groups
