"""Small factories for test data built inside each test (never from the seed fixtures)."""

import itertools

from cases.models import (
    Patient,
    PatientComplication,
    PriorTherapy,
    Report,
    ReportCount,
    ReportKind,
    Treatment,
)
from complications.models import (
    Citation,
    Complication,
    CourseStatement,
    Intervention,
    SourceDocument,
    Statement,
)
from curation.models import Status

_numbers = itertools.count(1)

SOURCE_TEXT = (
    "A 34-year-old woman developed the complication 3 days after the first infusion. "
    "She was treated with rituximab and recovered. About the author\n"
    "Reader: I think it happens in 90% of people."
)


def make_source(**fields):
    n = next(_numbers)
    text = fields.pop("text", SOURCE_TEXT)
    defaults = {
        "slug": f"source-{n}",
        "title": f"Source {n}",
        "kind": "blog_post",
        "text": text,
        "comments_start": text.find("About the author") if "About the author" in text else None,
        "status": Status.PUBLISHED,
    }
    return SourceDocument.objects.create(**{**defaults, **fields})


def make_complication(**fields):
    n = next(_numbers)
    defaults = {
        "slug": f"complication-{n}",
        "name": f"Complication {n}",
        "category": "autoimmune",
        "status": Status.PUBLISHED,
    }
    return Complication.objects.create(**{**defaults, **fields})


def make_citation(**fields):
    n = next(_numbers)
    defaults = {
        "slug": f"author-{n}",
        "kind": "case_report",
        "title": f"A case {n}",
        "year": 2000,
        "status": Status.PUBLISHED,
    }
    return Citation.objects.create(**{**defaults, **fields})


def make_statement(complication=None, source=None, **fields):
    n = next(_numbers)
    complication = complication or make_complication()
    source = source or make_source()
    defaults = {
        "complication": complication,
        "key": f"statement-{n}",
        "section": "summary",
        "text": "The complication happens.",
        "quote": "developed the complication",
        "source_document": source,
        "evidence_kind": "case_report",
        "status": Status.PUBLISHED,
    }
    if fields.get("onset_unit"):
        # A window is always counted from something; most test windows are "days 1–4".
        defaults["onset_anchor"] = "course_start"
    return Statement.objects.create(**{**defaults, **fields})


def make_intervention(name=None, **fields):
    n = next(_numbers)
    name = name or f"drug {n}"
    fields.setdefault("status", Status.PUBLISHED)
    return Intervention.objects.create(slug=name.replace(" ", "-"), name=name, **fields)


def make_report(citation=None, source=None, **fields):
    n = next(_numbers)
    defaults = {
        "slug": f"report-{n}",
        "citation": citation or make_citation(),
        "kind": ReportKind.SINGLE_CASE,
        "patient_count": 1,
        "summary": "One patient.",
        "source_document": source or make_source(),
        "quote": "A 34-year-old woman",
        "status": Status.PUBLISHED,
    }
    return Report.objects.create(**{**defaults, **fields})


def make_patient(report=None, complication=None, prior=(), treatments=(), **fields):
    """A patient with one complication, optional prior therapies and treatments."""
    report = report or make_report()
    n = next(_numbers)
    defaults = {
        "report": report,
        "label": f"Patient {n}",
        "position": n,
        "age": 34,
        "sex": "female",
        "disease": "rrms",
        "quote": "A 34-year-old woman",
        "status": Status.PUBLISHED,
    }
    patient = Patient.objects.create(**{**defaults, **fields})
    PatientComplication.objects.create(
        patient=patient,
        complication=complication or make_complication(),
        course_number=1,
        onset_latency=3,
        onset_unit="days",
        onset_anchor="infusion",
        quote="3 days after the first infusion",
    )
    for position, drug in enumerate(prior, start=1):
        PriorTherapy.objects.create(
            patient=patient, intervention=drug, position=position, quote="A 34-year-old woman"
        )
    for position, given in enumerate(treatments, start=1):
        # A drug, or (drug, role) for anything but a treatment of the complication.
        drug, role = given if isinstance(given, tuple) else (given, "treatment")
        Treatment.objects.create(
            patient=patient,
            intervention=drug,
            role=role,
            position=position,
            quote="treated with rituximab",
        )
    return patient


def make_course_statement(source=None, **fields):
    n = next(_numbers)
    defaults = {
        "key": f"course-statement-{n}",
        "position": n,
        "text": "Courses are given once a year.",
        "quote": "after the first infusion",
        "source_document": source or make_source(),
        "evidence_kind": "expert_opinion",
        "status": Status.PUBLISHED,
    }
    return CourseStatement.objects.create(**{**defaults, **fields})


def make_count(report, label="had the complication", count=2, denominator=3, position=1):
    return ReportCount.objects.create(
        report=report,
        position=position,
        label=label,
        count=count,
        denominator=denominator,
        quote="A 34-year-old woman",
    )
