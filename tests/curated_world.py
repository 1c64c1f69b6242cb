"""A small published knowledge base with one row of every curated model and every part, each
with a word of its own, for tests of what the public sees (built in the test, not the seeds)."""

from dataclasses import dataclass

from cases.models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    TimelineEvent,
    Treatment,
)
from complications.models import (
    Citation,
    CitationAuthor,
    CitationMention,
    Complication,
    Intervention,
    SourceDocument,
    Statement,
)
from curation.models import Status

TEXT = (
    "Report {w}: a 40-year-old woman developed the complication on day 3 of the first course. "
    "She had taken drug {w} before and was treated with drug {w} again; she recovered. "
    "Two of three patients in the series {w} had the complication. "
    "Smith et al. ({w}) described the case in detail."
)


@dataclass
class World:
    source: SourceDocument
    citation: Citation
    author: CitationAuthor
    mention: CitationMention
    complication: Complication
    statement: Statement
    drug: Intervention
    report: Report
    count: ReportCount
    patient: Patient
    link: PatientComplication
    prior: PriorTherapy
    treatment: Treatment
    event: TimelineEvent

    @property
    def curated(self):
        return [
            self.source,
            self.citation,
            self.complication,
            self.statement,
            self.drug,
            self.report,
            self.patient,
        ]


def make_world(word, status=Status.PUBLISHED, **shared):
    """Every curated row (published unless `status` says) and part, each naming `word`.

    `shared` may pass rows of another world to point at (e.g. source=…), as rows of a real
    knowledge base point at rows they share.
    """
    w = word
    source = shared.get("source") or SourceDocument.objects.create(
        slug=f"source-{w}",
        title=f"Source {w}",
        kind="journal_article",
        text=TEXT.format(w=w),
        status=status,
    )
    text = source.text
    citation = shared.get("citation") or Citation.objects.create(
        slug=f"citation-{w}", kind="case_report", title=f"Citation {w}", year=2020, status=status
    )
    author = CitationAuthor.objects.create(
        citation=citation,
        position=CitationAuthor.objects.filter(citation=citation).count() + 1,
        family=f"Author{w}",
        given="A",
    )
    mention = CitationMention.objects.create(
        citation=citation,
        source_document=source,
        quote=quote_in(text, "Smith et al."),
        reference_number=3,
    )
    complication = shared.get("complication") or Complication.objects.create(
        slug=f"complication-{w}", name=f"Complication {w}", category="autoimmune", status=status
    )
    statement = Statement.objects.create(
        complication=complication,
        key=f"statement-{w}",
        section="summary",
        text=f"Statement {w} about the complication.",
        quote=quote_in(text, "developed the complication on day 3"),
        source_document=source,
        citation=citation,
        evidence_kind="case_report",
        status=status,
    )
    drug = shared.get("drug") or Intervention.objects.create(
        slug=f"drug-{w.lower()}", name=f"drug {w}", status=status
    )
    report = shared.get("report") or Report.objects.create(
        slug=f"report-{w.lower()}",
        citation=citation,
        kind="series_individual",
        patient_count=3,
        summary=f"Summary {w}.",
        source_document=source,
        quote=quote_in(text, "Two of three patients"),
        status=status,
    )
    count = ReportCount.objects.create(
        report=report,
        position=ReportCount.objects.filter(report=report).count() + 1,
        label=f"Count {w}",
        count=2,
        denominator=3,
        quote=quote_in(text, "Two of three patients"),
    )
    patient = Patient.objects.create(
        report=report,
        label=f"Patient {w}",
        age=40,
        sex="female",
        presentation=f"Presentation {w}.",
        outcome="resolved",
        outcome_quote=quote_in(text, "she recovered"),
        quote=quote_in(text, "a 40-year-old woman"),
        status=status,
    )
    link = PatientComplication.objects.create(
        patient=patient,
        complication=complication,
        onset_latency=3,
        onset_unit="days",
        onset_anchor="course_start",
        onset_detail=f"Onset {w}",
        quote=quote_in(text, "on day 3 of the first course"),
    )
    prior = PriorTherapy.objects.create(
        patient=patient, intervention=drug, detail=f"Prior {w}", quote=quote_in(text, "before")
    )
    treatment = Treatment.objects.create(
        patient=patient,
        intervention=drug,
        complication=complication,
        detail=f"Treatment {w}",
        quote=quote_in(text, "treated with drug"),
    )
    event = TimelineEvent.objects.create(
        patient=patient, when="Day 3", description=f"Event {w}", quote=quote_in(text, "day 3")
    )
    return World(
        source,
        citation,
        author,
        mention,
        complication,
        statement,
        drug,
        report,
        count,
        patient,
        link,
        prior,
        treatment,
        event,
    )


def quote_in(text, passage):
    assert passage in text, passage
    return passage
