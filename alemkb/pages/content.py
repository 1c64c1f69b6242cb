"""What the combined pages show, assembled from the two apps' querysets."""

import math
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, F, Max, Min, Value
from django.db.models.functions import Floor, Greatest, Ln
from django.urls import reverse

from cases.models import Patient, PatientComplication, Report
from complications.models import Category, Citation, OnsetAnchor, Section

from .bibliography import formatted
from .chart import AXIS_START_DAYS, CaseOnset, build_chart

# Patients' onsets are drawn in bins of a twelfth of a decade: a few dozen marks per
# complication however many patients are reported, each with its count.
BINS_PER_DECADE = 12


def case_onsets_for(complications):
    """{complication id: [CaseOnset]}: published patients' known onsets, binned on the log axis."""
    days = Greatest(F("onset_days"), Value(AXIS_START_DAYS))
    bins = (
        PatientComplication.objects.with_known_onset()
        .filter(complication__in=complications)
        # Ln of a float, not Log(10, …): PostgreSQL's two-argument log works on numeric, and
        # converting every onset to numeric made this query several times slower.
        # (The tiny addend keeps onsets on a bin's edge, such as 1,000 days, in the bin above,
        # where log10 puts them; ln(x)/ln(10) can fall a rounding error short.)
        .annotate(bin=Floor(Ln(days) * (BINS_PER_DECADE / math.log(10)) + 1e-9))
        # Onsets counted from different events (a course's start, the last course) are never
        # pooled in one mark.
        .values("complication_id", "onset_anchor", "bin")
        .annotate(
            count=Count("pk"),
            low=Min("onset_days"),
            high=Max("onset_days"),
            patient_id=Min("patient_id"),
        )
        .order_by()
    )
    bins = list(bins)
    slugs = {c.pk: c.slug for c in complications}
    singles = {
        link.patient_id: link
        for link in PatientComplication.objects.filter(
            patient_id__in=[b["patient_id"] for b in bins if b["count"] == 1]
        )
        .select_related("patient__report__citation")
        .prefetch_related("patient__report__citation__authors")
    }
    onsets = {}
    for b in bins:
        link = singles.get(b["patient_id"]) if b["count"] == 1 else None
        if link is not None and link.complication_id == b["complication_id"]:
            onset = CaseOnset(
                b["low"],
                link.onset_text or link.onset_detail,
                link.patient.heading,
                link.patient.get_absolute_url(),
            )
        else:
            span = format_days(b["low"])
            if b["high"] != b["low"]:
                span = f"{span} to {format_days(b['high'])}"
            anchor = OnsetAnchor(b["onset_anchor"] or OnsetAnchor.NOT_STATED).label
            onset = CaseOnset(
                b["low"],
                f"onset {span} after {anchor}",
                f"{b['count']} patients",
                reverse("case-list")
                + f"?complication={slugs[b['complication_id']]}&ordering=onset",
                b["count"],
            )
        onsets.setdefault(b["complication_id"], []).append(onset)
    return onsets


def format_days(days):
    """'4 days', '6 months', '3 years': in the unit a source would use, not false precision."""
    if days < 1:
        return f"{days * 24:.0f} hours"
    if days < 60:
        return f"{days:.0f} days"
    if days < 2 * 365.25:
        return f"{days / 30.4375:.0f} months"
    return f"{days / 365.25:.0f} years"


def risk_chart(complications):
    return build_chart(complications, case_onsets_for(complications))


def statements_in(complication, section):
    return [s for s in complication.page_statements() if s.section == section]


@dataclass(frozen=True)
class Figure:
    """A headline figure as the source words it, with its evidence in words."""

    text: str
    evidence: str
    statement: object


def within_another(statement, others):
    """An onset window inside a wider one counted from the same event ("day 4" inside
    "days 1–4"): the wider one says it already."""
    low = statement.onset_min_days if statement.onset_min_days is not None else 0
    high = statement.onset_max_days if statement.onset_max_days is not None else float("inf")
    for other in others:
        if other is statement or other.onset_anchor != statement.onset_anchor:
            continue
        other_low = other.onset_min_days if other.onset_min_days is not None else 0
        other_high = other.onset_max_days if other.onset_max_days is not None else float("inf")
        wider = (other_low, other_high) != (low, high)
        if wider and other_low <= low and high <= other_high:
            return True
    return False


