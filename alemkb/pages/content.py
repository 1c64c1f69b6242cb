"""What the combined pages show, assembled from the two apps' querysets."""

from dataclasses import dataclass
from itertools import groupby

from cases.models import Patient, PatientComplication, Report
from complications.models import Category, Section
from complications.models.statements import SECTION_ORDER

from .chart import CaseOnset, build_chart


def case_onsets_for(complications):
    """{complication id: [CaseOnset]} for the published patients with a known onset."""
    links = PatientComplication.objects.with_known_onset().filter(complication__in=complications)
    onsets = {}
    for link in links:
        onset = CaseOnset(
            link.onset_days,
            link.onset_detail or link.onset_text,
            link.patient.label,
            link.patient.get_absolute_url(),
        )
        onsets.setdefault(link.complication_id, []).append(onset)
    return onsets


def risk_chart(complications):
    return build_chart(complications, case_onsets_for(complications))


def statements_in(complication, section):
    return [s for s in complication.statements.all() if s.section == section]


def at_a_glance(complication):
    """The incidence figures and onset windows a list shows, as the sources word them."""
    incidence = [s.frequency_text for s in statements_in(complication, Section.INCIDENCE)]
    onset = [s.onset_window for s in statements_in(complication, Section.ONSET)]
    return {
        "incidence": [text for text in incidence if text],
        "onset": list(dict.fromkeys(text for text in onset if text)),
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


class References:
    """Numbers every citation and source document in the order the page first cites them."""

    def __init__(self):
        self.by_key = {}

    def number(self, obj):
        if obj is None:
            return None
        key = (type(obj).__name__, obj.pk)
        if key not in self.by_key:
            kind = "citation" if type(obj).__name__ == "Citation" else "source_document"
            self.by_key[key] = Reference(len(self.by_key) + 1, **{kind: obj})
        return self.by_key[key].number

    @property
    def entries(self):
        return list(self.by_key.values())


@dataclass
class CitedStatement:
    statement: object
    references: list


def page_sections(complication, references):
    """[(section label, [CitedStatement])] in the fixed page order, numbering references."""
    labels = dict(Section.choices)
    statements = sorted(
        complication.statements.all(), key=lambda s: (SECTION_ORDER[s.section], s.position, s.pk)
    )
    sections = []
    for section, rows in groupby(statements, lambda s: s.section):
        cited = [
            CitedStatement(
                s,
                [
                    n
                    for n in (references.number(s.citation), references.number(s.source_document))
                    if n
                ],
            )
            for s in rows
        ]
        sections.append((section, labels[section], cited))
    return sections


def reported_cases(complication):
    return Patient.objects.published().with_complication(complication).with_details().fatal_first()


def aggregate_reports(complication):
    return (
        Report.objects.published().aggregate_only().about(complication).select_related("citation")
    )
