"""Everything that quotes a source document, as Quotations for the highlighted text."""

from cases.models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    TimelineEvent,
    Treatment,
)
from complications.models import CitationMention, Statement

from .highlight import Quotation, highlight


def statement_label(statement):
    complication = statement.complication
    return f"{complication.abbreviation or complication.name}: {statement.get_section_display()}"


def quotations_of(source):
    statements = (
        Statement.objects.published().filter(source_document=source).select_related("complication")
    )
    quotations = [
        Quotation(s.quote, s.get_absolute_url(), statement_label(s), f"quote-{s.pk}")
        for s in statements
    ]
    patients = Patient.objects.published().filter(report__source_document=source)
    for patient in patients:
        for field in ("quote", "outcome_quote", "retreatment_quote"):
            if getattr(patient, field):
                quotations.append(
                    Quotation(
                        getattr(patient, field),
                        patient.get_absolute_url(),
                        patient.label,
                        f"patient-{patient.pk}-{field}",
                    )
                )
    for model in (PatientComplication, PriorTherapy, Treatment, TimelineEvent):
        rows = model.objects.filter(patient__in=patients).select_related("patient")
        quotations += [
            Quotation(
                r.quote,
                r.patient.get_absolute_url(),
                r.patient.label,
                f"{model._meta.model_name}-{r.pk}",
            )
            for r in rows
        ]
    for report in (
        Report.objects.published().filter(source_document=source).prefetch_related("counts")
    ):
        quotations.append(
            Quotation(report.quote, report.get_absolute_url(), "report", f"report-{report.pk}")
        )
        quotations += [
            Quotation(c.quote, report.get_absolute_url(), "count", f"count-{c.pk}")
            for c in report.counts.all()
        ]
    mentions = CitationMention.objects.filter(source_document=source, citation__status="published")
    quotations += [
        Quotation(m.quote, m.citation.get_absolute_url(), "reference", f"mention-{m.pk}")
        for m in mentions.select_related("citation")
    ]
    # One link per place: a patient's quote is often also their complication's quote.
    unique = {}
    for quotation in quotations:
        unique.setdefault((quotation.quote, quotation.url), quotation)
    return list(unique.values())


def highlighted_parts(source):
    """(article HTML, comments HTML) with every quoted passage marked."""
    quotations = quotations_of(source)
    return highlight(source.article_text, quotations), highlight(source.comments_text, quotations)