def at_a_glance(complication):
    """The incidence figures and onset windows a list shows, as the sources word them, each
    with the kind of evidence it rests on and who says it."""
    incidence = [s for s in statements_in(complication, Section.INCIDENCE) if s.frequency_text]
    onset = [s for s in statements_in(complication, Section.ONSET) if s.onset_text]
    onset = [s for s in onset if not within_another(s, onset)]
    return {
        "incidence": [Figure(s.frequency_text, s.evidence_line, s) for s in incidence],
        "onset": [Figure(s.onset_text, s.evidence_line, s) for s in onset],
    }


def by_category(complications):
    """[(category label, [complication, …])] in the vocabulary's order."""
    labels = dict(Category.choices)
    return [(labels[key], list(rows)) for key, rows in groupby(complications, lambda c: c.category)]


@dataclass
class Reference:
    number: int
    citation: object = None
    source_document: object = None
    html: str = ""  # a citation as the CSL processor formats it


class References:
    """Numbers every citation and source document in the order the page first cites them."""

    def __init__(self):
        self.by_key = {}
        # A source document that is a publication's own text shares that publication's
        # number (Citation.full_text): a statement quoting Zhao et al. cites one work.
        texts = Citation.objects.public().filter(full_text__isnull=False).with_authors()
        self.publication_of_text = {citation.full_text_id: citation for citation in texts}

    def number(self, obj):
        if obj is None:
            return None
        if type(obj).__name__ == "SourceDocument":
            obj = self.publication_of_text.get(obj.pk, obj)
        key = (type(obj).__name__, obj.pk)
        if key not in self.by_key:
            kind = "citation" if type(obj).__name__ == "Citation" else "source_document"
            self.by_key[key] = Reference(len(self.by_key) + 1, **{kind: obj})
        return self.by_key[key].number

    @property
    def entries(self):
        """The references in number order, citations formatted in AMA style (bibliography.py)."""
        entries = list(self.by_key.values())
        html = formatted(entry.citation for entry in entries if entry.citation)
        for entry in entries:
            if entry.citation:
                entry.html = html[entry.citation.pk]
        return entries


@dataclass
class CitedStatement:
    statement: object
    references: list


def cited(statements, references):
    """[CitedStatement] for `statements`, numbering their citations and sources in order."""
    return [
        CitedStatement(
            s,
            sorted(
                {
                    n
                    for n in (references.number(s.citation), references.number(s.source_document))
                    if n
                }
            ),
        )
        for s in statements
    ]


def key_points(complication, references):
    """[CitedStatement]: the statements editors chose as the page's key points, in their order."""
    chosen = [s for s in complication.statements.all() if s.key_point is not None]
    return cited(sorted(chosen, key=lambda s: s.key_point), references)


@dataclass
class Group:
    """Consecutive statements of a section resting on the same evidence from the same source:
    the attribution is said once, above them, instead of in every line."""

    evidence: str
    evidence_kind: str
    statements: list

    def __len__(self):
        return len(self.statements)


def grouped_by_evidence(cited_statements):
    def origin(item):
        s = item.statement
        return (s.evidence_kind, s.citation_id, s.source_document_id, s.attribution)

    return [
        Group(rows[0].statement.evidence_line, rows[0].statement.evidence_kind, rows)
        for rows in (list(g) for _, g in groupby(cited_statements, origin))
    ]


def page_sections(complication, references):
    """[(section, label, [Group], statement count)] in the fixed page order, numbering
    references."""
    labels = dict(Section.choices)
    statements = complication.page_statements()
    sections = []
    for section, rows in groupby(statements, lambda s: s.section):
        groups = grouped_by_evidence(cited(rows, references))
        sections.append((section, labels[section], groups, sum(map(len, groups))))
    return sections


CASES_ON_A_PAGE = 50


def reported_cases(complication, user=None):
    """The first public patients to show (deaths first) and how many there are in all."""
    patients = Patient.objects.public().with_complication(complication)
    return patients.fatal_first().leading(CASES_ON_A_PAGE, user), patients.count()


def aggregate_reports(complication):
    return Report.objects.public().aggregate_only().about(complication).select_related("citation")
